package dev.interpolationlab.trainer.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.core.random.SplitMix64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TwoLayerReluTest {

    private static final int N = 7;
    private static final int D = 3;
    private static final int M = 5;

    /** Random inputs; with {@code biasColumn} the last input is the constant 1 of a hidden bias. */
    private static TwoLayerRelu network(long seed, Loss loss, boolean biasColumn) {
        SplitMix64 random = new SplitMix64(seed);
        double[] x = new double[N * D];
        double[] y = new double[N];
        for (int i = 0; i < x.length; i++) {
            x[i] = biasColumn && i % D == D - 1 ? 1.0 : random.nextGaussian();
        }
        for (int k = 0; k < N; k++) {
            y[k] = random.nextGaussian();
        }
        TwoLayerRelu network = new TwoLayerRelu(x, y, N, D, M, loss);
        network.setParameters(Initialisation.draw("unbalanced", 3.0, M, D, random));
        return network;
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void gradientMatchesCentralFiniteDifferences(Loss loss) {
        for (boolean biasColumn : new boolean[] {false, true}) {
            TwoLayerRelu network = network(1, loss, biasColumn);
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
                        loss + ", bias " + biasColumn + ", parameter " + i + ": analytic " + analytic[i] + " vs finite difference " + numeric);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.01})
    void smallStepsDecreaseTheLoss(double lr) {
        TwoLayerRelu network = network(3, Loss.HALF_MSE, true);
        double before = network.lossAndGradient();
        for (int step = 0; step < 50; step++) {
            network.gradientStep(lr);
            network.lossAndGradient();
        }
        assertTrue(network.lossAndGradient() < before);
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void theMseIsTwiceTheHalfMse(Loss loss) {
        double halfMse = network(5, Loss.HALF_MSE, false).lossAndGradient();
        assertTrue(Math.abs(network(5, loss, false).lossAndGradient() - loss.scale() * halfMse) < 1e-15);
    }
}
