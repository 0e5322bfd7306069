package dev.interpolationlab.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.interpolationlab.core.random.SplitMix64;
import org.junit.jupiter.api.Test;

class LeastSquaresTest {

    @Test
    void recoversAnExactLinearModel() {
        int n = 30;
        int d = 4;
        double[] beta = {1.5, -2.0, 0.25, 3.0};
        SplitMix64 random = new SplitMix64(3);
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < d; i++) {
                x[k * d + i] = random.nextGaussian();
                y[k] += x[k * d + i] * beta[i];
            }
        }
        assertArrayEquals(beta, LeastSquares.solve(x, y, n, d), 1e-10);
        assertEquals(0.0, LeastSquares.halfMse(x, beta, y, n, d), 1e-20);
    }

    @Test
    void residualIsOrthogonalToTheColumns() {
        int n = 50;
        int d = 3;
        SplitMix64 random = new SplitMix64(9);
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        for (int k = 0; k < n; k++) {
            y[k] = random.nextGaussian();
        }
        double[] beta = LeastSquares.solve(x, y, n, d);
        for (int i = 0; i < d; i++) {
            double inner = 0;
            for (int k = 0; k < n; k++) {
                double residual = y[k];
                for (int j = 0; j < d; j++) {
                    residual -= x[k * d + j] * beta[j];
                }
                inner += x[k * d + i] * residual;
            }
            assertEquals(0.0, inner, 1e-10);
        }
    }
}
