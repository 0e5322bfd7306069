package dev.interpolationlab.core.features;

import dev.interpolationlab.core.linalg.Lanczos;

/**
 * The training loss of a two-layer ReLU network around a parameter vector θ, for the second-order test of an end
 * point: L(θ) = c·(1/2n) Σ_k (h_θ(x_k) − y_k)² with h_θ(x) = Σ_j a_j σ(w_j·x̃) (c = 1 for half-mse, 2 for mse; x̃ is x
 * with a constant 1 appended when the model has a bias), its gradient, and exact Hessian-vector products by
 * forward-over-reverse differentiation (Pearlmutter 1994, "Fast exact multiplication by the Hessian"). With
 * r_k = h_k − y_k, z_jk = w_j·x̃_k and a direction v = (u_j, α_j):
 * <pre>
 *   δh_k        = Σ_j α_j σ(z_jk) + a_j σ'(z_jk) u_j·x̃_k
 *   (Hv)_{a_j}  = (c/n) Σ_k δh_k σ(z_jk) + r_k σ'(z_jk) u_j·x̃_k
 *   (Hv)_{w_j}  = (c/n) Σ_k (δh_k a_j + r_k α_j) σ'(z_jk) x̃_k
 * </pre>
 * (σ'' = 0 away from the kinks, where the loss is twice differentiable). θ is laid out as the trainer sends it:
 * W[m×d′] row by row, then a[m].
 */
public final class TwoLayerLandscape implements Lanczos.SymmetricOperator {

    private final int n;
    private final int d;
    private final int inputs;
    private final int m;
    private final double[] x; // n×d′, bias column included
    private final double[] y;
    private final double scale;
    private final double[] theta;
    private final double[] z; // n×m pre-activations at θ
    private final double[] residual; // r_k at θ
    private final double[] change; // δh_k of the current direction

    /**
     * @param x         n×d raw inputs, row-major
     * @param bias      whether the network sees a constant 1 appended to each input
     * @param lossScale c: 1 for half-mse, 2 for mse
     */
    public TwoLayerLandscape(double[] x, double[] y, int n, int d, boolean bias, int width, double lossScale, double[] theta) {
        this.n = n;
        this.d = d;
        this.inputs = d + (bias ? 1 : 0);
        this.m = width;
        if (theta.length != m * inputs + m) {
            throw new IllegalArgumentException("θ has " + theta.length + " values, not W[" + m + "x" + inputs + "] a[" + m + "]");
        }
        this.x = new double[n * inputs];
        for (int k = 0; k < n; k++) {
            System.arraycopy(x, k * d, this.x, k * inputs, d);
            if (bias) {
                this.x[k * inputs + d] = 1.0;
            }
        }
        this.y = y.clone();
        this.scale = lossScale;
        this.theta = theta.clone();
        this.z = new double[n * m];
        this.residual = new double[n];
        this.change = new double[n];
        for (int k = 0; k < n; k++) {
            double h = 0.0;
            for (int j = 0; j < m; j++) {
                double pre = dot(this.theta, j * inputs, this.x, k * inputs, inputs);
                z[k * m + j] = pre;
                h += a(j) * Math.max(pre, 0.0);
            }
            residual[k] = h - this.y[k];
        }
    }

    /** c for a regression loss name of the spec: half-mse or mse. */
    public static double lossScale(String loss) {
        return switch (loss) {
            case "half-mse" -> 1.0;
            case "mse" -> 2.0;
            default -> throw new IllegalArgumentException("no regression loss '" + loss + "'");
        };
    }

    @Override
    public int dim() {
        return theta.length;
    }

    public double loss() {
        double sum = 0.0;
        for (double r : residual) {
            sum += r * r;
        }
        return 0.5 * scale * sum / n;
    }

    /** The network's outputs h(x_k) on the training inputs. */
    public double[] outputs() {
        double[] h = new double[n];
        for (int k = 0; k < n; k++) {
            h[k] = residual[k] + y[k];
        }
        return h;
    }

    public double[] gradient() {
        double[] g = new double[theta.length];
        double c = scale / n;
        for (int k = 0; k < n; k++) {
            double r = c * residual[k];
            for (int j = 0; j < m; j++) {
                double pre = z[k * m + j];
                if (pre > 0.0) {
                    g[m * inputs + j] += r * pre;
                    axpy(r * a(j), x, k * inputs, g, j * inputs, inputs);
                }
            }
        }
        return g;
    }

    /** out = ∇²L(θ)·v. */
    @Override
    public void apply(double[] v, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        double c = scale / n;
        for (int k = 0; k < n; k++) {
            double dh = 0.0;
            for (int j = 0; j < m; j++) {
                double pre = z[k * m + j];
                if (pre > 0.0) {
                    dh += v[m * inputs + j] * pre + a(j) * dot(v, j * inputs, x, k * inputs, inputs);
                }
            }
            change[k] = dh;
        }
        for (int k = 0; k < n; k++) {
            double dh = c * change[k];
            double r = c * residual[k];
            for (int j = 0; j < m; j++) {
                double pre = z[k * m + j];
                if (pre > 0.0) {
                    double alpha = v[m * inputs + j];
                    out[m * inputs + j] += dh * pre + r * dot(v, j * inputs, x, k * inputs, inputs);
                    axpy(dh * a(j) + r * alpha, x, k * inputs, out, j * inputs, inputs);
                }
            }
        }
    }

    private double a(int j) {
        return theta[m * inputs + j];
    }

    private static double dot(double[] u, int uFrom, double[] v, int vFrom, int length) {
        double sum = 0.0;
        for (int i = 0; i < length; i++) {
            sum += u[uFrom + i] * v[vFrom + i];
        }
        return sum;
    }

    private static void axpy(double factor, double[] source, int from, double[] target, int to, int length) {
        for (int i = 0; i < length; i++) {
            target[to + i] += factor * source[from + i];
        }
    }
}
