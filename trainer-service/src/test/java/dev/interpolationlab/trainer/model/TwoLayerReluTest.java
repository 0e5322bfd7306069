package dev.interpolationlab.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.core.random.SplitMix64;
import org.junit.jupiter.api.Test;

class TwoLayerReluTest {

    private static final int N = 7;
    private static final int D = 3;
    private static final int M = 5;

    private static TwoLayerRelu network(long seed) {
        SplitMix64 random = new SplitMix64(seed);
        double[] x = new double[N * D];
        double[] y = new double[N];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        for (int k = 0; k < N; k++) {
            y[k] = random.nextGaussian();
        }
        TwoLayerRelu network = new TwoLayerRelu(x, y, N, D, M);
        network.initBalanced(1.0, random);
        return network;
    }

    @Test
    void gradientMatchesCentralFiniteDifferences() {
        TwoLayerRelu network = network(1);
        double[] theta = network.parameters();
        network.lossAndGradient();
        double[] analytic = network.gradient();
        double h = 1e-6;
        for (int i = 0; i < theta.length; i++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[i] += h;
            minus[i] -= h;
            network.setParameters(plus);
            double lossPlus = network.lossAndGradient();
            network.setParameters(minus);
            double lossMinus = network.lossAndGradient();
            double numeric = (lossPlus - lossMinus) / (2 * h);
            double scale = Math.max(1e-3, Math.abs(analytic[i]) + Math.abs(numeric));
            assertTrue(Math.abs(analytic[i] - numeric) / scale < 1e-6,
                    "parameter " + i + ": analytic " + analytic[i] + " vs finite difference " + numeric);
        }
    }

    @Test
    void balancedInitialisationGivesEqualLayerNorms() {
        TwoLayerRelu network = network(2);
        double[] theta = network.parameters();
        for (int j = 0; j < M; j++) {
            double norm = 0;
            for (int i = 0; i < D; i++) {
                norm += theta[j * D + i] * theta[j * D + i];
            }
            assertEquals(Math.sqrt(norm), Math.abs(theta[M * D + j]), 1e-15);
        }
    }

    @Test
    void smallStepsDecreaseTheLoss() {
        TwoLayerRelu network = network(3);
        double before = network.lossAndGradient();
        for (int step = 0; step < 50; step++) {
            network.gradientStep(0.05);
            network.lossAndGradient();
        }
        assertTrue(network.lossAndGradient() < before);
    }
}
