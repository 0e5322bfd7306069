package dev.interpolationlab.analysis.stats;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interpolationlab.core.science.Median;
import dev.interpolationlab.core.sweep.GridExpander;
import dev.interpolationlab.proto.v1.GridValue;
import dev.interpolationlab.proto.v1.ReplicateSpread;
import dev.interpolationlab.proto.v1.Threshold;
import dev.interpolationlab.proto.v1.ThresholdGroup;
import dev.interpolationlab.proto.v1.ThresholdRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The optimisation-threshold analysis (Boursier &amp; Flammarion 2024; science.md §2.2): runs grouped by every grid value
 * other than the sample size n (e.g. one group per initialisation scale); per n the completed runs by certified end
 * state ({@link EndState}), the fractions of certified runs that do not interpolate and that end OLS-like, each with
 * its Wilson interval, and the median ratios and alignment; per group the two thresholds n*_interp and n*_OLS, each
 * as a bracket of grid points, a logistic estimate with its profile-likelihood interval, and a Cochran–Armitage trend
 * test, beside the seed count and the setting the threshold depends on. Unresolved runs are counted and shown, never
 * put in a fraction.
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

    /**
     * Per setting run in several replicates (threshold groups that differ only in the grid coordinate "replicate"):
     * each replicate's n*_interp and n*_OLS bracket end, and their range.
     */
    public static List<ReplicateSpread> spread(List<ThresholdGroup> groups) {
        Map<List<GridValue>, List<ThresholdGroup>> bySetting = new LinkedHashMap<>();
        for (ThresholdGroup group : groups) {
            if (group.getFixedList().stream().anyMatch(v -> v.getPath().equals(GridExpander.REPLICATE))) {
                List<GridValue> setting = group.getFixedList().stream().filter(v -> !v.getPath().equals(GridExpander.REPLICATE)).toList();
                bySetting.computeIfAbsent(setting, key -> new ArrayList<>()).add(group);
            }
        }
        List<ReplicateSpread> spreads = new ArrayList<>();
        bySetting.forEach((setting, replicates) -> {
            ReplicateSpread.Builder spread = ReplicateSpread.newBuilder().addAllFixed(setting).setReplicates(replicates.size());
            for (ThresholdGroup replicate : replicates) {
                spread.addInterpolationAt(replicate.getInterpolation().getAt()).addOlsAt(replicate.getOls().getAt());
            }
            int[] interpolation = spread.getInterpolationAtList().stream().mapToInt(Integer::intValue).filter(n -> n > 0).toArray();
            int[] ols = spread.getOlsAtList().stream().mapToInt(Integer::intValue).filter(n -> n > 0).toArray();
            spread.setInterpolationReached(interpolation.length).setOlsReached(ols.length);
            if (interpolation.length > 0) {
                spread.setInterpolationMin(Arrays.stream(interpolation).min().getAsInt()).setInterpolationMax(Arrays.stream(interpolation).max().getAsInt());
            }
            if (ols.length > 0) {
                spread.setOlsMin(Arrays.stream(ols).min().getAsInt()).setOlsMax(Arrays.stream(ols).max().getAsInt());
            }
            spreads.add(spread.build());
        });
        return spreads;
    }

    /** A completed run with its certified state. */
    private record Classified(RunOutcome run, EndState state) {
    }

    private static ThresholdGroup group(List<GridValue> fixed, List<RunOutcome> members, JsonNode spec) {
        Map<Integer, List<RunOutcome>> bySamples = new TreeMap<>();
        for (RunOutcome run : members) {
            bySamples.computeIfAbsent(run.samples(), key -> new ArrayList<>()).add(run);
        }
        ThresholdGroup.Builder group = ThresholdGroup.newBuilder().addAllFixed(fixed).addAllSetting(setting(fixed, spec));
        List<Classified> certified = new ArrayList<>();
        bySamples.forEach((samples, runs) -> {
            List<Classified> classified = runs.stream().filter(RunOutcome::completed).map(r -> new Classified(r, EndState.of(r))).toList();
            ThresholdRow row = row(samples, runs, classified);
            group.addRows(row);
            group.setSeeds(Math.max(group.getSeeds(), row.getCompleted()));
            group.setUnresolved(group.getUnresolved() + row.getUnresolvedRuns());
            classified.stream().filter(c -> c.state() != EndState.UNRESOLVED).forEach(certified::add);
        });
        group.setInterpolation(threshold("non-interpolating", group.getRowsList(), certified, c -> c.state() != EndState.INTERPOLATING));
        group.setOls(threshold("ols-like", group.getRowsList(), certified, c -> c.state() == EndState.OLS_LIKE));
        return group.build();
    }

    private static ThresholdRow row(int samples, List<RunOutcome> runs, List<Classified> completed) {
        ThresholdRow.Builder row = ThresholdRow.newBuilder()
                .setSamples(samples)
                .setRuns(runs.size())
                .setCompleted(completed.size())
                .setFailed((int) runs.stream().filter(r -> "failed".equals(r.status())).count());
        for (Classified run : completed) {
            switch (run.state()) {
                case INTERPOLATING -> row.setInterpolatingRuns(row.getInterpolatingRuns() + 1);
                case OLS_LIKE -> row.setOlsLikeRuns(row.getOlsLikeRuns() + 1);
                case SPURIOUS -> row.setSpuriousRuns(row.getSpuriousRuns() + 1);
                case UNRESOLVED -> row.setUnresolvedRuns(row.getUnresolvedRuns() + 1);
            }
        }
        int certified = row.getInterpolatingRuns() + row.getOlsLikeRuns() + row.getSpuriousRuns();
        int nonInterpolating = row.getOlsLikeRuns() + row.getSpuriousRuns();
        row.setCertified(certified).setNonInterpolating(nonInterpolating);
        if (certified > 0) {
            double[] interval = Wilson.interval(nonInterpolating, certified);
            row.setFractionNonInterpolating((double) nonInterpolating / certified).setWilsonLow(interval[0]).setWilsonHigh(interval[1]);
            double[] olsInterval = Wilson.interval(row.getOlsLikeRuns(), certified);
            row.setFractionOlsLike((double) row.getOlsLikeRuns() / certified).setOlsLikeLow(olsInterval[0]).setOlsLikeHigh(olsInterval[1]);
            List<RunOutcome> runsCertified = completed.stream().filter(c -> c.state() != EndState.UNRESOLVED).map(Classified::run).toList();
            double[] trainRatios = present(runsCertified.stream().map(RunOutcome::trainRatio).toList());
            double[] testRatios = present(runsCertified.stream().map(RunOutcome::testRatio).toList());
            double[] alignments = present(runsCertified.stream()
                    .map(r -> r.endPoint() == null ? null : r.endPoint().olsAlignment()).toList());
            if (trainRatios.length > 0) {
                row.setMedianTrainRatio(Median.of(trainRatios)).setMedianTestRatio(Median.of(testRatios));
            }
            if (alignments.length > 0) {
                row.setMedianAlignment(Median.of(alignments));
            }
        }
        return row.build();
    }

    /**
     * One threshold along n: the bracket (the first grid n from which a strict majority of the certified runs has the
     * outcome at every larger n), the penalised logistic estimate with its profile interval, and the trend test.
     */
    private static Threshold threshold(String outcome, List<ThresholdRow> rows, List<Classified> certified,
            java.util.function.Predicate<Classified> has) {
        Threshold.Builder threshold = Threshold.newBuilder().setOutcome(outcome);
        List<int[]> levels = new ArrayList<>(); // {n, certified, with the outcome}
        for (ThresholdRow row : rows) {
            int n = row.getSamples();
            List<Classified> here = certified.stream().filter(c -> c.run().samples() == n).toList();
            if (!here.isEmpty()) {
                levels.add(new int[] {n, here.size(), (int) here.stream().filter(has).count()});
            }
        }
        int from = levels.size();
        while (from > 0 && 2 * levels.get(from - 1)[2] > levels.get(from - 1)[1]) {
            from--;
        }
        if (from < levels.size()) {
            threshold.setAt(levels.get(from)[0]);
            if (from > 0) {
                threshold.setBelow(levels.get(from - 1)[0]);
            }
        }
        int[] samples = certified.stream().mapToInt(c -> c.run().samples()).toArray();
        boolean[] outcomes = new boolean[certified.size()];
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = has.test(certified.get(i));
        }
        LogisticThreshold.Estimate estimate = LogisticThreshold.estimate(samples, outcomes);
        if (estimate != null) {
            threshold.setLogistic(estimate.nStar());
            if (!Double.isNaN(estimate.low())) {
                threshold.setLow(estimate.low());
            }
            if (!Double.isNaN(estimate.high())) {
                threshold.setHigh(estimate.high());
            }
        }
        CochranArmitage.Trend trend = CochranArmitage.test(levels.stream().mapToDouble(l -> Math.log(l[0])).toArray(),
                levels.stream().mapToInt(l -> l[1]).toArray(), levels.stream().mapToInt(l -> l[2]).toArray());
        if (trend != null) {
            threshold.setTrendZ(trend.z()).setTrendP(trend.p());
        }
        return threshold.build();
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

    private static double[] present(List<Double> values) {
        return values.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
    }
}
