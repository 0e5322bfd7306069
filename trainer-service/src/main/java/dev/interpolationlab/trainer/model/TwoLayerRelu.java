package dev.interpolationlab.trainer.model;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two-layer ReLU network of Boursier & Flammarion (science.md §1(a)), without biases:
 *
 * <pre>  h_θ(x) = Σ_{j=1..m} a_j σ(w_j·x),   σ = ReLU,   θ = (W ∈ R^{m×d}, a ∈ R^m)</pre>
 *
 * trained on L(θ) = c·(1/2n) Σ_k (h_θ(x_k) − y_k)², c = 1 for the half-MSE and 2 for the MSE ({@link Loss}). A
 * hidden bias is an input column of ones, so b_j is the last weight of w_j. One object owns the training set and
 * every buffer a gradient step needs, allocated once: a step allocates nothing. The two matrix products go to
 * ND4J's gemm; the elementwise work (ReLU, output, residual, ReLU derivative) is one fused pass over the n×m
 * pre-activations, read and written in place through a view of ND4J's native buffer.
 */
public final class TwoLayerRelu {

    private final int n;
    private final int d;
    private final int m;
    private final double lossScale;
    private final INDArray x;         // n×d training inputs
    private final double[] y;         // n labels
    private final INDArray w;         // m×d first-layer weights
    private final double[] a;         // m output weights
    private final INDArray z;         // n×m pre-activations X Wᵀ, then reused for ∂L/∂Z
    private final INDArray gradW;     // m×d
    private final double[] gradA;     // m
    private final double[] residual;  // n: h(x_k) − y_k
    private final DoubleBuffer zView;
    private final DoubleBuffer wView;
    private final DoubleBuffer gradWView;

    public TwoLayerRelu(double[] inputs, double[] labels, int n, int d, int m, Loss loss) {
        this.n = n;
        this.d = d;
        this.m = m;
        this.lossScale = loss.scale();
        this.x = Nd4j.create(inputs, new long[] {n, d}, DataType.DOUBLE);
        this.y = labels.clone();
        this.w = Nd4j.zeros(DataType.DOUBLE, m, d);
        this.a = new double[m];
        this.z = Nd4j.zeros(DataType.DOUBLE, n, m);
        this.gradW = Nd4j.zeros(DataType.DOUBLE, m, d);
        this.gradA = new double[m];
        this.residual = new double[n];
        this.zView = z.data().asNioDouble();
        this.wView = w.data().asNioDouble();
        this.gradWView = gradW.data().asNioDouble();
    }

    /**
     * Computes L(θ) and ∇L(θ) at the current parameters (kept in gradW, gradA). With r_k = h(x_k) − y_k:
     * ∂L/∂a_j = (c/n) Σ_k r_k σ(w_j·x_k) and ∂L/∂w_j = (c/n) Σ_k r_k a_j 1{w_j·x_k > 0} x_k, i.e. ∇_W L = Gᵀ X with
     * G_kj = c r_k a_j 1{z_kj > 0} / n.
     *
     * @return the training loss L(θ)
     */
    public double lossAndGradient() {
        Nd4j.gemm(x, w, z, false, true, 1.0, 0.0);
        double sumSquares = 0.0;
        for (int k = 0; k < n; k++) {
            double r = output(zView, k * m) - y[k];
            residual[k] = r;
            sumSquares += r * r;
        }
        java.util.Arrays.fill(gradA, 0.0);
        double gradientScale = lossScale / n;
        for (int k = 0; k < n; k++) {
            int row = k * m;
            double scaledResidual = residual[k] * gradientScale;
            for (int j = 0; j < m; j++) {
                double preActivation = zView.get(row + j);
                if (preActivation > 0.0) {
                    gradA[j] += preActivation * scaledResidual;
                    zView.put(row + j, scaledResidual * a[j]);
                } else {
                    zView.put(row + j, 0.0);
                }
            }
        }
        Nd4j.gemm(z, x, gradW, true, false, 1.0, 0.0);
        return sumSquares * 0.5 * lossScale / n;
    }

    /** h_θ(x) = Σ_j a_j σ(z_j) for the row of pre-activations z = W x starting at {@code row}. */
    private double output(DoubleBuffer preActivations, int row) {
        double output = 0.0;
        for (int j = 0; j < m; j++) {
            double preActivation = preActivations.get(row + j);
            if (preActivation > 0.0) {
                output += a[j] * preActivation;
            }
        }
        return output;
    }

    /** θ ← θ − lr ∇L(θ), with the gradient of the last {@link #lossAndGradient()}. */
    public void gradientStep(double lr) {
        int size = m * d;
        for (int i = 0; i < size; i++) {
            wView.put(i, wView.get(i) - lr * gradWView.get(i));
        }
        for (int j = 0; j < m; j++) {
            a[j] -= lr * gradA[j];
        }
    }

    /** ‖∇L(θ)‖ of the last {@link #lossAndGradient()}. */
    public double gradientNorm() {
        double sum = 0.0;
        int size = m * d;
        for (int i = 0; i < size; i++) {
            double g = gradWView.get(i);
            sum += g * g;
        }
        for (double g : gradA) {
            sum += g * g;
        }
        return Math.sqrt(sum);
    }

    /** ‖θ‖ = sqrt(‖W‖²_F + ‖a‖²). */
    public double parameterNorm() {
        double sum = 0.0;
        int size = m * d;
        for (int i = 0; i < size; i++) {
            double v = wView.get(i);
            sum += v * v;
        }
        for (double v : a) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    /** h_θ(x_k) for each row of an evaluation set. */
    public EvaluationSet evaluationSet(double[] inputs, double[] targets, int rows) {
        return new EvaluationSet(inputs, targets, rows);
    }

    /** Parameters flattened as (W row-major, a): for checkpoints and for tests. */
    public double[] parameters() {
        double[] theta = new double[m * d + m];
        wView.get(0, theta, 0, m * d);
        System.arraycopy(a, 0, theta, m * d, m);
        return theta;
    }

    public void setParameters(double[] theta) {
        wView.put(0, theta, 0, m * d);
        System.arraycopy(theta, m * d, a, 0, m);
    }

    /** The gradient of the last {@link #lossAndGradient()}, flattened like {@link #parameters()}. */
    public double[] gradient() {
        double[] g = new double[m * d + m];
        gradWView.get(0, g, 0, m * d);
        System.arraycopy(gradA, 0, g, m * d, m);
        return g;
    }

    /**
     * A held-out set with its own preallocated pre-activation buffer, so evaluating it while recording allocates
     * nothing either.
     */
    public final class EvaluationSet {
        private final INDArray inputs;
        private final double[] targets;
        private final int rows;
        private final INDArray preActivations;
        private final DoubleBuffer view;

        private EvaluationSet(double[] inputs, double[] targets, int rows) {
            this.inputs = Nd4j.create(inputs, new long[] {rows, d}, DataType.DOUBLE);
            this.targets = targets.clone();
            this.rows = rows;
            this.preActivations = Nd4j.zeros(DataType.DOUBLE, rows, m);
            this.view = preActivations.data().asNioDouble();
        }

        /** The training loss's formula on this set: c·(1/2 n_eval) Σ_k (h_θ(x_k) − t_k)². */
        public double loss() {
            Nd4j.gemm(inputs, w, preActivations, false, true, 1.0, 0.0);
            double sum = 0.0;
            for (int k = 0; k < rows; k++) {
                double r = output(view, k * m) - targets[k];
                sum += r * r;
            }
            return lossScale * sum / (2.0 * rows);
        }
    }
}
