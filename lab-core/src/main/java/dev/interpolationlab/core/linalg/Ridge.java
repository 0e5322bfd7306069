package dev.interpolationlab.core.linalg;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Ridge regression in closed form, θ̂_λ = argmin (1/n)‖y − Φθ‖² + λ‖θ‖² (Hastie et al., science.md T2), and its
 * ridgeless limit λ → 0⁺, the minimum-norm least-squares solution Φ⁺y (T1, T4). Solved through the eigen-decomposition
 * of the smaller Gram matrix, so that it stays exact for p < n, p > n and rank-deficient Φ alike:
 * <pre>
 *   p ≤ n:  ΦᵀΦ = V Λ Vᵀ,  θ̂ = V (Λ + nλ)⁺ Vᵀ Φᵀ y
 *   p &gt; n:  ΦΦᵀ = U Λ Uᵀ,  θ̂ = Φᵀ U (Λ + nλ)⁺ Uᵀ y
 * </pre>
 * (Λ + nλ)⁺ inverts the eigenvalues above λ_max·max(n, p)·2⁻⁵² (those below are rounding noise of a zero eigenvalue)
 * and drops the rest, as numpy's pinv does with its default cut-off.
 */
public final class Ridge {

    private Ridge() {
    }

    public static double[] solve(double[] phi, double[] y, int n, int p, double lambda) {
        return p <= n ? solveTall(phi, y, n, p, lambda) : solveWide(phi, y, n, p, lambda);
    }

    private static double[] solveTall(double[] phi, double[] y, int n, int p, double lambda) {
        double[][] gram = new double[p][p];
        double[] projected = new double[p]; // Φᵀy
        for (int i = 0; i < n; i++) {
            int row = i * p;
            for (int a = 0; a < p; a++) {
                double value = phi[row + a];
                projected[a] += value * y[i];
                double[] line = gram[a];
                for (int b = 0; b <= a; b++) {
                    line[b] += value * phi[row + b];
                }
            }
        }
        symmetrise(gram);
        return pseudoInverseApply(gram, projected, n * lambda, Math.max(n, p));
    }

    private static double[] solveWide(double[] phi, double[] y, int n, int p, double lambda) {
        double[][] gram = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = 0.0;
                for (int a = 0; a < p; a++) {
                    sum += phi[i * p + a] * phi[j * p + a];
                }
                gram[i][j] = sum;
            }
        }
        symmetrise(gram);
        double[] dual = pseudoInverseApply(gram, y, n * lambda, Math.max(n, p));
        double[] theta = new double[p];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < p; a++) {
                theta[a] += phi[i * p + a] * dual[i];
            }
        }
        return theta;
    }

    /** (A + shift·I)⁺ b for symmetric positive semi-definite A. */
    private static double[] pseudoInverseApply(double[][] a, double[] b, double shift, int size) {
        int k = a.length;
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(a, false));
        double[] values = eigen.getRealEigenvalues();
        RealMatrix vectors = eigen.getV();
        double largest = 0.0;
        for (double value : values) {
            largest = Math.max(largest, value);
        }
        double cutoff = largest * size * 0x1p-52;
        double[] result = new double[k];
        for (int c = 0; c < k; c++) {
            if (values[c] <= cutoff) {
                continue;
            }
            double coordinate = 0.0;
            for (int i = 0; i < k; i++) {
                coordinate += vectors.getEntry(i, c) * b[i];
            }
            coordinate /= values[c] + shift;
            for (int i = 0; i < k; i++) {
                result[i] += vectors.getEntry(i, c) * coordinate;
            }
        }
        return result;
    }

    private static void symmetrise(double[][] lower) {
        for (int i = 0; i < lower.length; i++) {
            for (int j = 0; j < i; j++) {
                lower[j][i] = lower[i][j];
            }
        }
    }
}
