package dev.interpolationlab.trainer.training;

import dev.interpolationlab.proto.v1.EpochMetrics;

/**
 * The polar picture of a two-layer network on 1-D inputs (science.md §1(b), the authors' polar animations): neuron j
 * with input weights (w_j, b_j) sits at angle arctan(b_j/w_j) + π·1{w_j &lt; 0} (the direction of (w_j, b_j), in
 * (−π/2, 3π/2)) and radius ‖(w_j, b_j)‖, marked by the sign of a_j. Without a bias every neuron is at angle 0 or π.
 */
final class NeuronPolar {

    private NeuronPolar() {
    }

    /** θ = (W m×inputs, a); inputs is 1 (no bias) or 2 (w_j, b_j). */
    static void snapshot(double[] theta, int m, int inputs, EpochMetrics.Builder metrics) {
        for (int j = 0; j < m; j++) {
            double w = theta[j * inputs];
            double b = inputs == 2 ? theta[j * inputs + 1] : 0.0;
            double angle = w == 0.0 ? Math.copySign(Math.PI / 2, b) : Math.atan(b / w) + (w < 0.0 ? Math.PI : 0.0);
            metrics.addNeuronAngle(angle)
                    .addNeuronRadius(Math.hypot(w, b))
                    .addNeuronSign(theta[m * inputs + j] < 0.0 ? -1 : 1);
        }
    }
}
