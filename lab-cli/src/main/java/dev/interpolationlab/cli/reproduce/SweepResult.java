package dev.interpolationlab.cli.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interpolationlab.cli.GatewayClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A finished sweep of a reference experiment as the lab's REST API reports it: the sweep, its runs with their summaries,
 * its analysis, and each run's recorded steps on demand.
 *
 * @param specFile    the experiment file it was submitted from, relative to the repository
 * @param wallSeconds from submission to the last run's end; NaN for a sweep reused from an earlier reproduction
 */
record SweepResult(String specFile, String id, JsonNode sweep, JsonNode runs, JsonNode analysis, double wallSeconds,
        GatewayClient gateway, Map<String, JsonNode> metricsCache) {

    static SweepResult fetch(GatewayClient gateway, String specFile, String id, double wallSeconds) {
        String path = "/api/sweeps/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        return new SweepResult(specFile, id, gateway.get(path), gateway.get(path + "/runs"), gateway.get(path + "/analysis"),
                wallSeconds, gateway, new HashMap<>());
    }

    List<JsonNode> completedRuns() {
        return runs(run -> true);
    }

    /** The completed runs that {@code filter} keeps, in run order. */
    List<JsonNode> runs(Predicate<JsonNode> filter) {
        List<JsonNode> kept = new ArrayList<>();
        runs.forEach(run -> {
            if (run.path("status").asText().equals("completed") && filter.test(run)) {
                kept.add(run);
            }
        });
        return kept;
    }

    /** The recorded steps of a run, oldest first. */
    JsonNode metrics(String runId) {
        return metricsCache.computeIfAbsent(runId,
                run -> gateway.get("/api/runs/" + URLEncoder.encode(run, StandardCharsets.UTF_8) + "/metrics"));
    }

    /** The summed training time of the runs: what the sweep costs, whatever else shared the machine. */
    double trainingSeconds() {
        double total = 0;
        for (JsonNode run : runs) {
            total += run.path("wallMs").asDouble(0) / 1000;
        }
        return total;
    }

    static double grid(JsonNode run, String path) {
        return run.path("grid").path(path).asDouble(Double.NaN);
    }

    static String gridText(JsonNode run, String path) {
        return run.path("grid").path(path).asText();
    }

    /** One field of every recorded step (or of any array of objects), NaN where it is missing. */
    static double[] column(JsonNode rows, String field) {
        double[] values = new double[rows.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = rows.get(i).path(field);
            values[i] = value.isNumber() ? value.asDouble() : Double.NaN;
        }
        return values;
    }
}
