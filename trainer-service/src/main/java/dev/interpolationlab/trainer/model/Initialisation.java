package dev.interpolationlab.trainer.model;

import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.proto.v1.InitSpec;

/**
 * The initialisations of the authors' code (science.md §1(b), {@code Net} in eboursier/early_alignment), with scale
 * λ and ε = λ/√m. Inputs include the bias column when the network has hidden biases, so w_j stands for (w_j, b_j).
 * <ul>
 *   <li>{@code balanced}: w_j ~ N(0, ε² I), a_j = s_j ‖w_j‖ with a random sign s_j, so |a_j| = ‖w_j‖;</li>
 *   <li>{@code unbalanced}: w_j ~ N(0, ε² I) and a_j ~ N(0, ε²), independently;</li>
 *   <li>{@code dominated}: w_j ~ U[−ε, ε]^p and a_j = s_j ε √p, so |a_j| ≥ ‖w_j‖ (p inputs).</li>
 * </ul>
 * With zero output, m/2 neurons are drawn and each is duplicated with the opposite output weight, (w_j, a_j) and
 * (w_j, −a_j), so that h ≡ 0 at initialisation (the authors' {@code zero_output} option).
 */
public final class Initialisation {

    private Initialisation() {
    }

    /** θ = (W row-major m×p, a), the layout of the two-layer kernels. */
    public static double[] draw(InitSpec init, int m, int inputs, SplitMix64 random) {
        if (!init.getZeroOutput()) {
            return draw(init.getScheme(), init.getScale(), m, m, inputs, random);
        }
        if (m % 2 != 0) {
            throw new IllegalArgumentException("zero-output initialisation needs an even width, got " + m);
        }
        double[] theta = draw(init.getScheme(), init.getScale(), m, m / 2, inputs, random);
        int half = m / 2;
        System.arraycopy(theta, 0, theta, half * inputs, half * inputs);
        for (int j = 0; j < half; j++) {
            theta[m * inputs + half + j] = -theta[m * inputs + j];
        }
        return theta;
    }

    /** Draws the first {@code drawn} of m neurons with ε = λ/√m; the others stay 0. */
    static double[] draw(String scheme, double scale, int m, int drawn, int inputs, SplitMix64 random) {
        double epsilon = scale / Math.sqrt(m);
        double[] theta = new double[m * inputs + m];
        for (int j = 0; j < drawn; j++) {
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
