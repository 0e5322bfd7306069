package dev.interpolationlab.analysis.stats;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interpolationlab.core.science.Interpolation;
import dev.interpolationlab.core.science.Median;
import dev.interpolationlab.proto.v1.GridValue;
import dev.interpolationlab.proto.v1.ThresholdGroup;
import dev.interpolationlab.proto.v1.ThresholdRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The optimisation-threshold analysis (science.md §2.2): runs grouped by every grid value other than the sample size
 * n (e.g. one group per initialisation scale); per n the fraction of completed runs that do not interpolate (train/OLS
 * ratio above {@link Interpolation#CUTOFF}) with its Wilson interval, the median ratios and alignment, and the runs by
 * end state ({@link RunState}); per group n* — the first n where the fraction reaches ½, and the logistic estimate
 * with its bootstrap interval — the Spearman trend, the seed count and the setting the threshold depends on.
 */
public final class ThresholdTable {

    public static final String SAMPLES_PATH = "data.samples";
    /** What a threshold is always reported with (science.md §2.2): λ, m, lr, the horizon and the stopping rule. */
    static final List<String> SETTING_PATHS = List.of("model.init.scale", "model.width", "optimizer.lr", "optimizer.steps",
            "optimizer.stop");

    private ThresholdTable() {
    }

    /** @param spec the sweep's spec as submitted (for the setting), or null */
    public static List<ThresholdGroup> compute(List<RunOutcome> runs, JsonNode spec) {
        Map<List<GridValue>, List<RunOutcome>> groups = new LinkedHashMap<>();
        for (RunOutcome run : runs) {
            List<GridValue> fixed = run.gridPoint().stream().filter(v -> !v.getPath().equals(SAMPLES_PATH)).toList();
            groups.computeIfAbsent(fixed, key -> new ArrayList<>()).add(run);
        }
        List<ThresholdGroup> table = new ArrayList<>();
        groups.forEach((fixed, members) -> table.add(group(fixed, members, spec)));
        return table;
    }

    private static ThresholdGroup group(List<GridValue> fixed, List<RunOutcome> members, JsonNode spec) {
        Map<Integer, List<RunOutcome>> bySamples = new TreeMap<>();
        for (RunOutcome run : members) {
            bySamples.computeIfAbsent(run.samples(), key -> new ArrayList<>()).add(run);
        }
        ThresholdGroup.Builder group = ThresholdGroup.newBuilder().addAllFixed(fixed).addAllSetting(setting(fixed, spec));
        List<Double> levels = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        bySamples.forEach((samples, runs) -> {
            ThresholdRow row = row(samples, runs);
            group.addRows(row);
            group.setSeeds(Math.max(group.getSeeds(), row.getCompleted()));
            if (row.hasFractionNonInterpolating()) {
                levels.add((double) samples);
                fractions.add(row.getFractionNonInterpolating());
                if (!group.hasNStar() && row.getFractionNonInterpolating() >= 0.5) {
                    group.setNStar(samples);
                }
            }
        });
        double rho = Spearman.rho(unbox(levels), unbox(fractions));
        if (!Double.isNaN(rho)) {
            group.setSpearman(rho);
        }
        List<RunOutcome> completed = members.stream().filter(RunOutcome::completed).toList();
        LogisticThreshold.Estimate estimate = LogisticThreshold.estimate(
                completed.stream().mapToInt(RunOutcome::samples).toArray(), nonInterpolating(completed));
        if (estimate != null) {
            group.setNStarLogistic(estimate.nStar());
            if (!Double.isNaN(estimate.low())) {
                group.setNStarLow(estimate.low()).setNStarHigh(estimate.high());
            }
        }
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
        for (RunOutcome run : completed) {
            switch (RunState.of(run)) {
                case INTERPOLATING -> row.setInterpolatingRuns(row.getInterpolatingRuns() + 1);
                case OLS_LIKE -> row.setOlsLikeRuns(row.getOlsLikeRuns() + 1);
                case SPURIOUS_STATIONARY -> row.setSpuriousStationaryRuns(row.getSpuriousStationaryRuns() + 1);
                case STILL_MOVING -> row.setStillMovingRuns(row.getStillMovingRuns() + 1);
            }
        }
        if (!completed.isEmpty()) {
            double[] interval = Wilson.interval(nonInterpolating, completed.size());
            row.setFractionNonInterpolating((double) nonInterpolating / completed.size())
                    .setWilsonLow(interval[0])
                    .setWilsonHigh(interval[1]);
            double[] trainRatios = present(completed.stream().map(RunOutcome::trainRatio).toList());
            double[] testRatios = present(completed.stream().map(RunOutcome::testRatio).toList());
            double[] alignments = present(completed.stream().map(RunOutcome::alignment).toList());
            if (trainRatios.length > 0) {
                row.setMedianTrainRatio(Median.of(trainRatios)).setMedianTestRatio(Median.of(testRatios));
            }
            if (alignments.length > 0) {
                row.setMedianAlignment(Median.of(alignments));
            }
        }
        return row.build();
    }

    /** Each setting path's value: the group's grid value where it has one, else the spec's, else left out. */
    private static List<GridValue> setting(List<GridValue> fixed, JsonNode spec) {
        List<GridValue> setting = new ArrayList<>();
        for (String path : SETTING_PATHS) {
            String value = fixed.stream().filter(v -> v.getPath().equals(path)).map(GridValue::getValue).findFirst()
                    .orElseGet(() -> {
                        JsonNode node = spec == null ? null : spec.at("/" + path.replace('.', '/'));
                        return node == null || node.isMissingNode() || node.isNull() ? null : node.toString();
                    });
            if (value != null) {
                setting.add(GridValue.newBuilder().setPath(path).setValue(value).build());
            }
        }
        return setting;
    }

    private static boolean[] nonInterpolating(List<RunOutcome> completed) {
        boolean[] outcome = new boolean[completed.size()];
        for (int i = 0; i < outcome.length; i++) {
            outcome[i] = !completed.get(i).interpolating();
        }
        return outcome;
    }

    private static double[] present(List<Double> values) {
        return values.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] unbox(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

}
