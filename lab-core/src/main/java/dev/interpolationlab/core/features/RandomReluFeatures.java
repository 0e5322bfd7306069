package dev.interpolationlab.core.features;

import dev.interpolationlab.core.random.SplitMix64;

/**
 * The random-features map of Mei & Montanari (science.md T4): φ_a(x) = σ(⟨w_a, x⟩)/√d with σ = ReLU and w_a uniform on
 * the unit sphere S^{d−1}, N features. The directions are drawn from the run seed (stream "features"), so analysis
 * can rebuild a trained model's hidden features from its seed and its second-layer weights alone.
 */
public final class RandomReluFeatures {

    private final int count;
    private final int d;
    private final double[] directions; // N×d, unit rows

    private RandomReluFeatures(int count, int d, double[] directions) {
        this.count = count;
        this.d = d;
        this.directions = directions;
    }

    public static RandomReluFeatures draw(int count, int d, long runSeed) {
        SplitMix64 random = SplitMix64.stream(runSeed, "features");
        double[] directions = new double[count * d];
        for (int a = 0; a < count; a++) {
            double normSquared = 0.0;
            while (normSquared == 0.0) {
                for (int i = 0; i < d; i++) {
                    directions[a * d + i] = random.nextGaussian();
                    normSquared += directions[a * d + i] * directions[a * d + i];
                }
            }
            double norm = Math.sqrt(normSquared);
            for (int i = 0; i < d; i++) {
                directions[a * d + i] /= norm;
            }
        }
        return new RandomReluFeatures(count, d, directions);
    }

    /** The rows w_a/√d (N×d): φ_a(x) = max(⟨w_a/√d, x⟩, 0), since ReLU is positively homogeneous. */
    public double[] scaledDirections() {
        double[] scaled = directions.clone();
        double scale = 1.0 / Math.sqrt(d);
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= scale;
        }
        return scaled;
    }

    /** Φ (rows×N, row-major) for rows×d inputs x. */
    public double[] map(double[] x, int rows) {
        double[] phi = new double[rows * count];
        double scale = 1.0 / Math.sqrt(d);
        for (int i = 0; i < rows; i++) {
            for (int a = 0; a < count; a++) {
                double z = 0.0;
                for (int k = 0; k < d; k++) {
                    z += directions[a * d + k] * x[i * d + k];
                }
                phi[i * count + a] = Math.max(z, 0.0) * scale;
            }
        }
        return phi;
    }
}
