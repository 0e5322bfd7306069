package dev.interpolationlab.trainer.model;

/**
 * Regression losses as multiples of the half mean squared error (1/2n) Σ (h(x_k) − y_k)²: {@code half-mse}, the
 * loss of Boursier & Flammarion's analysis, and {@code mse}, PyTorch's MSELoss(reduction='mean') in the authors' code.
 */
public enum Loss {
    HALF_MSE("half-mse", 1.0),
    MSE("mse", 2.0);

    private final String name;
    private final double scale;

    Loss(String name, double scale) {
        this.name = name;
        this.scale = scale;
    }

    public static Loss of(String name) {
        for (Loss loss : values()) {
            if (loss.name.equals(name)) {
                return loss;
            }
        }
        throw new IllegalArgumentException("no regression loss '" + name + "'");
    }

    /**
     * From the outputs h_i: writes the scaled residuals ρ_i = (c/n)(h_i − y_i), the factor the gradient of L carries
     * back into the network, and returns L = c·(1/2n) Σ (h_i − y_i)².
     */
    public double residuals(double[] outputs, double[] targets, int n, double[] scaledResiduals) {
        double sumSquares = 0.0;
        double gradientScale = scale / n;
        for (int i = 0; i < n; i++) {
            double r = outputs[i] - targets[i];
            scaledResiduals[i] = gradientScale * r;
            sumSquares += r * r;
        }
        return 0.5 * scale * sumSquares / n;
    }

    /** The factor c in L = c·(1/2n) Σ r_k². */
    public double scale() {
        return scale;
    }
}
