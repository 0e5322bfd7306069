package dev.interpolationlab.trainer.model;

import org.apache.commons.math3.special.Erf;

/** The hidden activations σ of the two-layer networks, with their derivatives. */
public enum Activation {
    /** σ(z) = max(z, 0); σ'(0) is taken as 0, as PyTorch does. */
    RELU("relu") {
        @Override
        public double value(double z) {
            return z > 0.0 ? z : 0.0;
        }

        @Override
        public double derivative(double z) {
            return z > 0.0 ? 1.0 : 0.0;
        }
    },
    /** The exact GeLU σ(z) = z Φ(z), Φ the standard normal CDF (Hendrycks &amp; Gimpel; PyTorch's default GELU). */
    GELU("gelu") {
        private static final double INV_SQRT2 = 0.7071067811865476;
        private static final double INV_SQRT_2PI = 0.3989422804014327;

        @Override
        public double value(double z) {
            return z * normalCdf(z);
        }

        /** σ'(z) = Φ(z) + z φ(z). */
        @Override
        public double derivative(double z) {
            return normalCdf(z) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z);
        }

        private double normalCdf(double z) {
            return 0.5 * Erf.erfc(-z * INV_SQRT2);
        }
    };

    private final String name;

    Activation(String name) {
        this.name = name;
    }

    public abstract double value(double z);

    public abstract double derivative(double z);

    public static Activation of(String name) {
        for (Activation activation : values()) {
            if (activation.name.equals(name)) {
                return activation;
            }
        }
        throw new IllegalArgumentException("no activation '" + name + "'");
    }
}
