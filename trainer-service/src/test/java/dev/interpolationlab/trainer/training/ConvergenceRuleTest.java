package dev.interpolationlab.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConvergenceRuleTest {

    @Test
    void stopsAtTheFirstWindowEndWhereLossAndGradientHaveSettled() {
        ConvergenceRule rule = new ConvergenceRule(10, 1e-3, 1e-2, 1, 1000);
        long stoppedAt = -1;
        for (long t = 0; t <= 1000 && stoppedAt < 0; t++) {
            // the loss decays towards 1 and the gradient with it: settled once both are small enough
            double loss = 1.0 + Math.exp(-t / 5.0);
            if (rule.converged(t, loss, new double[] {Math.exp(-t / 5.0)})) {
                stoppedAt = t;
            }
        }
        // L(t) = 1 + e^{-t/5}. At t = 40 the window moved by (e^-6 − e^-8)/(1 + e^-6) ≈ 2.1e-3: not yet. From t = 50 on the
        // window and the mean gradient pass, but the last doubling (from the window end ⌊k/2⌋·10) still moved: by
        // e^-4 (20 → 50), e^-6 (30 → 60, 30 → 70) ≈ 2.5e-3; at t = 80, from 40, by e^-8 ≈ 3.4e-4 ≤ 1e-3
        assertEquals(80, stoppedAt);
    }

    @Test
    void onePlateauWindowAfterAFastDescentIsNotConvergence() {
        // a loss that drops fast to a plateau at step 100 and stays: each window is flat from 110 on, but the doubling
        // only from t = 200 (the window end at 100 is the first on the plateau)
        ConvergenceRule rule = new ConvergenceRule(10, 1e-4, 1e-2, 1, 10_000);
        long stoppedAt = -1;
        for (long t = 0; t <= 1000 && stoppedAt < 0; t++) {
            double loss = t < 100 ? 2.0 - t / 100.0 : 1.0;
            if (rule.converged(t, loss, new double[] {0.0})) {
                stoppedAt = t;
            }
        }
        assertEquals(200, stoppedAt);
    }

    @Test
    void aGradientThatDoesNotAverageOutKeepsTheRunGoing() {
        ConvergenceRule rule = new ConvergenceRule(10, 1e-3, 1e-2, 2, 1000);
        // a flat loss throughout; a spike of 1 in the windows ending at 20 and 30 gives a mean of 0.1 there
        for (long t = 0; t <= 30; t++) {
            assertFalse(rule.converged(t, 1.0, t == 15 || t == 25 ? new double[] {1.0, 0.0} : new double[2]), "step " + t);
        }
        for (long t = 31; t < 40; t++) {
            rule.converged(t, 1.0, new double[2]);
        }
        assertTrue(rule.converged(40, 1.0, new double[2]));
    }

    @Test
    void aZigzagAcrossAKinkAveragesOutAndStops() {
        // gradient descent bouncing across a ReLU kink: the gradient flips between ±g with ‖g‖ = 0.02 at every step while
        // θ and the loss stand still; the last gradient never falls below the tolerance, the window's mean is 0
        ConvergenceRule rule = new ConvergenceRule(10, 1e-3, 1e-4, 2, 1000);
        long stoppedAt = -1;
        for (long t = 0; t <= 40 && stoppedAt < 0; t++) {
            double sign = t % 2 == 0 ? 1 : -1;
            if (rule.converged(t, 0.5, new double[] {0.02 * sign, -0.01 * sign})) {
                stoppedAt = t;
            }
        }
        // windows end at 0, 10, 20; the window 11…20 holds five steps of each sign (mean 0), and 10 → 20 is flat
        assertEquals(20, stoppedAt);
    }

    @Test
    void itsStateRestoresTheSameDecisions() {
        ConvergenceRule original = new ConvergenceRule(10, 1e-3, 1e-2, 3, 100);
        for (long t = 0; t <= 13; t++) {
            original.converged(t, 2.0 - t * 1e-5, new double[] {1e-3, -2e-3, t * 1e-4});
        }
        ConvergenceRule restored = new ConvergenceRule(10, 1e-3, 1e-2, 3, 100);
        restored.restore(original.state());
        for (long t = 14; t <= 100; t++) {
            double[] gradient = {1e-3, -2e-3, t * 1e-4};
            assertEquals(original.converged(t, 2.0 - t * 1e-5, gradient), restored.converged(t, 2.0 - t * 1e-5, gradient), "step " + t);
        }
    }
}
