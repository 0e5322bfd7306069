package dev.interpolationlab.trainer.model;

import dev.interpolationlab.core.random.SplitMix64;

/**
 * A multilayer perceptron with ReLU hidden layers, the memorisation model of Zhang et al. (science.md §1(f), RE-7):
 * sizes d → m → … → m → K. With K classes the outputs are scores z and the loss is the softmax cross-entropy
 * L = −(1/n) Σ_i log softmax(z_i)_{y_i}; with K = 1 it is a squared loss on the single output. Layout of θ: for each
 * layer l, W_l (out×in, row-major) then b_l (out) when the network has biases. Backpropagation, with a_0 = x:
 * <pre>
 *   z_l = W_l a_{l−1} + b_l,   a_l = σ(z_l)
 *   δ_L = (softmax(z_L) − e_y)/n  (cross-entropy)  or  (c/n)(z_L − y)  (squared)
 *   ∇W_l = Σ_i δ_l a_{l−1}ᵀ,   ∇b_l = Σ_i δ_l,   δ_{l−1} = (W_lᵀ δ_l) ⊙ 1{z_{l−1} &gt; 0}
 * </pre>
 * Every buffer is allocated when the network is bound; loops run sample by sample, so sums have a fixed order.
 */
public final class Mlp implements Classifier {

    private final int n;
    private final int[] sizes;        // d, m, …, m, K
    private final int[] weightOffset; // where W_l starts in θ
    private final int[] biasOffset;   // where b_l starts in θ, or −1
    private final int parameterCount;
    private final Loss squaredLoss;   // null for cross-entropy
    private final double[] x;
    private final double[] y;
    private final double[][] activations; // a_l, n×sizes[l]; a_0 aliases x
    private final double[][] deltas;      // δ_l, n×sizes[l]
    private final double[] output;
    private final double[] residual;

    /** {@code squaredLoss} null means softmax cross-entropy over {@code classes} outputs. */
    public Mlp(double[] inputs, double[] labels, int n, int d, int width, int depth, int classes, boolean bias, Loss squaredLoss) {
        this.n = n;
        this.sizes = new int[depth + 2];
        sizes[0] = d;
        for (int l = 1; l <= depth; l++) {
            sizes[l] = width;
        }
        sizes[depth + 1] = squaredLoss == null ? classes : 1;
        this.weightOffset = new int[sizes.length];
        this.biasOffset = new int[sizes.length];
        int offset = 0;
        for (int l = 1; l < sizes.length; l++) {
            weightOffset[l] = offset;
            offset += sizes[l] * sizes[l - 1];
            biasOffset[l] = bias ? offset : -1;
            offset += bias ? sizes[l] : 0;
        }
        this.parameterCount = offset;
        this.squaredLoss = squaredLoss;
        this.x = inputs.clone();
        this.y = labels.clone();
        this.activations = new double[sizes.length][];
        this.deltas = new double[sizes.length][];
        activations[0] = x;
        for (int l = 1; l < sizes.length; l++) {
            activations[l] = new double[n * sizes[l]];
            deltas[l] = new double[n * sizes[l]];
        }
        this.output = new double[n];
        this.residual = new double[n];
    }

    /**
     * Glorot-normal weights, std = scale·√(2/(fan_in + fan_out)) (as in pluskid/fitting-random-labels), zero biases.
     */
    public double[] initialise(double scale, SplitMix64 random) {
        double[] theta = new double[parameterCount];
        for (int l = 1; l < sizes.length; l++) {
            double std = scale * Math.sqrt(2.0 / (sizes[l - 1] + sizes[l]));
            for (int k = 0; k < sizes[l] * sizes[l - 1]; k++) {
                theta[weightOffset[l] + k] = std * random.nextGaussian();
            }
        }
        return theta;
    }

    /** "W1[m×d] b1[m] … WL[K×m] bL[K]". */
    public String layout() {
        StringBuilder text = new StringBuilder();
        for (int l = 1; l < sizes.length; l++) {
            text.append(l == 1 ? "" : " ").append("W").append(l).append('[').append(sizes[l]).append('x').append(sizes[l - 1]).append(']');
            if (biasOffset[l] >= 0) {
                text.append(" b").append(l).append('[').append(sizes[l]).append(']');
            }
        }
        return text.toString();
    }

    @Override
    public String kernel() {
        return "mlp scalar-java";
    }

    @Override
    public int parameterCount() {
        return parameterCount;
    }

