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

    /** The factor c in L = c·(1/2n) Σ r_k². */
    public double scale() {
        return scale;
    }
}
