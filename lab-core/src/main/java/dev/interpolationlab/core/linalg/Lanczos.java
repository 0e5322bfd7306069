package dev.interpolationlab.core.linalg;

import static dev.interpolationlab.core.linalg.Vectors.axpy;
import static dev.interpolationlab.core.linalg.Vectors.dot;
import static dev.interpolationlab.core.linalg.Vectors.norm;

import dev.interpolationlab.core.random.SplitMix64;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The extreme eigenvalues of a symmetric operator known only through its products A·v (for a training loss: Hessian-
 * vector products), by the Lanczos iteration with full reorthogonalisation (Golub &amp; Van Loan, Matrix Computations,
 * §10.1). After k steps the tridiagonal T_k = Q_kᵀ A Q_k has Ritz values θ_i; the residual of the Ritz pair (θ_i, Q_k s_i)
 * is |β_k · s_{k,i}|, and some eigenvalue of A lies within it of θ_i (Parlett, The Symmetric Eigenvalue Problem,
 * Thm 11.4.1). The smallest Ritz value is never below λ_min(A); the iteration stops once the residuals of both extreme
 * Ritz pairs are below {@code tolerance}·max|θ|, or after {@code maxSteps}. The start vector is drawn from a fixed
 * seed, so the same operator gives the same answer.
 */
public final class Lanczos {

    /** A symmetric linear operator: {@code out = A·v}. */
    public interface SymmetricOperator {
        int dim();

        void apply(double[] v, double[] out);
    }

    /**
     * @param smallest         the smallest Ritz value, an upper bound on λ_min(A)
     * @param smallestResidual its residual |β_k s_{k,1}|
     * @param largest          the largest Ritz value, a lower bound on λ_max(A)
     * @param largestResidual  its residual
     * @param steps            Lanczos steps taken (the Krylov dimension)
     * @param converged        both residuals below the tolerance (or the Krylov space became invariant)
     */
    public record Extremes(double smallest, double smallestResidual, double largest, double largestResidual, int steps,
            boolean converged) {
    }

    private static final long START_SEED = 0x1A4C_2050_5L;
    private static final int CHECK_EVERY = 5;

    private Lanczos() {
    }

    public static Extremes extremes(SymmetricOperator a, int maxSteps, double tolerance) {
        int p = a.dim();
        int limit = Math.min(maxSteps, p);
        double[][] q = new double[limit + 1][];
        double[] alpha = new double[limit];
        double[] beta = new double[limit];
        double[] w = new double[p];

        SplitMix64 random = new SplitMix64(START_SEED);
        double[] start = new double[p];
        for (int i = 0; i < p; i++) {
            start[i] = random.nextGaussian();
        }
        q[0] = scaled(start, 1.0 / norm(start));
        Extremes last = null;
        for (int k = 0; k < limit; k++) {
            a.apply(q[k], w);
            alpha[k] = dot(q[k], w);
            // full reorthogonalisation, twice ("twice is enough", Parlett §6.9): keeps Q orthonormal in floating point
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j <= k; j++) {
                    axpy(-dot(q[j], w), q[j], w);
                }
            }
            beta[k] = norm(w);
            boolean invariant = beta[k] <= 1e-14 * Math.max(1.0, Math.abs(alpha[k]));
            if ((k + 1) % CHECK_EVERY == 0 || k + 1 == limit || invariant) {
                last = ritz(alpha, beta, k + 1, invariant, tolerance);
                if (last.converged() || invariant) {
                    return last;
                }
            }
            q[k + 1] = scaled(w, 1.0 / beta[k]);
        }
        return last;
    }

    /** The extreme Ritz values of T_k and their residuals |β_k s_{k,i}|. */
    private static Extremes ritz(double[] alpha, double[] beta, int k, boolean invariant, double tolerance) {
        if (k == 1) {
            double residual = invariant ? 0.0 : beta[0];
            return new Extremes(alpha[0], residual, alpha[0], residual, 1, invariant);
        }
        double[] main = java.util.Arrays.copyOf(alpha, k);
        double[] secondary = java.util.Arrays.copyOf(beta, k - 1);
        EigenDecomposition eigen = new EigenDecomposition(main, secondary);
        double[] values = eigen.getRealEigenvalues();
        int lowest = 0;
        int highest = 0;
        for (int i = 1; i < values.length; i++) {
            lowest = values[i] < values[lowest] ? i : lowest;
            highest = values[i] > values[highest] ? i : highest;
        }
        double next = invariant ? 0.0 : beta[k - 1];
        double lowResidual = Math.abs(next * eigen.getEigenvector(lowest).getEntry(k - 1));
        double highResidual = Math.abs(next * eigen.getEigenvector(highest).getEntry(k - 1));
        double scale = Math.max(Math.abs(values[lowest]), Math.abs(values[highest]));
        boolean converged = invariant || (lowResidual <= tolerance * scale && highResidual <= tolerance * scale);
        return new Extremes(values[lowest], lowResidual, values[highest], highResidual, k, converged);
    }

    private static double[] scaled(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = factor * v[i];
        }
        return out;
    }
}
