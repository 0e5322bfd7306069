package dev.interpolationlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Plain-text tables for the terminal. */
public final class Render {

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

    /**
     * The threshold table of each group: runs per n by certified end state, the fraction of certified runs that do
     * not interpolate, the median ratios and alignment, then n*_interp and n*_OLS as brackets with the logistic
     * estimate, its 95% profile-likelihood interval and the trend test.
     */
    public static String threshold(JsonNode analysis) {
        StringBuilder text = new StringBuilder();
        for (JsonNode group : analysis.path("threshold")) {
            StringBuilder fixed = new StringBuilder();
            group.path("fixed").forEach(v -> fixed.append(fixed.length() == 0 ? "" : ", ").append(v.get("path").asText())
                    .append(" = ").append(v.get("value").asText()));
            text.append("Optimisation threshold").append(fixed.length() == 0 ? "" : " (" + fixed + ")").append('\n');
            text.append(String.format(Locale.ROOT, "  %6s %5s %6s %8s %8s %10s %17s %13s %13s %9s%n",
                    "n", "runs", "interp", "ols-like", "spurious", "unresolved", "non-interpolating", "median tr/OLS",
                    "median te/OLS", "|cos|"));
            for (JsonNode row : group.path("rows")) {
                text.append(String.format(Locale.ROOT, "  %6d %5d %6d %8d %8d %10d %17s %13s %13s %9s%n",
                        row.get("samples").asInt(), row.get("runs").asInt(), row.path("interpolatingRuns").asInt(),
                        row.path("olsLikeRuns").asInt(), row.path("spuriousRuns").asInt(), row.path("unresolvedRuns").asInt(),
                        row.has("fractionNonInterpolating")
                                ? row.path("nonInterpolating").asInt() + "/" + row.get("certified").asInt()
                                + String.format(Locale.ROOT, " (%.2f)", row.get("fractionNonInterpolating").asDouble())
                                : "-",
                        number(row, "medianTrainRatio"), number(row, "medianTestRatio"), number(row, "medianAlignment")));
            }
            text.append("  n*_interp ").append(threshold(group.path("interpolation"), "non-interpolating")).append('\n');
            text.append("  n*_OLS    ").append(threshold(group.path("ols"), "OLS-like")).append('\n');
            if (group.path("unresolved").asInt() > 0) {
                text.append("  ").append(group.get("unresolved").asInt())
                        .append(" unresolved run(s) (still moving at the horizon) are left out of every fraction\n");
            }
        }
        return text.toString();
    }

    /** "in (40, 80]; logistic 57 [95% profile 31, 120]; trend p = 0.0012" */
    static String threshold(JsonNode threshold, String outcome) {
        StringBuilder text = new StringBuilder();
        if (!threshold.has("at")) {
            text.append("not reached (no n from which most certified runs are ").append(outcome).append(')');
        } else if (!threshold.has("below")) {
            text.append("≤ ").append(threshold.get("at").asInt()).append(" (from the first n on)");
        } else {
            text.append("in (").append(threshold.get("below").asInt()).append(", ").append(threshold.get("at").asInt()).append(']');
        }
        if (threshold.has("logistic")) {
            text.append(String.format(Locale.ROOT, "; logistic %.3g [95%% profile %s, %s]", threshold.get("logistic").asDouble(),
                    threshold.has("low") ? String.format(Locale.ROOT, "%.3g", threshold.get("low").asDouble()) : "open",
                    threshold.has("high") ? String.format(Locale.ROOT, "%.3g", threshold.get("high").asDouble()) : "open"));
        }
        if (threshold.has("trendP")) {
            text.append(String.format(Locale.ROOT, "; trend p = %.2g", threshold.get("trendP").asDouble()));
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
