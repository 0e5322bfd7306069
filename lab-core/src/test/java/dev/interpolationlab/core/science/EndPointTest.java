package dev.interpolationlab.core.science;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.core.data.DataSet;
import dev.interpolationlab.core.linalg.LeastSquares;
import dev.interpolationlab.core.random.SplitMix64;
import org.junit.jupiter.api.Test;

class EndPointTest {

    private static DataSet noisyLinearTeacher(int n, int d, long seed) {
        SplitMix64 random = new SplitMix64(seed);
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < d; i++) {
                x[k * d + i] = random.nextGaussian();
                y[k] += x[k * d + i] / Math.sqrt(d);
            }
            y[k] += 0.5 * random.nextGaussian();
        }
        return DataSet.regression(n, d, x, y, 0, new double[0], new double[0], null);
    }

    @Test
    void twoOpposedNeuronsOnTheOlsDirectionAreTheOlsFunction() {
        // σ(β̂·x) − σ(−β̂·x) = β̂·x: the network is exactly the OLS predictor, so β_eff = β̂ and the distance is 0
        int n = 200;
        int d = 4;
        DataSet data = noisyLinearTeacher(n, d, 3);
        double[] ols = LeastSquares.solve(data.x(), data.y(), n, d);
        double[] theta = new double[2 * d + 2];
        for (int i = 0; i < d; i++) {
            theta[i] = ols[i];
            theta[d + i] = -ols[i];
        }
        theta[2 * d] = 1.0;
        theta[2 * d + 1] = -1.0;
        EndPoint end = EndPoint.measure(data, false, 2, 1.0, theta);
        assertEquals(1.0, end.olsAlignment(), 1e-12);
        assertEquals(0.0, end.olsDistance(), 1e-20);
        // OLS's residual is orthogonal to x, but not to the half-space features 1{w·x > 0}x: a small gradient remains
        double olsLoss = 0.0;
        for (int k = 0; k < n; k++) {
            double r = data.y()[k];
            for (int i = 0; i < d; i++) {
                r -= ols[i] * data.x()[k * d + i];
            }
            olsLoss += r * r / (2.0 * n);
        }
        assertEquals(olsLoss, end.trainLoss(), 1e-12);
        assertTrue(end.hessianConverged());
        assertTrue(end.hessianMax() > 0);
    }

    @Test
    void theZeroNetworkIsASaddleOfTheLoss() {
        // at θ = 0 every a_j·w_j cross term has curvature ∓‖(1/n)Σ y_k 1{w·x_k > 0} x_k‖ — the early-alignment saddle.
        // At exactly 0 the ReLU features are all off, so perturb to generic small weights (the kinks are not crossed).
        int n = 100;
        int d = 3;
        int m = 20;
        DataSet data = noisyLinearTeacher(n, d, 4);
        SplitMix64 random = new SplitMix64(9);
        double[] theta = new double[m * d + m];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 1e-6 * random.nextGaussian();
        }
        EndPoint end = EndPoint.measure(data, false, m, 1.0, theta);
        assertTrue(end.hessianConverged());
        assertTrue(end.hessianMin() < -0.05, "λ_min = " + end.hessianMin());
        assertTrue(end.hessianMax() > 0.05, "λ_max = " + end.hessianMax());
    }
}
