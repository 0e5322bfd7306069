package dev.interpolationlab.core.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.core.random.SplitMix64;
import org.junit.jupiter.api.Test;

class LanczosTest {

    /** A = Q diag(λ) Qᵀ with Q a random orthogonal matrix (Householder), so the spectrum is known in closed form. */
    private static Lanczos.SymmetricOperator quadratic(double[] eigenvalues, long seed) {
        int p = eigenvalues.length;
        SplitMix64 random = new SplitMix64(seed);
        double[] u = new double[p];
        double norm = 0.0;
        for (int i = 0; i < p; i++) {
            u[i] = random.nextGaussian();
            norm += u[i] * u[i];
        }
        double[] householder = u;
        double scale = 2.0 / norm;
        return new Lanczos.SymmetricOperator() {
            @Override
            public int dim() {
                return p;
            }

            @Override
            public void apply(double[] v, double[] out) {
                // Q = I − 2uuᵀ/‖u‖² is symmetric and orthogonal: A v = Q Λ Q v
                double[] qv = reflect(v);
                for (int i = 0; i < p; i++) {
                    qv[i] *= eigenvalues[i];
                }
                System.arraycopy(reflect(qv), 0, out, 0, p);
            }

            private double[] reflect(double[] v) {
                double projection = 0.0;
                for (int i = 0; i < p; i++) {
                    projection += householder[i] * v[i];
                }
                double[] out = v.clone();
                for (int i = 0; i < p; i++) {
                    out[i] -= scale * projection * householder[i];
                }
                return out;
            }
        };
    }

    @Test
    void findsTheNegativeCurvatureOfASaddle() {
        // the Hessian of f(θ) = ½ θᵀAθ at its saddle point 0: one direction of negative curvature among 300
        double[] eigenvalues = new double[300];
        for (int i = 0; i < eigenvalues.length; i++) {
            eigenvalues[i] = 0.01 + 2.0 * i / eigenvalues.length;
        }
        eigenvalues[137] = -0.05;
        Lanczos.Extremes extremes = Lanczos.extremes(quadratic(eigenvalues, 3), 200, 1e-8);
        assertTrue(extremes.converged());
        assertEquals(-0.05, extremes.smallest(), 1e-7);
        assertEquals(0.01 + 2.0 * 299 / 300, extremes.largest(), 1e-7);
        assertTrue(extremes.smallestResidual() < 1e-6);
    }

    @Test
    void aMinimumHasNoNegativeRitzValue() {
        double[] eigenvalues = new double[200];
        for (int i = 0; i < eigenvalues.length; i++) {
            eigenvalues[i] = 1e-3 + i / 100.0;
        }
        Lanczos.Extremes extremes = Lanczos.extremes(quadratic(eigenvalues, 5), 150, 1e-8);
        assertTrue(extremes.converged());
        // Ritz values lie inside the spectrum: the smallest never undershoots λ_min
        assertTrue(extremes.smallest() >= 1e-3 - 1e-12);
        assertEquals(1e-3, extremes.smallest(), 1e-8);
    }

    @Test
    void anUnconvergedIterationSaysSo() {
        double[] eigenvalues = new double[400];
        for (int i = 0; i < eigenvalues.length; i++) {
            eigenvalues[i] = Math.sin(i) * Math.sin(i) - 0.5;
        }
        Lanczos.Extremes extremes = Lanczos.extremes(quadratic(eigenvalues, 9), 10, 1e-12);
        assertEquals(10, extremes.steps());
        assertTrue(!extremes.converged());
        assertTrue(extremes.smallest() >= -0.5 - 1e-12);
    }
}
