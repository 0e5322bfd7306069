package dev.interpolationlab.core.features;

import dev.interpolationlab.proto.v1.ModelSpec;
import java.util.Arrays;

/**
 * A trained model rebuilt from its final parameters, for what analysis measures after training: its hidden features
 * (the space whose convex hull Balestriero et al. also examine, science.md §1(c)) and the gradient of its output with
 * respect to the input (the Lipschitz lower estimate held against Bubeck &amp; Sellke's √(nd/p), §1(d)).
 *
 * <p>Inputs are rows of the d raw coordinates; a model with a bias sees them with a constant 1 appended, as the
 * trainer fed them. Supported: two-layer ReLU networks (hidden features σ(w_j·x + b_j); θ = W[m×d′] then a[m]),
 * ReLU random features (features rebuilt from the run seed; θ = a[N]), linear models (θ = β[d′]; the features are
 * the inputs) and classifiers with one ReLU hidden layer (mlp of depth 1: θ = W1[m×d] b1[m] W2[K×m] b2[K], biases
 * only when it has them; their K scores are not one output, so only their hidden features are rebuilt).
 */
public final class TrainedModel {

    private final int d;
    private final boolean bias;
    private final int inputs; // d′ = d, plus 1 with a bias
    private final int hidden;
    private final double[] directions; // hidden×d′: w_j (two-layer) or w_a/√d (random features); null for linear
    private final double[] outputWeights; // a (hidden) or β (d′); null for a classifier, whose output is K scores
    private final int parameters;

    private TrainedModel(int d, boolean bias, int hidden, double[] directions, double[] outputWeights, int parameters) {
        this.d = d;
        this.bias = bias;
        this.inputs = d + (bias ? 1 : 0);
        this.hidden = hidden;
        this.directions = directions;
        this.outputWeights = outputWeights;
        this.parameters = parameters;
    }

    /**
     * @param d      the raw input dimension
     * @param theta  the final parameters in the trainer's layout
     * @param seed   the run seed (random features rebuild their directions from it)
     * @return the model, or null for a kind this class cannot rebuild (deeper mlps, GeLU networks) or a θ of the wrong size
     */
    public static TrainedModel of(ModelSpec model, int d, double[] theta, long seed) {
        int inputs = d + (model.getBias() ? 1 : 0);
        int m = model.getWidth();
        switch (model.getKind()) {
            case "two-layer" -> {
                if (!model.getActivation().equals("relu") || theta.length != m * inputs + m) {
                    return null;
                }
                double[] w = Arrays.copyOf(theta, m * inputs);
                double[] a = Arrays.copyOfRange(theta, m * inputs, theta.length);
                return new TrainedModel(d, model.getBias(), m, w, a, theta.length);
            }
            case "random-features" -> {
                if (theta.length != m) {
                    return null;
                }
                double[] w = RandomReluFeatures.draw(m, inputs, seed).scaledDirections();
                return new TrainedModel(d, model.getBias(), m, w, theta.clone(), m);
            }
            case "linear" -> {
                return theta.length == inputs ? new TrainedModel(d, model.getBias(), 0, null, theta.clone(), inputs) : null;
            }
            case "mlp" -> {
                return model.getDepth() == 1 ? hiddenLayerOf(d, model.getBias(), m, theta) : null;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * The first layer of a depth-1 mlp as the directions w̃_j = (W1_j, b1_j), when θ's size is that of some number
     * K ≥ 1 of outputs: m·d (+ m) + K·m (+ K).
     */
    private static TrainedModel hiddenLayerOf(int d, boolean bias, int m, double[] theta) {
        int firstLayer = m * d + (bias ? m : 0);
        int perOutput = m + (bias ? 1 : 0);
        int rest = theta.length - firstLayer;
        if (m <= 0 || rest < perOutput || rest % perOutput != 0) {
            return null;
        }
        int inputs = d + (bias ? 1 : 0);
        double[] directions = new double[m * inputs];
        for (int j = 0; j < m; j++) {
            System.arraycopy(theta, j * d, directions, j * inputs, d);
            if (bias) {
                directions[j * inputs + d] = theta[m * d + j];
            }
        }
        return new TrainedModel(d, bias, m, directions, null, theta.length);
    }

    /** Whether the model has one output h(x) ({@link #output}, {@link #inputGradientNorm}); a classifier has K scores. */
    public boolean scalarOutput() {
        return outputWeights != null;
    }

    /** p, the number of trained parameters (random features: only the output layer is trained). */
    public int parameters() {
        return parameters;
    }

    /** The hidden dimension (m or N); 0 for a linear model, whose feature space is its input space. */
    public int hiddenDim() {
        return hidden;
    }

    /** The hidden features σ(w_j·x̃) of {@code rows} inputs, rows×hiddenDim. */
    public double[] hidden(double[] x, int rows) {
        double[] features = new double[rows * hidden];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < hidden; j++) {
                features[i * hidden + j] = Math.max(preActivation(x, i, j), 0.0);
            }
        }
        return features;
    }

    /**
     * ‖∇ₓ h(x)‖ at input row {@code row}: Σ_j a_j 1{w_j·x̃ &gt; 0} w_j restricted to the d raw coordinates (the bias
     * input is constant), or β for a linear model. Its maximum over sampled points is a lower estimate of the
     * Lipschitz constant of h.
     */
    public double inputGradientNorm(double[] x, int row) {
        requireScalarOutput();
        double normSquared = 0.0;
        if (directions == null) {
            for (int k = 0; k < d; k++) {
                normSquared += outputWeights[k] * outputWeights[k];
            }
            return Math.sqrt(normSquared);
        }
        double[] gradient = new double[d];
        for (int j = 0; j < hidden; j++) {
            if (preActivation(x, row, j) > 0.0) {
                for (int k = 0; k < d; k++) {
                    gradient[k] += outputWeights[j] * directions[j * inputs + k];
                }
            }
        }
        for (double g : gradient) {
            normSquared += g * g;
        }
        return Math.sqrt(normSquared);
    }

    /** h(x) at input row {@code row}. */
    public double output(double[] x, int row) {
        requireScalarOutput();
        if (directions == null) {
            double sum = bias ? outputWeights[d] : 0.0;
            for (int k = 0; k < d; k++) {
                sum += outputWeights[k] * x[row * d + k];
            }
            return sum;
        }
        double sum = 0.0;
        for (int j = 0; j < hidden; j++) {
            sum += outputWeights[j] * Math.max(preActivation(x, row, j), 0.0);
        }
        return sum;
    }

    private void requireScalarOutput() {
        if (outputWeights == null) {
            throw new IllegalStateException("a classifier's output is K scores, not one h(x)");
        }
    }

    private double preActivation(double[] x, int row, int j) {
        double z = bias ? directions[j * inputs + d] : 0.0;
        for (int k = 0; k < d; k++) {
            z += directions[j * inputs + k] * x[row * d + k];
        }
        return z;
    }
}
