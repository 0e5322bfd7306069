package dev.interpolationlab.trainer.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gradient check every model must pass (issue 3: relative error < 1e-6 in fp64). */
final class FiniteDifferences {

    private FiniteDifferences() {
    }

    /** Central differences (L(θ + h e_i) − L(θ − h e_i)) / 2h against the analytic gradient, relative error < 1e-6. */
    static void assertGradientMatches(Objective objective, double[] theta, String label) {
        double[] analytic = new double[theta.length];
        objective.lossAndGradient(theta, analytic);
        double h = 1e-5; // truncation error O(h²) ≈ 1e-10; rounding noise in L of 1e-15 costs 1e-10 too
        for (int i = 0; i < theta.length; i++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (objective.loss(plus) - objective.loss(minus)) / (2 * h);
            double scale = Math.max(1e-3, Math.abs(analytic[i]) + Math.abs(numeric));
            assertTrue(Math.abs(analytic[i] - numeric) / scale < 1e-6,
                    label + ", parameter " + i + ": analytic " + analytic[i] + " vs finite difference " + numeric);
        }
    }
}
