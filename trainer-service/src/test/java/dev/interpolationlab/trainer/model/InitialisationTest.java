package dev.interpolationlab.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.core.random.SplitMix64;
import org.junit.jupiter.api.Test;

class InitialisationTest {

    private static final int M = 4000;
    private static final int INPUTS = 2;   // e.g. x and the bias column
    private static final double SCALE = 0.5;
    private static final double EPSILON = SCALE / Math.sqrt(M);

    private static double norm(double[] theta, int j) {
        return Math.hypot(theta[j * INPUTS], theta[j * INPUTS + 1]);
    }

    private static double a(double[] theta, int j) {
        return theta[M * INPUTS + j];
    }

    @Test
    void balancedGivesEqualLayerNormsWithBothSigns() {
        double[] theta = Initialisation.draw("balanced", SCALE, M, M, INPUTS, new SplitMix64(1));
        int positive = 0;
        for (int j = 0; j < M; j++) {
            assertEquals(norm(theta, j), Math.abs(a(theta, j)), 1e-15);
            positive += a(theta, j) > 0 ? 1 : 0;
        }
        assertEquals(0.5, (double) positive / M, 0.05);
        assertEquals(EPSILON, std(theta, 0, M * INPUTS), 0.05 * EPSILON);
    }

    @Test
    void unbalancedDrawsTheOutputLayerIndependentlyWithTheSameScale() {
        double[] theta = Initialisation.draw("unbalanced", SCALE, M, M, INPUTS, new SplitMix64(2));
        assertEquals(EPSILON, std(theta, 0, M * INPUTS), 0.05 * EPSILON);
        assertEquals(EPSILON, std(theta, M * INPUTS, M), 0.05 * EPSILON);
        int larger = 0;
        for (int j = 0; j < M; j++) {
            larger += Math.abs(a(theta, j)) > norm(theta, j) ? 1 : 0;
        }
        assertTrue(larger > 0.1 * M && larger < 0.9 * M, "no relation between |a_j| and ‖w_j‖: " + larger);
    }

    @Test
    void dominatedKeepsTheOutputWeightsAtLeastAsLargeAsTheNeurons() {
        double[] theta = Initialisation.draw("dominated", SCALE, M, M, INPUTS, new SplitMix64(3));
        for (int j = 0; j < M; j++) {
            assertTrue(Math.abs(theta[j * INPUTS]) <= EPSILON && Math.abs(theta[j * INPUTS + 1]) <= EPSILON);
            assertEquals(EPSILON * Math.sqrt(INPUTS), Math.abs(a(theta, j)), 1e-15);
            assertTrue(Math.abs(a(theta, j)) >= norm(theta, j));
        }
    }

    private static double std(double[] values, int from, int count) {
        double sum = 0;
        for (int i = from; i < from + count; i++) {
            sum += values[i] * values[i];
        }
        return Math.sqrt(sum / count);
    }
}
