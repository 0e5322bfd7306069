package dev.interpolationlab.cli.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * RE-6 (science.md §5; Boursier &amp; Flammarion 2024, Sec. 4 analogue): the optimisation threshold. From a small
 * initialisation the fraction of non-interpolating runs rises with n; a large initialisation keeps fitting, with a
 * worse test loss. Read from the analysis' threshold table.
 */
final class Re6Threshold extends Experiment {

    static final double SMALL = 1e-5;
    static final double LARGE = 1.0;

    Re6Threshold() {
        super("RE-6", "The optimisation threshold (Boursier & Flammarion 2024, Sec. 4 analogue)", "re6-threshold.yaml");
    }

    @Override
    void evaluate(List<SweepResult> sweeps, Evaluation evaluation) {
        JsonNode analysis = sweeps.get(0).analysis();
        JsonNode small = group(analysis, SMALL);
        JsonNode large = group(analysis, LARGE);
        if (small == null || large == null) {
            evaluation.check(new Check("threshold groups λ = 1e-5 and λ = 1", "both", "missing", false));
            return;
        }
        evaluation.check(Check.above("Spearman ρ(n, fraction non-interpolating), λ = 1e-5", small.path("spearman").asDouble(Double.NaN), 0.7));
        evaluation.check(Check.atMost("fraction non-interpolating at n = 20, λ = 1e-5", fraction(row(small, 20)), 0.2));
        evaluation.check(Check.atLeast("fraction non-interpolating at n = 640, λ = 1e-5", fraction(row(small, 640)), 0.8));
        evaluation.check(Check.atMost("fraction non-interpolating at n = 320, λ = 1 (still fitting)", fraction(row(large, 320)), 0.2));
        for (int n : new int[] {320, 640}) {
            double smallTest = row(small, n).path("medianTestRatio").asDouble(Double.NaN);
            double largeTest = row(large, n).path("medianTestRatio").asDouble(Double.NaN);
            evaluation.check(new Check("median test/OLS-test at n = " + n + ": λ = 1e-5 below λ = 1", "λ = 1e-5 < λ = 1",
                    Check.number(smallTest) + " vs " + Check.number(largeTest), smallTest < largeTest));
        }
        if (small.has("nStarLogistic")) {
            evaluation.note("Logistic n* at λ = 1e-5: " + Check.number(small.path("nStarLogistic").asDouble()) + " (95% bootstrap interval "
                    + Check.number(small.path("nStarLow").asDouble(Double.NaN)) + " – " + Check.number(small.path("nStarHigh").asDouble(Double.NaN))
                    + "); at λ = 1: " + (large.has("nStarLogistic") ? Check.number(large.path("nStarLogistic").asDouble()) : "none within n ≤ 640")
                    + ". science.md [SIM, 6 seeds]: 0/6 at n = 20 to 6/6 at n ≥ 320; median train/OLS 0.01 → 0.96–0.97; median test/OLS ≈ 25 → 3.6.");
        }

        Plot fractions = new Plot("RE-6: fraction of non-interpolating runs", "n (samples)", "fraction non-interpolating").logX().yRange(-0.02, 1.02);
        Plot tests = new Plot("RE-6: test loss relative to OLS", "n (samples)", "median test / OLS test").logX().logY();
        int colour = 0;
        for (JsonNode group : new JsonNode[] {small, large}) {
            String label = "λ = " + (group == small ? "1e-5" : "1");
            JsonNode rows = group.path("rows");
            double[] n = SweepResult.column(rows, "samples");
            java.awt.Color c = Plot.PALETTE[colour++];
            fractions.add(label, n, SweepResult.column(rows, "fractionNonInterpolating"), Plot.Style.LINE_POINTS, c)
                    .add(label + " Wilson 95%", n, SweepResult.column(rows, "wilsonLow"), Plot.Style.DASHED, c)
                    .add("", n, SweepResult.column(rows, "wilsonHigh"), Plot.Style.DASHED, c);
            tests.add(label, n, SweepResult.column(rows, "medianTestRatio"), Plot.Style.LINE_POINTS, c);
        }
        evaluation.figure(slug() + "-threshold", fractions, "The optimisation threshold: the fraction of runs that stop short of "
                + "interpolating (train/OLS-train > 0.5) against n, with Wilson 95% intervals, for a small and a large initialisation.");
        evaluation.figure(slug() + "-test", tests, "Median test loss relative to OLS against n: past the threshold the small initialisation "
                + "generalises far better than the large one, which keeps interpolating.");
    }

    private static JsonNode group(JsonNode analysis, double scale) {
        for (JsonNode group : analysis.path("threshold")) {
            for (JsonNode fixed : group.path("fixed")) {
                if (fixed.path("path").asText().equals("model.init.scale") && Math.abs(fixed.path("value").asDouble() / scale - 1) < 1e-9) {
                    return group;
                }
            }
        }
        return null;
    }

    private static JsonNode row(JsonNode group, int samples) {
        for (JsonNode row : group.path("rows")) {
            if (row.path("samples").asInt() == samples) {
                return row;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static double fraction(JsonNode row) {
        return row.path("fractionNonInterpolating").asDouble(Double.NaN);
    }
}
