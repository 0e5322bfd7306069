package dev.interpolationlab.cli.reproduce;

import dev.interpolationlab.cli.Render;
import dev.interpolationlab.proto.v1.AnalysisResult;
import dev.interpolationlab.proto.v1.Threshold;
import dev.interpolationlab.proto.v1.ThresholdGroup;
import java.util.List;

/**
 * RE-9 (science.md §5): n* against the input dimension d and the initialisation scale λ. The check is on the
 * direction the paper's theorem implies (a threshold polynomial in d, for λ small enough): at the smallest λ the
 * n*_interp brackets rise with d, and at every d the largest λ's threshold is not below the smallest λ's.
 */
final class Re9ThresholdDimension extends Experiment {

    static final double[] SCALES = {1e-6, 1e-4, 1e-2};
    static final int[] DIMENSIONS = {2, 5, 10};

    Re9ThresholdDimension() {
        super("RE-9", "n* against dimension and initialisation scale", List.of("re9-threshold-dimension.yaml"),
                List.of("re9-threshold-dimension-quick.yaml"));
    }

    /** n*_interp's upper bracket end at (d, λ); +∞ where not reached on the grid, NaN where the group is missing. */
    private static double at(AnalysisResult analysis, int d, double scale) {
        for (ThresholdGroup group : analysis.getThresholdList()) {
            if (ThresholdGroups.value(group, "data.dim") == d && Math.abs(ThresholdGroups.value(group, "model.init.scale") / scale - 1) < 1e-9) {
                Threshold interpolation = group.getInterpolation();
                return interpolation.hasAt() ? interpolation.getAt() : Double.POSITIVE_INFINITY;
            }
        }
        return Double.NaN;
    }

    @Override
    void evaluate(List<SweepResult> sweeps, Evaluation evaluation) {
        AnalysisResult analysis = sweeps.get(0).analysis();
        double[][] nStar = new double[DIMENSIONS.length][SCALES.length];
        for (int i = 0; i < DIMENSIONS.length; i++) {
            for (int j = 0; j < SCALES.length; j++) {
                nStar[i][j] = at(analysis, DIMENSIONS[i], SCALES[j]);
            }
        }
        for (int i = 0; i < DIMENSIONS.length; i++) {
            evaluation.check(new Check("n*_interp reached on the grid at d = " + DIMENSIONS[i] + ", λ = 1e-6", "a bracket",
                    Check.number(nStar[i][0]), Double.isFinite(nStar[i][0])));
        }
        for (int i = 1; i < DIMENSIONS.length; i++) {
            evaluation.check(new Check("n*_interp grows with d at λ = 1e-6: d = " + DIMENSIONS[i - 1] + " → " + DIMENSIONS[i], "≤",
                    Check.number(nStar[i - 1][0]) + " → " + Check.number(nStar[i][0]), nStar[i - 1][0] <= nStar[i][0]));
        }
        int last = DIMENSIONS.length - 1;
        evaluation.check(new Check("n*_interp at λ = 1e-6 larger at d = " + DIMENSIONS[last] + " than at d = " + DIMENSIONS[0], "<",
                Check.number(nStar[0][0]) + " → " + Check.number(nStar[last][0]), nStar[0][0] < nStar[last][0]));
        for (int i = 0; i < DIMENSIONS.length; i++) {
            evaluation.check(new Check("λ = 1e-2 interpolates at least as far as λ = 1e-6, d = " + DIMENSIONS[i], "n*(1e-2) ≥ n*(1e-6)",
                    Check.number(nStar[i][2]) + " vs " + Check.number(nStar[i][0]), nStar[i][2] >= nStar[i][0]));
        }
        StringBuilder table = new StringBuilder("n*_interp (upper bracket end; ∞ = not reached on the grid):\n\n| d |");
        for (double scale : SCALES) {
            table.append(" λ = ").append(scale).append(" |");
        }
        table.append("\n|---|---|---|---|\n");
        for (int i = 0; i < DIMENSIONS.length; i++) {
            table.append("| ").append(DIMENSIONS[i]).append(" |");
            for (int j = 0; j < SCALES.length; j++) {
                table.append(' ').append(Check.number(nStar[i][j])).append(" |");
            }
            table.append('\n');
        }
        evaluation.note(table.toString());
        evaluation.note("Per (d, λ) and n, by certified end state:\n\n```\n" + Render.threshold(analysis) + "```");

        Plot plot = new Plot("RE-9: n*_interp against d", "d (input dimension)", "n* (upper bracket end)").logY();
        for (int j = 0; j < SCALES.length; j++) {
            double[] d = new double[DIMENSIONS.length];
            double[] n = new double[DIMENSIONS.length];
            for (int i = 0; i < DIMENSIONS.length; i++) {
                d[i] = DIMENSIONS[i];
                n[i] = Double.isFinite(nStar[i][j]) ? nStar[i][j] : Double.NaN;
            }
            plot.add("λ = " + SCALES[j], d, n, Plot.Style.LINE_POINTS, Plot.PALETTE[j]);
        }
        evaluation.figure(slug() + "-nstar", plot, "The optimisation threshold n*_interp (the upper end of its bracket) against the "
                + "input dimension, one line per initialisation scale; a missing point is not reached on the grid.");
    }
}