    @Override
    public double loss(double[] theta) {
        forward(theta);
        int last = sizes.length - 1;
        return squaredLoss == null ? crossEntropy(activations[last], sizes[last], deltas[last]) : squared(activations[last], deltas[last]);
    }

    @Override
    public double lossAndGradient(double[] theta, double[] gradient) {
        double value = loss(theta);
        java.util.Arrays.fill(gradient, 0.0);
        for (int l = sizes.length - 1; l >= 1; l--) {
            int out = sizes[l];
            int in = sizes[l - 1];
            double[] delta = deltas[l];
            double[] below = activations[l - 1];
            int w = weightOffset[l];
            for (int i = 0; i < n; i++) {
                for (int o = 0; o < out; o++) {
                    double g = delta[i * out + o];
                    if (g == 0.0) {
                        continue;
                    }
                    int row = w + o * in;
                    int a = i * in;
                    for (int k = 0; k < in; k++) {
                        gradient[row + k] += g * below[a + k];
                    }
                    if (biasOffset[l] >= 0) {
                        gradient[biasOffset[l] + o] += g;
                    }
                }
            }
            if (l > 1) {
                double[] deltaBelow = deltas[l - 1];
                java.util.Arrays.fill(deltaBelow, 0.0);
                for (int i = 0; i < n; i++) {
                    for (int o = 0; o < out; o++) {
                        double g = delta[i * out + o];
                        if (g == 0.0) {
                            continue;
                        }
                        int row = w + o * in;
                        int a = i * in;
                        for (int k = 0; k < in; k++) {
                            deltaBelow[a + k] += g * theta[row + k];
                        }
                    }
                    for (int k = 0; k < in; k++) {
                        if (below[i * in + k] <= 0.0) {
                            deltaBelow[i * in + k] = 0.0; // ReLU'(z) = 1{z > 0}, and a = 0 exactly when z ≤ 0
                        }
                    }
                }
            }
        }
        return value;
    }

    @Override
    public double accuracy(double[] theta) {
        forward(theta);
        int last = sizes.length - 1;
        int classes = sizes[last];
        double[] scores = activations[last];
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[i * classes + c] > scores[i * classes + best]) {
                    best = c;
                }
            }
            correct += best == (int) y[i] ? 1 : 0;
        }
        return (double) correct / n;
    }

    @Override
    public void load(double[] inputs, double[] labels, int[] rows) {
        int d = sizes[0];
        for (int i = 0; i < n; i++) {
            System.arraycopy(inputs, rows[i] * d, x, i * d, d);
            y[i] = labels[rows[i]];
        }
    }

    /** a_l for every layer; the last layer is linear. */
    private void forward(double[] theta) {
        for (int l = 1; l < sizes.length; l++) {
            int out = sizes[l];
            int in = sizes[l - 1];
            double[] below = activations[l - 1];
            double[] above = activations[l];
            boolean hidden = l < sizes.length - 1;
            for (int i = 0; i < n; i++) {
                for (int o = 0; o < out; o++) {
                    int row = weightOffset[l] + o * in;
                    double z = biasOffset[l] >= 0 ? theta[biasOffset[l] + o] : 0.0;
                    for (int k = 0; k < in; k++) {
                        z += theta[row + k] * below[i * in + k];
                    }
                    above[i * out + o] = hidden ? Math.max(z, 0.0) : z;
                }
            }
        }
    }

    /** L = −(1/n) Σ log softmax(z_i)_{y_i}, with δ = (softmax(z) − e_y)/n; max-shifted so exp never overflows. */
    private double crossEntropy(double[] scores, int classes, double[] delta) {
        double total = 0.0;
        for (int i = 0; i < n; i++) {
            int row = i * classes;
            double largest = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                largest = Math.max(largest, scores[row + c]);
            }
            double sum = 0.0;
            for (int c = 0; c < classes; c++) {
                delta[row + c] = Math.exp(scores[row + c] - largest);
                sum += delta[row + c];
            }
            int label = (int) y[i];
            total += Math.log(sum) - (scores[row + label] - largest);
            for (int c = 0; c < classes; c++) {
                delta[row + c] = (delta[row + c] / sum - (c == label ? 1.0 : 0.0)) / n;
            }
        }
        return total / n;
    }

    private double squared(double[] outputs, double[] delta) {
        System.arraycopy(outputs, 0, output, 0, n);
        double value = squaredLoss.residuals(output, y, n, residual);
        System.arraycopy(residual, 0, delta, 0, n);
        return value;
    }
}
