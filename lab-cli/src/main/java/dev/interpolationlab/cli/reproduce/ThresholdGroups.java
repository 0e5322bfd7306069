package dev.interpolationlab.cli.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Lookups in an analysis' threshold groups, for the threshold experiments' checks. */
final class ThresholdGroups {

    private ThresholdGroups() {
    }

    /** The first group whose grid value at {@code path} is {@code value} (relative 1e-9), or null. */
    static JsonNode group(JsonNode analysis, String path, double value) {
        return groups(analysis, path, value).stream().findFirst().orElse(null);
    }

    /** Every group whose grid value at {@code path} is {@code value}, one per replicate, in replicate order. */
    static java.util.List<JsonNode> groups(JsonNode analysis, String path, double value) {
        java.util.List<JsonNode> groups = new java.util.ArrayList<>();
        for (JsonNode group : analysis.path("threshold")) {
            if (Math.abs(value(group, path) / value - 1) < 1e-9) {
                groups.add(group);
            }
        }
        return groups;
    }

    /** The group's grid value at {@code path}, or NaN. */
    static double value(JsonNode group, String path) {
        for (JsonNode fixed : group.path("fixed")) {
            if (fixed.path("path").asText().equals(path)) {
                return fixed.path("value").asDouble();
            }
        }
        return Double.NaN;
    }

    /** " (replicate r)" for a group of a replicated sweep, else "". */
    static String replicate(JsonNode group) {
        double r = value(group, "replicate");
        return Double.isNaN(r) ? "" : " (replicate " + (int) r + ")";
    }

    /** "in (40, 80]", "≤ 20" or "not reached". */
    static String bracket(JsonNode threshold) {
        if (!threshold.has("at")) {
            return "not reached";
        }
        return threshold.has("below") ? "in (" + threshold.get("below").asInt() + ", " + threshold.get("at").asInt() + "]"
                : "≤ " + threshold.get("at").asInt();
    }

    static JsonNode row(JsonNode group, int samples) {
        for (JsonNode row : group.path("rows")) {
            if (row.path("samples").asInt() == samples) {
                return row;
            }
        }
        return MissingNode.getInstance();
    }

    static int largestSamples(JsonNode group) {
        int largest = 0;
        for (JsonNode row : group.path("rows")) {
            largest = Math.max(largest, row.path("samples").asInt());
        }
        return largest;
    }

    /**
     * The median of a run field over every completed run at {@code samples} in the group's setting, certified or not:
     * for claims about runs still moving at the horizon (a large initialisation still fitting), which the certified
     * fractions leave out. NaN where there is none.
     */
    static double medianOverCompletedRuns(JsonNode runs, JsonNode group, int samples, String field) {
        java.util.List<Double> values = new java.util.ArrayList<>();
        for (JsonNode run : runs) {
            boolean inGroup = run.path("status").asText().equals("completed") && run.path("grid").path("data.samples").asInt() == samples;
            for (JsonNode fixed : group.path("fixed")) {
                inGroup &= Math.abs(run.path("grid").path(fixed.path("path").asText()).asDouble(Double.NaN) - fixed.path("value").asDouble()) < 1e-12;
            }
            if (inGroup && run.path(field).isNumber()) {
                values.add(run.path(field).asDouble());
            }
        }
        return values.isEmpty() ? Double.NaN : dev.interpolationlab.core.science.Median.of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The fraction of certified runs that do not interpolate; NaN where no run is certified. */
    static double fraction(JsonNode row) {
        return row.path("fractionNonInterpolating").asDouble(Double.NaN);
    }

    /** The rows with at least one certified run (the others have no fraction to draw). */
    static JsonNode certifiedRows(JsonNode group) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        group.path("rows").forEach(row -> {
            if (row.has("fractionNonInterpolating")) {
                rows.add(row);
            }
        });
        return rows;
    }
}
