package dev.interpolationlab.analysis.stats;

import dev.interpolationlab.proto.v1.GridValue;
import dev.interpolationlab.proto.v1.ThresholdGroup;
import dev.interpolationlab.proto.v1.ThresholdRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The first optimisation-threshold table (science.md §2.2): runs grouped by every grid value other than the sample
 * size n (e.g. one group per initialisation scale), then per n the fraction of completed runs that do not
 * interpolate (train/OLS-train ratio above {@link Interpolation#CUTOFF}), the median ratios, and n*, the smallest n
 * at which that fraction first reaches one half.
 */
public final class ThresholdTable {

    public static final String SAMPLES_PATH = "data.samples";

    private ThresholdTable() {
    }

    public static List<ThresholdGroup> compute(List<RunOutcome> runs) {
        Map<List<GridValue>, List<RunOutcome>> groups = new LinkedHashMap<>();
        for (RunOutcome run : runs) {
            List<GridValue> fixed = run.gridPoint().stream().filter(v -> !v.getPath().equals(SAMPLES_PATH)).toList();
            groups.computeIfAbsent(fixed, key -> new ArrayList<>()).add(run);
        }
        List<ThresholdGroup> table = new ArrayList<>();
        groups.forEach((fixed, members) -> table.add(group(fixed, members)));
        return table;
    }

    private static ThresholdGroup group(List<GridValue> fixed, List<RunOutcome> members) {
        Map<Integer, List<RunOutcome>> bySamples = new TreeMap<>();
        for (RunOutcome run : members) {
            bySamples.computeIfAbsent(run.samples(), key -> new ArrayList<>()).add(run);
        }
        ThresholdGroup.Builder group = ThresholdGroup.newBuilder().addAllFixed(fixed);
        bySamples.forEach((samples, runs) -> {
            ThresholdRow row = row(samples, runs);
            group.addRows(row);
            if (!group.hasNStar() && row.hasFractionNonInterpolating() && row.getFractionNonInterpolating() >= 0.5) {
                group.setNStar(samples);
            }
        });
        return group.build();
    }

    private static ThresholdRow row(int samples, List<RunOutcome> runs) {
        List<RunOutcome> completed = runs.stream().filter(RunOutcome::completed).toList();
        int nonInterpolating = (int) completed.stream().filter(r -> !r.interpolating()).count();
        ThresholdRow.Builder row = ThresholdRow.newBuilder()
                .setSamples(samples)
                .setRuns(runs.size())
                .setCompleted(completed.size())
                .setFailed((int) runs.stream().filter(r -> "failed".equals(r.status())).count())
                .setNonInterpolating(nonInterpolating);
        if (!completed.isEmpty()) {
            row.setFractionNonInterpolating((double) nonInterpolating / completed.size());
            double[] trainRatios = completed.stream().filter(r -> r.trainRatio() != null).mapToDouble(RunOutcome::trainRatio).toArray();
            double[] testRatios = completed.stream().filter(r -> r.testRatio() != null).mapToDouble(RunOutcome::testRatio).toArray();
            if (trainRatios.length > 0) {
                row.setMedianTrainRatio(median(trainRatios)).setMedianTestRatio(median(testRatios));
            }
        }
        return row.build();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle]);
    }
}
