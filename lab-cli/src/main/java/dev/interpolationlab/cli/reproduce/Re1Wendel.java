package dev.interpolationlab.cli.reproduce;

import dev.interpolationlab.core.theory.Wendel;
import dev.interpolationlab.proto.v1.GeometryPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * RE-1 (science.md §5, §2.1): the hull membership the analysis measures on every run, held against Wendel's exact
 * probability that the origin lies in the convex hull of N Gaussian points in d dimensions.
 */
final class Re1Wendel extends Experiment {

    Re1Wendel() {
        super("RE-1", "Hull membership against Wendel's formula", "re1-wendel-d2.yaml", "re1-wendel-d5.yaml", "re1-wendel-d10.yaml");
    }

    @Override
    void evaluate(List<SweepResult> sweeps, Evaluation evaluation) {
        Plot plot = new Plot("RE-1: P(0 ∈ hull of N Gaussian points)", "N / d", "P(0 ∈ hull)").yRange(-0.02, 1.02);
        int colour = 0;
        for (SweepResult sweep : sweeps) {
            List<double[]> measured = new ArrayList<>();
            int d = 0;
            for (GeometryPoint point : sweep.analysis().getGeometryList()) {
                if (!point.hasOriginInsideFraction()) {
                    continue;
                }
                d = sweep.spec().getBase().getData().getDim();
                int n = (int) ThresholdGroups.number(point.getGridPointList(), "data.samples");
                int runs = point.getRuns();
                double fraction = point.getOriginInsideFraction();
                double wendel = Wendel.probabilityInside(n, d);
                // 3 standard errors of a binomial proportion at the exact probability (science.md RE-1)
                double tolerance = 3 * Math.sqrt(wendel * (1 - wendel) / runs);
                evaluation.check(Check.near("P(0 ∈ hull), d = " + d + ", N = " + n + " (" + runs + " trials; 3 s.e.)", fraction, wendel, tolerance));
                if (n == 2 * d) {
                    evaluation.check(Check.near("Wendel's value reported by the analysis at N = 2d = " + n, point.hasWendel() ? point.getWendel() : Double.NaN, 0.5, 1e-12));
                }
                measured.add(new double[] {n / (double) d, fraction, runs});
            }
            if (measured.isEmpty()) {
                evaluation.check(new Check("origin-in-hull fractions of " + sweep.specFile(), "measured", "none", false));
                continue;
            }
            java.awt.Color c = Plot.PALETTE[colour++ % Plot.PALETTE.length];
            int dim = d;
            double[] ratio = measured.stream().mapToDouble(m -> m[0]).toArray();
            plot.add("measured, d = " + d, ratio, measured.stream().mapToDouble(m -> m[1]).toArray(), Plot.Style.POINTS, c);
            double[] dense = new double[4 * dim - dim];
            double[] theory = new double[dense.length];
            for (int i = 0; i < dense.length; i++) {
                int n = dim + 1 + i;
                dense[i] = n / (double) dim;
                theory[i] = Wendel.probabilityInside(n, dim);
            }
            plot.add("Wendel, d = " + d, dense, theory, Plot.Style.LINE, c);
        }
        evaluation.figure(slug(), plot, "The fraction of trials (400 per point) whose training inputs' hull holds the origin, as the "
                + "analysis measured it on every run, beside Wendel's exact probability 1 − 2^(1−N) Σ_(k<d) C(N−1, k).");
        evaluation.note("The same machinery is checked exactly in lab-core's tests: the linear program against exact facet hulls in 2-D "
                + "and 3-D (ConvexHullTest.linearProgramAgreesWithExactFacetHullsIn2dAnd3d), and the nearest-point certificates against the "
                + "linear program (ConvexHullTest.nearestPointDecisionsAgreeWithTheLinearProgram).");
    }
}
