package dev.interpolationlab.core.linalg;

/**
 * Ordinary least squares β̂ = argmin ‖Xβ − y‖² through the normal equations XᵀX β = Xᵀy, solved by Cholesky.
 * Meant for the small d of the baselines (d ≤ a few hundred); X is row-major n×d with n > d and full column rank.
 */
public final class LeastSquares {

    private LeastSquares() {
    }

    public static double[] solve(double[] x, double[] y, int n, int d) {
        double[] gram = new double[d * d];
        double[] rhs = new double[d];
        for (int k = 0; k < n; k++) {
            int row = k * d;
            for (int i = 0; i < d; i++) {
                double xi = x[row + i];
                rhs[i] += xi * y[k];
                for (int j = 0; j <= i; j++) {
                    gram[i * d + j] += xi * x[row + j];
                }
            }
        }
        choleskyInPlace(gram, d);
        return choleskySolve(gram, rhs, d);
    }

    /** Lower-triangular L with A = L Lᵀ, written over the lower triangle of {@code a}. */
    static void choleskyInPlace(double[] a, int d) {
        for (int j = 0; j < d; j++) {
            double diagonal = a[j * d + j];
            for (int k = 0; k < j; k++) {
                diagonal -= a[j * d + k] * a[j * d + k];
            }
            if (!(diagonal > 0.0)) {
                throw new ArithmeticException("XᵀX is not positive definite (the design matrix is rank-deficient)");
            }
            double pivot = Math.sqrt(diagonal);
            a[j * d + j] = pivot;
            for (int i = j + 1; i < d; i++) {
                double sum = a[i * d + j];
                for (int k = 0; k < j; k++) {
                    sum -= a[i * d + k] * a[j * d + k];
                }
                a[i * d + j] = sum / pivot;
            }
        }
    }

    /** Solves L Lᵀ β = b by forward then backward substitution. */
    static double[] choleskySolve(double[] l, double[] b, int d) {
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i * d + k] * z[k];
            }
            z[i] = sum / l[i * d + i];
        }
        double[] beta = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double sum = z[i];
            for (int k = i + 1; k < d; k++) {
                sum -= l[k * d + i] * beta[k];
            }
            beta[i] = sum / l[i * d + i];
        }
        return beta;
    }

    /** Half mean squared error (1/2n) Σ (x_k·β − t_k)² of a linear predictor against targets t. */
    public static double halfMse(double[] x, double[] beta, double[] targets, int n, int d) {
        double sum = 0.0;
        for (int k = 0; k < n; k++) {
            double prediction = 0.0;
            for (int i = 0; i < d; i++) {
                prediction += x[k * d + i] * beta[i];
            }
            double residual = prediction - targets[k];
            sum += residual * residual;
        }
        return sum / (2.0 * n);
    }
}
