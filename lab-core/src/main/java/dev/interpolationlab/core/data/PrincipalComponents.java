package dev.interpolationlab.core.data;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * The top-k principal directions of n×d rows: eigenvectors of the sample covariance with the k largest eigenvalues,
 * each signed so that its largest-magnitude entry is positive (a deterministic choice). Projection centres by the
 * training mean.
 */
public final class PrincipalComponents {

    private final int d;
    private final int k;
    private final double[] mean;
    private final double[] directions; // k×d row-major

    private PrincipalComponents(int d, int k, double[] mean, double[] directions) {
        this.d = d;
        this.k = k;
        this.mean = mean;
        this.directions = directions;
    }

    public static PrincipalComponents fit(double[] x, int n, int d, int k) {
        if (k > d) {
            throw new IllegalArgumentException("cannot keep " + k + " principal components of " + d + "-dimensional data");
        }
        double[] mean = new double[d];
        for (int row = 0; row < n; row++) {
            for (int i = 0; i < d; i++) {
                mean[i] += x[row * d + i] / n;
            }
        }
        double[][] covariance = new double[d][d];
        double[] centred = new double[d];
        for (int row = 0; row < n; row++) {
            for (int i = 0; i < d; i++) {
                centred[i] = x[row * d + i] - mean[i];
            }
            for (int i = 0; i < d; i++) {
                double ci = centred[i];
                double[] line = covariance[i];
                for (int j = 0; j <= i; j++) {
                    line[j] += ci * centred[j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                covariance[i][j] /= Math.max(1, n - 1);
                covariance[j][i] = covariance[i][j];
            }
        }
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(covariance, false));
        double[] values = eigen.getRealEigenvalues();
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        double[] directions = new double[k * d];
        for (int c = 0; c < k; c++) {
            RealVector v = eigen.getEigenvector(order[c]);
            int largest = 0;
            for (int i = 1; i < d; i++) {
                if (Math.abs(v.getEntry(i)) > Math.abs(v.getEntry(largest))) {
                    largest = i;
                }
            }
            double sign = v.getEntry(largest) < 0 ? -1.0 : 1.0;
            for (int i = 0; i < d; i++) {
                directions[c * d + i] = sign * v.getEntry(i);
            }
        }
        return new PrincipalComponents(d, k, mean, directions);
    }

    /** Rows × k coordinates of the centred rows along the principal directions. */
    public double[] project(double[] x, int rows) {
        double[] projected = new double[rows * k];
        for (int row = 0; row < rows; row++) {
            for (int c = 0; c < k; c++) {
                double sum = 0.0;
                for (int i = 0; i < d; i++) {
                    sum += (x[row * d + i] - mean[i]) * directions[c * d + i];
                }
                projected[row * k + c] = sum;
            }
        }
        return projected;
    }
}
