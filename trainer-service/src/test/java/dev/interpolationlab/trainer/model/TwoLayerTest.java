package dev.interpolationlab.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.proto.v1.InitSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TwoLayerTest {

    private static final int N = 13;   // not a multiple of the fused kernel's vector width: padding is exercised
    private static final int M = 6;

    /** Random inputs of dimension d; with {@code biasColumn} the last input is the constant 1 of a hidden bias. */
    private record Problem(double[] x, double[] y, int d, double[] theta) {
        static Problem draw(long seed, int d, boolean biasColumn) {
            SplitMix64 random = new SplitMix64(seed);
            double[] x = new double[N * d];
            double[] y = new double[N];
            for (int i = 0; i < x.length; i++) {
                x[i] = biasColumn && i % d == d - 1 ? 1.0 : random.nextGaussian();
            }
            for (int k = 0; k < N; k++) {
                y[k] = random.nextGaussian();
            }
            return new Problem(x, y, d, Initialisation.draw("unbalanced", 3.0, M, M, d, random));
        }

        Objective fused(Loss loss, Parallel parallel) {
            return new FusedTwoLayer(x, y, N, d, M, loss, parallel);
        }

        Objective gemm(Loss loss, Activation activation) {
            return new GemmTwoLayer(x, y, N, d, M, loss, activation, Parallel.sequential());
        }
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void everyKernelAndActivationHasTheGradientOfItsLoss(Loss loss) {
        for (boolean bias : new boolean[] {false, true}) {
            for (int d : new int[] {1 + (bias ? 1 : 0), 5, 8}) {
                Problem problem = Problem.draw(d, d, bias);
                FiniteDifferences.assertGradientMatches(problem.fused(loss, Parallel.sequential()), problem.theta(),
                        "fused relu " + loss + " d=" + d + " bias " + bias);
                for (Activation activation : Activation.values()) {
                    FiniteDifferences.assertGradientMatches(problem.gemm(loss, activation), problem.theta(),
                            "gemm " + activation + " " + loss + " d=" + d + " bias " + bias);
                }
            }
        }
    }

    @Test
    void theFusedAndGemmKernelsComputeTheSameLossAndGradient() {
        for (int d = 1; d <= FusedTwoLayer.MAX_INPUTS; d++) {
            Problem problem = Problem.draw(10 + d, d, false);
            double[] fused = new double[problem.theta().length];
            double[] gemm = new double[problem.theta().length];
            double fusedLoss = problem.fused(Loss.MSE, Parallel.sequential()).lossAndGradient(problem.theta(), fused);
            double gemmLoss = problem.gemm(Loss.MSE, Activation.RELU).lossAndGradient(problem.theta(), gemm);
            assertEquals(gemmLoss, fusedLoss, 1e-12 * gemmLoss);
            for (int i = 0; i < fused.length; i++) {
                assertEquals(gemm[i], fused[i], 1e-12 * (1 + Math.abs(gemm[i])), "d=" + d + ", parameter " + i);
            }
        }
    }

    @Test
    void theThreadCountChangesNoBitOfTheResult() {
        Problem problem = Problem.draw(21, 5, true);
        double[] one = new double[problem.theta().length];
        double[] two = new double[problem.theta().length];
        double[] three = new double[problem.theta().length];
        try (Parallel p2 = new Parallel(2); Parallel p3 = new Parallel(3)) {
            double loss1 = problem.fused(Loss.HALF_MSE, Parallel.sequential()).lossAndGradient(problem.theta(), one);
            Objective twoThreads = problem.fused(Loss.HALF_MSE, p2);
            double loss2 = 0;
            for (int repeat = 0; repeat < 100; repeat++) {
                loss2 = twoThreads.lossAndGradient(problem.theta(), two);
            }
            double loss3 = problem.fused(Loss.HALF_MSE, p3).lossAndGradient(problem.theta(), three);
            assertEquals(Double.doubleToRawLongBits(loss1), Double.doubleToRawLongBits(loss2));
            assertEquals(Double.doubleToRawLongBits(loss1), Double.doubleToRawLongBits(loss3));
            assertArrayEquals(one, two);
            assertArrayEquals(one, three);
        }
    }

    /**
     * At a size that spans many of the gemm kernel's blocks and slices and leaves a tail of neurons past the vectors,
     * both kernels agree with the formulas evaluated in plain loops, and neither changes a bit with the thread count.
     */
    @Test
    void atScaleBothKernelsMatchThePlainFormulasWhateverTheThreadCount() {
        int n = 1100;
        int m = 37;
        for (int d : new int[] {5, 12}) {
            GaussianProblem problem = GaussianProblem.draw(100 + d, n, d, m);
            double[] x = problem.x();
            double[] y = problem.y();
            double[] theta = problem.theta();
            double[] expected = new double[theta.length];
            double expectedLoss = plainLossAndGradient(x, y, n, d, m, theta, expected);
            double[] first = null;
            for (int threads = 1; threads <= 3; threads++) {
                try (Parallel parallel = new Parallel(threads)) {
                    Objective kernel = d <= FusedTwoLayer.MAX_INPUTS ? new FusedTwoLayer(x, y, n, d, m, Loss.MSE, parallel)
                            : new GemmTwoLayer(x, y, n, d, m, Loss.MSE, Activation.RELU, parallel);
                    double[] gradient = new double[theta.length];
                    double loss = kernel.lossAndGradient(theta, gradient);
                    assertEquals(expectedLoss, loss, 1e-12 * expectedLoss, "d=" + d);
                    for (int i = 0; i < theta.length; i++) {
                        assertEquals(expected[i], gradient[i], 1e-10 * (1e-3 + Math.abs(expected[i])), "d=" + d + ", parameter " + i);
                    }
                    if (first == null) {
                        first = gradient;
                    } else {
                        assertArrayEquals(first, gradient, "d=" + d + ", " + threads + " threads");
                    }
                }
            }
        }
    }

    /** L = (1/n) Σ (h_i − y_i)² and its gradient, straight from the definitions (science.md §1(a)). */
    private static double plainLossAndGradient(double[] x, double[] y, int n, int d, int m, double[] theta, double[] gradient) {
        double loss = 0.0;
        for (int i = 0; i < n; i++) {
            double h = 0.0;
            double[] z = new double[m];
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < d; k++) {
                    z[j] += theta[j * d + k] * x[i * d + k];
                }
                h += theta[m * d + j] * Math.max(0.0, z[j]);
            }
            double r = h - y[i];
            loss += r * r / n;
            for (int j = 0; j < m; j++) {
                gradient[m * d + j] += 2.0 / n * r * Math.max(0.0, z[j]);
                for (int k = 0; k < d; k++) {
                    gradient[j * d + k] += z[j] > 0 ? 2.0 / n * r * theta[m * d + j] * x[i * d + k] : 0.0;
                }
            }
        }
        return loss;
    }

    @Test
    void theMseIsTwiceTheHalfMse() {
        Problem problem = Problem.draw(5, 3, false);
        double halfMse = problem.fused(Loss.HALF_MSE, Parallel.sequential()).loss(problem.theta());
        assertEquals(2 * halfMse, problem.fused(Loss.MSE, Parallel.sequential()).loss(problem.theta()), 1e-15);
    }

    @Test
    void aZeroOutputInitialisationStartsFromTheZeroFunction() {
        Problem problem = Problem.draw(7, 3, true);
        double[] theta = Initialisation.draw(InitSpec.newBuilder().setScheme("balanced").setScale(2.0).setZeroOutput(true).build(),
                M, 3, new SplitMix64(8));
        double meanSquareLabel = 0.0;
        for (double label : problem.y()) {
            meanSquareLabel += label * label / N;
        }
        // h ≡ 0, so the half-MSE is (1/2n) Σ y², although every neuron is non-zero
        assertEquals(0.5 * meanSquareLabel, problem.fused(Loss.HALF_MSE, Parallel.sequential()).loss(theta), 1e-15);
        for (int j = 0; j < M; j++) {
            assertTrue(theta[M * 3 + j] != 0.0);
        }
    }
}
