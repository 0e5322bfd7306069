package dev.interpolationlab.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.core.data.DataSet;
import dev.interpolationlab.core.features.TwoLayerLandscape;
import dev.interpolationlab.core.linalg.LeastSquares;
import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.core.science.EndPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The end-state verdict on constructed curves and end points. */
class EndStateTest {

    /** The loss change over the last doubling, as the store reads it: L(T) against the last recorded step ≤ T/2. */
    private static double lastDoubling(long[] steps, double[] losses) {
        long half = steps[steps.length - 1] / 2;
        int at = 0;
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] <= half) {
                at = i;
            }
        }
        double last = losses[losses.length - 1];
        return Math.abs(losses[at] - last) / last;
    }

    private static RunOutcome run(double trainRatio, double trainLoss, String stop, double lossChange, EndPoint end) {
        return new RunOutcome("r", List.of(), 100, "completed", trainRatio, 2.0, trainLoss, 0.5, 1.25, null, stop, lossChange,
                null, end);
    }

    private static EndPoint endPoint(double gradNorm, double hessianMin, double alignment) {
        return new EndPoint(0.1, gradNorm, hessianMin, 2.0, 1e-9, 40, true, alignment, 0.01);
    }

    @Test
    void aPlateauThatDropsBeforeTheEndIsNotCertifiedByTheStoppingRuleAlone() {
        // flat at the OLS loss until t = 6000, then a drop by 20% by T = 10000: the rule fired on the plateau's last
        // window but the last doubling (5000 → 10000) moved, so the run is still moving
        long[] steps = {1000, 2000, 4000, 5000, 6000, 8000, 10000};
        double[] losses = {0.125, 0.125, 0.125, 0.125, 0.125, 0.11, 0.1};
        double change = lastDoubling(steps, losses);
        assertEquals(0.25, change, 1e-12);
        assertEquals(EndState.UNRESOLVED, EndState.of(run(0.8, 0.1, "converged", change, null)));
        // the same plateau held to the end is certified, and OLS-like
        double[] flat = {0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.1250001};
        assertEquals(EndState.OLS_LIKE, EndState.of(run(1.0, 0.125, "converged", lastDoubling(steps, flat), null)));
    }

    @Test
    void aSaddleIsNotCertifiedButAMinimumIs() {
        // the horizon stopped both; only the second-order test can certify them
        assertEquals(EndState.UNRESOLVED, EndState.of(run(0.97, 0.12, "horizon", 0.0, endPoint(1e-7, -0.02, 0.99))));
        assertEquals(EndState.OLS_LIKE, EndState.of(run(0.97, 0.12, "horizon", 0.0, endPoint(1e-7, 1e-12, 0.99))));
        // a minimum elsewhere than OLS: spurious, by the loss or by the function
        assertEquals(EndState.SPURIOUS, EndState.of(run(0.6, 0.07, "horizon", 0.0, endPoint(1e-7, 0.0, 0.99))));
        assertEquals(EndState.SPURIOUS, EndState.of(run(0.98, 0.12, "horizon", 0.0, endPoint(1e-7, 0.0, 0.5))));
        // a large gradient is no stationary point, whatever the curvature
        assertEquals(EndState.UNRESOLVED, EndState.of(run(0.97, 0.12, "horizon", 0.0, endPoint(1e-2, 0.1, 0.99))));
    }

    @Test
    void theSecondOrderTestTellsAMinimumOfARealNetworkFromASaddle() {
        int n = 200;
        int d = 3;
        SplitMix64 random = new SplitMix64(1);
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < d; i++) {
                x[k * d + i] = random.nextGaussian();
            }
            y[k] = x[k * d] + 0.5 * random.nextGaussian();
        }
        DataSet data = DataSet.regression(n, d, x, y, 0, new double[0], new double[0], null);
        // two opposed ReLUs started on ±β̂ (σ(β̂·x) − σ(−β̂·x) = β̂·x, the OLS function), trained by GD to a stationary point
        double[] ols = LeastSquares.solve(x, y, n, d);
        double[] pair = new double[2 * d + 2];
        for (int i = 0; i < d; i++) {
            pair[i] = ols[i];
            pair[d + i] = -ols[i];
        }
        pair[2 * d] = 1;
        pair[2 * d + 1] = -1;
        for (int step = 0; step < 200_000; step++) {
            double[] gradient = new TwoLayerLandscape(x, y, n, d, false, 2, 1.0, pair).gradient();
            for (int i = 0; i < pair.length; i++) {
                pair[i] -= 0.1 * gradient[i];
            }
        }
        EndPoint minimum = EndPoint.measure(data, false, 2, 1.0, pair);
        RunOutcome atMinimum = run(1.0, minimum.trainLoss(), "horizon", 0.0, minimum);
        assertEquals(EndState.OLS_LIKE, EndState.of(atMinimum), "λ_min = " + minimum.hessianMin() + ", ‖∇L‖ = " + minimum.gradNorm());

        // the same function with a third, tiny neuron: its (a, w) cross term has curvature
        // −‖(1/n)Σ r_k 1{w·x_k > 0} x_k‖ < 0, so the point is a saddle although the loss and the gradient barely change
        double[] withTiny = new double[3 * d + 3];
        System.arraycopy(pair, 0, withTiny, 0, 2 * d);
        for (int i = 0; i < d; i++) {
            withTiny[2 * d + i] = 1e-7 * random.nextGaussian();
        }
        withTiny[3 * d] = pair[2 * d];
        withTiny[3 * d + 1] = pair[2 * d + 1];
        withTiny[3 * d + 2] = 1e-7;
        EndPoint saddle = EndPoint.measure(data, false, 3, 1.0, withTiny);
        assertTrue(saddle.hessianMin() < -1e-3, "λ_min = " + saddle.hessianMin());
        assertTrue(saddle.gradNorm() < 1e-5, "‖∇L‖ = " + saddle.gradNorm());
        assertEquals(EndState.UNRESOLVED, EndState.of(run(1.0, saddle.trainLoss(), "horizon", 0.0, saddle)));
    }

    @Test
    void interpolationNeedsNoStationarityAndRunsNotCompletedHaveNoState() {
        assertEquals(EndState.INTERPOLATING, EndState.of(run(1e-9, 1e-10, "horizon", 0.5, null)));
        // classification: 100% train accuracy
        RunOutcome classifier = new RunOutcome("c", List.of(), 100, "completed", null, null, 0.01, 0.5, null, 1.0, "horizon", 0.5, null, null);
        assertEquals(EndState.INTERPOLATING, EndState.of(classifier));
        assertNull(EndState.of(new RunOutcome("q", List.of(), 100, "running", null, null, null, null, null, null, null, null, null, null)));
        assertEquals("ols-like", EndState.OLS_LIKE.label());
    }
}
