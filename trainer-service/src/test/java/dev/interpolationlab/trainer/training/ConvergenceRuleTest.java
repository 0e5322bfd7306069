package dev.interpolationlab.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConvergenceRuleTest {

    @Test
    void stopsAtTheFirstWindowEndWhereLossAndGradientHaveSettled() {
        ConvergenceRule rule = new ConvergenceRule(10, 1e-3, 1e-2);
        long stoppedAt = -1;
        for (long t = 0; t <= 100 && stoppedAt < 0; t++) {
            // the loss decays towards 1 and the gradient norm with it: settled once both are small enough
            double loss = 1.0 + Math.exp(-t / 5.0);
            double gradNorm = Math.exp(-t / 5.0);
            if (rule.converged(t, loss, gradNorm)) {
                stoppedAt = t;
            }
        }
        // at t = 40 the loss changed by about (e^-6 − e^-8)/(1 + e^-6) ≈ 2.1e-3 over the window: not yet; at t = 50 by
        // 2.9e-4, and the largest gradient norm since t = 40 is e^-8 ≈ 3.4e-4 < 1e-2
        assertEquals(50, stoppedAt);
    }

    @Test
    void aLargeGradientAnywhereInTheWindowKeepsTheRunGoing() {
        ConvergenceRule rule = new ConvergenceRule(10, 1e-3, 1e-2);
        // a flat loss throughout; gradient spikes at steps 5 and 15 fall in the windows ending at 10 and 20
        for (long t = 0; t <= 20; t++) {
            assertFalse(rule.converged(t, 1.0, t == 5 || t == 15 ? 1.0 : 0.0), "step " + t);
        }
        for (long t = 21; t < 30; t++) {
            rule.converged(t, 1.0, 0.0);
        }
        assertTrue(rule.converged(30, 1.0, 0.0));
    }

    @Test
    void itsStateRestoresTheSameDecisions() {
        ConvergenceRule original = new ConvergenceRule(10, 1e-3, 1e-2);
        for (long t = 0; t <= 13; t++) {
            original.converged(t, 2.0 - t * 1e-5, 1e-3);
        }
        ConvergenceRule restored = new ConvergenceRule(10, 1e-3, 1e-2);
        restored.restore(original.state());
        for (long t = 14; t <= 40; t++) {
            assertEquals(original.converged(t, 2.0 - t * 1e-5, 1e-3), restored.converged(t, 2.0 - t * 1e-5, 1e-3), "step " + t);
        }
    }
}
