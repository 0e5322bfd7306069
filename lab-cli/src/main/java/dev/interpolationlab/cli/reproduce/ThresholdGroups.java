package dev.interpolationlab.cli.reproduce;

import dev.interpolationlab.api.RunView;
import dev.interpolationlab.core.science.Median;
import dev.interpolationlab.proto.v1.AnalysisResult;
import dev.interpolationlab.proto.v1.GridValue;
import dev.interpolationlab.proto.v1.Threshold;
import dev.interpolationlab.proto.v1.ThresholdGroup;
import dev.interpolationlab.proto.v1.ThresholdRow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Lookups in an analysis' threshold groups, for the threshold experiments' checks. */
final class ThresholdGroups {

    private ThresholdGroups() {
    }

    /** The first group whose grid value at {@code path} is {@code value} (relative 1e-9), or null. */
    static ThresholdGroup group(AnalysisResult analysis, String path, double value) {
        return groups(analysis, path, value).stream().findFirst().orElse(null);
    }

    /** Every group whose grid value at {@code path} is {@code value}, one per replicate, in replicate order. */
    static List<ThresholdGroup> groups(AnalysisResult analysis, String path, double value) {
        List<ThresholdGroup> groups = new ArrayList<>();
        for (ThresholdGroup group : analysis.getThresholdList()) {
            if (Math.abs(value(group, path) / value - 1) < 1e-9) {
                groups.add(group);
            }
        }
        return groups;
    }

    /** The group's grid value at {@code path}, or NaN. */
    static double value(ThresholdGroup group, String path) {
        return number(group.getFixedList(), path);
    }

    /** The numeric value at {@code path} among grid values (each a JSON scalar literal), or NaN. */
    static double number(List<GridValue> values, String path) {
        for (GridValue value : values) {
            if (value.getPath().equals(path)) {
                try {
                    return Double.parseDouble(value.getValue());
                } catch (NumberFormatException notANumber) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }

    /** " (replicate r)" for a group of a replicated sweep, else "". */
    static String replicate(ThresholdGroup group) {
        double r = value(group, "replicate");
        return Double.isNaN(r) ? "" : " (replicate " + (int) r + ")";
    }

    /** "in (40, 80]", "≤ 20" or "not reached". */
    static String bracket(Threshold threshold) {
        if (!threshold.hasAt()) {
            return "not reached";
        }
        return threshold.hasBelow() ? "in (" + threshold.getBelow() + ", " + threshold.getAt() + "]" : "≤ " + threshold.getAt();
    }

    /** The group's row at n = {@code samples}; an empty row (no runs, no fractions) where the grid has none. */
    static ThresholdRow row(ThresholdGroup group, int samples) {
        for (ThresholdRow row : group.getRowsList()) {
            if (row.getSamples() == samples) {
                return row;
            }
        }
        return ThresholdRow.getDefaultInstance();
    }

    static int largestSamples(ThresholdGroup group) {
        int largest = 0;
        for (ThresholdRow row : group.getRowsList()) {
            largest = Math.max(largest, row.getSamples());
        }
        return largest;
    }

    /**
     * The median of a run field over every completed run at {@code samples} in the group's setting, certified or not:
     * for claims about runs still moving at the horizon (a large initialisation still fitting), which the certified
     * fractions leave out. NaN where there is none.
     */
    static double medianOverCompletedRuns(List<RunView> runs, ThresholdGroup group, int samples, Function<RunView, Double> field) {
        List<Double> values = new ArrayList<>();
        for (RunView run : runs) {
            boolean inGroup = run.completed() && run.gridNumber("data.samples") == samples;
            for (GridValue fixed : group.getFixedList()) {
                inGroup &= Math.abs(run.gridNumber(fixed.getPath()) - value(group, fixed.getPath())) < 1e-12;
            }
            if (inGroup && field.apply(run) != null) {
                values.add(field.apply(run));
            }
        }
        return values.isEmpty() ? Double.NaN : Median.of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The fraction of certified runs that do not interpolate; NaN where no run is certified. */
    static double fraction(ThresholdRow row) {
        return row.hasFractionNonInterpolating() ? row.getFractionNonInterpolating() : Double.NaN;
    }

    /** The rows with at least one certified run (the others have no fraction to draw). */
    static List<ThresholdRow> certifiedRows(ThresholdGroup group) {
        return group.getRowsList().stream().filter(ThresholdRow::hasFractionNonInterpolating).toList();
    }
}
