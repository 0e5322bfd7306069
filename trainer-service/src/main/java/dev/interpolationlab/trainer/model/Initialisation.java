package dev.interpolationlab.trainer.model;

import dev.interpolationlab.core.random.SplitMix64;

/**
 * The initialisations of the authors' code (science.md §1(b), {@code Net} in eboursier/early_alignment), with scale
 * λ and ε = λ/√m. Inputs include the bias column when the network has hidden biases, so w_j stands for (w_j, b_j).
 * <ul>
 *   <li>{@code balanced}: w_j ~ N(0, ε² I), a_j = s_j ‖w_j‖ with a random sign s_j, so |a_j| = ‖w_j‖;</li>
 *   <li>{@code unbalanced}: w_j ~ N(0, ε² I) and a_j ~ N(0, ε²), independently;</li>
 *   <li>{@code dominated}: w_j ~ U[−ε, ε]^p and a_j = s_j ε √p, so |a_j| ≥ ‖w_j‖ (p inputs).</li>
 * </ul>
 */
public final class Initialisation {

    private Initialisation() {
    }

    /** θ = (W row-major m×p, a), as {@link TwoLayerRelu#setParameters} takes it. */
    public static double[] draw(String scheme, double scale, int m, int inputs, SplitMix64 random) {
        double epsilon = scale / Math.sqrt(m);
        double[] theta = new double[m * inputs + m];
        for (int j = 0; j < m; j++) {
            double normSquared = 0.0;
            for (int i = 0; i < inputs; i++) {
                double w = scheme.equals("dominated") ? epsilon * (2.0 * random.nextDouble() - 1.0) : epsilon * random.nextGaussian();
                theta[j * inputs + i] = w;
                normSquared += w * w;
            }
            theta[m * inputs + j] = switch (scheme) {
                case "balanced" -> random.nextSign() * Math.sqrt(normSquared);
                case "unbalanced" -> epsilon * random.nextGaussian();
                case "dominated" -> random.nextSign() * epsilon * Math.sqrt(inputs);
                default -> throw new IllegalArgumentException("no initialisation scheme '" + scheme + "'");
            };
        }
        return theta;
    }
}
