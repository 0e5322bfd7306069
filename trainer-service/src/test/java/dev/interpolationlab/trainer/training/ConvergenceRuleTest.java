package dev.interpolationlab.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConvergenceRuleTest {

    @Test
    void stopsAtTheFirstWindowEndWhereLossAndGradientHaveSettled() {
        ConvergenceRule rule = new ConvergenceRule(10, 1e-3, 1e-2, 1);
        long stoppedAt = -1;
        for (long t = 0; t <= 100 && stoppedAt < 0; t++) {
            // the loss decays towards 1 and the gradient with it: settled once both are small enough
            double loss = 1.0 + Math.exp(-t / 5.0);
            if (rule.converged(t, loss, new double[] {Math.exp(-t / 5.0)})) {
                stoppedAt = t;
            }
        }
        // at t = 40 the loss changed by about (e^-6 − e^-8)/(1 + e^-6) ≈ 2.1e-3 over the window: not yet; at t = 50 by
        // 2.9e-4, and the mean gradient over steps 41…50 is (1/10)Σ e^{-t/5} ≈ 1.5e-4 < 1e-2
        assertEquals(50, stoppedAt);
    }

    @Test
    void aGradientThatDoesNotAverageOutKeepsTheRunGoing() {
        ConvergenceRule rule = new ConvergenceRule(10, 1e-3, 1e-2, 2);
        // a flat loss throughout; a spike of 1 in the windows ending at 10 and 20 gives a mean of 0.1 there
        for (long t = 0; t <= 20; t++) {
            assertFalse(rule.converged(t, 1.0, t == 5 || t == 15 ? new double[] {1.0, 0.0} : new double[2]), "step " + t);
        }
        for (long t = 21; t < 30; t++) {
            rule.converged(t, 1.0, new double[2]);
        }
        assertTrue(rule.converged(30, 1.0, new double[2]));
    }

    @Test
    void aZigzagAcrossAKinkAveragesOutAndStops() {
        // gradient descent bouncing across a ReLU kink: the gradient flips between ±g with ‖g‖ = 0.02 at every step while
        // θ and the loss stand still; the last gradient never falls below the tolerance, the window's mean is 0
        ConvergenceRule rule = new ConvergenceRule(10, 1e-3, 1e-4, 2);
        long stoppedAt = -1;
        for (long t = 0; t <= 40 && stoppedAt < 0; t++) {
            double sign = t % 2 == 0 ? 1 : -1;
            if (rule.converged(t, 0.5, new double[] {0.02 * sign, -0.01 * sign})) {
                stoppedAt = t;
            }
        }
        // t = 0 opens the first window; the one ending at 10 holds steps 1…10, five of each sign: mean 0, and it stops
        assertEquals(10, stoppedAt);
    }

    @Test
    void itsStateRestoresTheSameDecisions() {
        ConvergenceRule original = new ConvergenceRule(10, 1e-3, 1e-2, 3);
        for (long t = 0; t <= 13; t++) {
            original.converged(t, 2.0 - t * 1e-5, new double[] {1e-3, -2e-3, t * 1e-4});
        }
        ConvergenceRule restored = new ConvergenceRule(10, 1e-3, 1e-2, 3);
        restored.restore(original.state());
        for (long t = 14; t <= 40; t++) {
            double[] gradient = {1e-3, -2e-3, t * 1e-4};
            assertEquals(original.converged(t, 2.0 - t * 1e-5, gradient), restored.converged(t, 2.0 - t * 1e-5, gradient), "step " + t);
        }
    }
}
