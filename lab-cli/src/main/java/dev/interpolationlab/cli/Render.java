package dev.interpolationlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Plain-text tables for the terminal. */
final class Render {

    private Render() {
    }

    /** A progress bar with the run counts. */
    static String counts(JsonNode sweep) {
        JsonNode runs = sweep.get("runs");
        int total = runs.get("total").asInt();
        int done = done(runs);
        int width = 30;
        int filled = total == 0 ? 0 : done * width / total;
        return String.format(Locale.ROOT, "[%s%s] %d/%d runs  %d running  %d failed",
                "#".repeat(filled), ".".repeat(width - filled), done, total, runs.get("running").asInt(), runs.get("failed").asInt());
    }

    /** {@link #counts} with the rate and the estimated time left, for a sweep followed since {@code elapsedSeconds}. */
    static String progress(JsonNode sweep, double elapsedSeconds) {
        JsonNode runs = sweep.get("runs");
        int done = done(runs);
        double rate = done / Math.max(elapsedSeconds, 1e-9);
        String eta = done == 0 ? "?" : String.format(Locale.ROOT, "%.0fs", (runs.get("total").asInt() - done) / rate);
        return counts(sweep) + String.format(Locale.ROOT, "  %.2f runs/s  ETA %s", rate, eta);
    }

    private static int done(JsonNode runs) {
        return runs.get("completed").asInt() + runs.get("failed").asInt() + runs.get("cancelled").asInt();
    }

    static String threshold(JsonNode analysis) {
        StringBuilder text = new StringBuilder();
        for (JsonNode group : analysis.path("threshold")) {
            StringBuilder fixed = new StringBuilder();
            group.path("fixed").forEach(v -> fixed.append(fixed.length() == 0 ? "" : ", ").append(v.get("path").asText())
                    .append(" = ").append(v.get("value").asText()));
            text.append("Optimisation threshold").append(fixed.length() == 0 ? "" : " (" + fixed + ")").append('\n');
            text.append(String.format(Locale.ROOT, "  %8s %6s %10s %18s %14s %14s%n",
                    "n", "runs", "completed", "non-interpolating", "median tr/OLS", "median te/OLS"));
            for (JsonNode row : group.path("rows")) {
                text.append(String.format(Locale.ROOT, "  %8d %6d %10d %18s %14s %14s%n",
                        row.get("samples").asInt(), row.get("runs").asInt(), row.get("completed").asInt(),
                        row.has("fractionNonInterpolating")
                                ? row.get("nonInterpolating").asInt() + "/" + row.get("completed").asInt()
                                + String.format(Locale.ROOT, " (%.2f)", row.get("fractionNonInterpolating").asDouble())
                                : "-",
                        number(row, "medianTrainRatio"), number(row, "medianTestRatio")));
            }
            text.append("  n* = ").append(group.has("nStar") ? group.get("nStar").asText()
                    : "not reached (no n with half the runs non-interpolating)").append('\n');
        }
        return text.toString();
    }

    static String sweeps(JsonNode list) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-16s %-24s %-10s %s%n", "ID", "NAME", "STATUS", "RUNS DONE/TOTAL"));
        for (JsonNode sweep : list) {
            JsonNode runs = sweep.get("runs");
            text.append(String.format(Locale.ROOT, "%-16s %-24s %-10s %d/%d%n", sweep.get("id").asText(), sweep.get("name").asText(),
                    sweep.get("status").asText(), runs.get("completed").asInt() + runs.get("failed").asInt(), runs.get("total").asInt()));
        }
        return text.toString();
    }

    private static String number(JsonNode row, String field) {
        return row.has(field) ? String.format(Locale.ROOT, "%.3g", row.get(field).asDouble()) : "-";
    }
}
