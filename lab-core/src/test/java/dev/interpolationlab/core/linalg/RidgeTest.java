package dev.interpolationlab.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.interpolationlab.core.random.SplitMix64;
import org.junit.jupiter.api.Test;

class RidgeTest {

    private static double[] gaussians(SplitMix64 random, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }

    @Test
    void ridgelessOnATallDesignIsOrdinaryLeastSquares() {
        SplitMix64 random = new SplitMix64(1);
        double[] x = gaussians(random, 40 * 6);
        double[] y = gaussians(random, 40);
        assertArrayEquals(LeastSquares.solve(x, y, 40, 6), Ridge.solve(x, y, 40, 6, 0.0), 1e-10);
    }

    @Test
    void ridgelessOnAWideDesignInterpolatesWithTheMinimumNorm() {
        SplitMix64 random = new SplitMix64(2);
        int n = 10;
        int p = 25;
        double[] x = gaussians(random, n * p);
        double[] y = gaussians(random, n);
        double[] theta = Ridge.solve(x, y, n, p, 0.0);
        // min-norm: θ = Xᵀ c with (X Xᵀ) c = y, solved independently by Cholesky
        double[] gram = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int a = 0; a < p; a++) {
                    gram[i * n + j] += x[i * p + a] * x[j * p + a];
                }
            }
        }
        double[] c = LeastSquares.solve(gram, y, n, n); // gram is square and invertible: the LS solution solves it
        double[] expected = new double[p];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < p; a++) {
                expected[a] += x[i * p + a] * c[i];
            }
        }
        assertArrayEquals(expected, theta, 1e-9);
        for (int i = 0; i < n; i++) {
            double fit = 0.0;
            for (int a = 0; a < p; a++) {
                fit += x[i * p + a] * theta[a];
            }
            assertEquals(y[i], fit, 1e-10);
        }
    }

    @Test
    void ridgeSolutionZeroesTheGradientOfThePenalisedObjective() {
        SplitMix64 random = new SplitMix64(3);
        for (int[] shape : new int[][] {{30, 8}, {8, 30}}) {
            int n = shape[0];
            int p = shape[1];
            double lambda = 0.3;
            double[] x = gaussians(random, n * p);
            double[] y = gaussians(random, n);
            double[] theta = Ridge.solve(x, y, n, p, lambda);
            // ∇[(1/n)‖y − Xθ‖² + λ‖θ‖²]/2 = −(1/n) Xᵀ(y − Xθ) + λθ
            double[] residual = new double[n];
            for (int i = 0; i < n; i++) {
                residual[i] = y[i];
                for (int a = 0; a < p; a++) {
                    residual[i] -= x[i * p + a] * theta[a];
                }
            }
            for (int a = 0; a < p; a++) {
                double gradient = lambda * theta[a];
                for (int i = 0; i < n; i++) {
                    gradient -= x[i * p + a] * residual[i] / n;
                }
                assertEquals(0.0, gradient, 1e-12, "n = " + n + ", p = " + p);
            }
        }
    }
}
