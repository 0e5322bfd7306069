package dev.interpolationlab.trainer.model;

/**
 * A model linear in its parameters, h_θ(x) = θ·φ(x), on a squared loss: the {@code linear} model (φ(x) = x, with a
 * trailing 1 for the intercept) and the second layer of {@code random-features} (φ the fixed ReLU features). The
 * features of the bound samples are precomputed (n×p, row-major). With ρ_i = (c/n)(h(x_i) − y_i), ∇L = Φᵀρ.
 * Gradient descent from θ = 0 stays in the row space of Φ and so converges to the minimum-norm interpolator when
 * p > n (the ridgeless limit of science.md T1/T4).
 */
public final class FeatureRegression implements Objective {

    private final int n;
    private final int p;
    private final Loss loss;
    private final double[] features;
    private final double[] y;
    private final double[] output;
    private final double[] residual;

    public FeatureRegression(double[] features, double[] labels, int n, int p, Loss loss) {
        this.n = n;
        this.p = p;
        this.loss = loss;
        this.features = features.clone();
        this.y = labels.clone();
        this.output = new double[n];
        this.residual = new double[n];
    }

    @Override
    public String kernel() {
        return "feature-regression scalar-java";
    }

    @Override
    public int parameterCount() {
        return p;
    }

    @Override
    public double lossAndGradient(double[] theta, double[] gradient) {
        double value = loss(theta);
        java.util.Arrays.fill(gradient, 0.0);
        for (int i = 0; i < n; i++) {
            double rho = residual[i];
            int row = i * p;
            for (int k = 0; k < p; k++) {
                gradient[k] += rho * features[row + k];
            }
        }
        return value;
    }

    @Override
    public double loss(double[] theta) {
        for (int i = 0; i < n; i++) {
            double h = 0.0;
            int row = i * p;
            for (int k = 0; k < p; k++) {
                h += features[row + k] * theta[k];
            }
            output[i] = h;
        }
        return loss.residuals(output, y, n, residual);
    }

    @Override
    public void load(double[] inputs, double[] labels, int[] rows) {
        for (int i = 0; i < n; i++) {
            System.arraycopy(inputs, rows[i] * p, features, i * p, p);
            y[i] = labels[rows[i]];
        }
    }
}
