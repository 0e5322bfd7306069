package dev.interpolationlab.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NeuronDirectionsTest {

    /** θ for m neurons in 2 inputs from (w_x, w_y, a) triples. */
    private static double[] theta(double[][] neurons) {
        int m = neurons.length;
        double[] theta = new double[3 * m];
        for (int j = 0; j < m; j++) {
            theta[2 * j] = neurons[j][0];
            theta[2 * j + 1] = neurons[j][1];
            theta[2 * m + j] = neurons[j][2];
        }
        return theta;
    }

    @Test
    void countsHeavyDirectionsAndIgnoresLightNeurons() {
        double[][] neurons = {
                {1, 0, 1}, {2, 0.001, -1}, {0.5, 0, 2},   // one direction (cos ≈ 1), mixed signs of a
                {0, 1, 1}, {0, 3, 0.5},                   // a second direction
                {1, 1, 1e-6},                             // a third direction with negligible mass
                {-1, 0.2, 1},                             // a third heavy direction
        };
        NeuronDirections.Measurement measured = new NeuronDirections(7, 2, null, null).measure(theta(neurons));
        assertEquals(3, measured.clusters());
        assertTrue(Double.isNaN(measured.alignmentOls()));
    }

    @Test
    void alignmentIsTheMassWeightedMeanAbsoluteCosine() {
        // masses 1·1 = 1 and 1·2 = 2; |cos| with (1, 0): 1 and 0 → (1·1 + 2·0) / 3
        double[][] neurons = {{1, 0, 1}, {0, 2, 1}};
        NeuronDirections.Measurement measured = new NeuronDirections(2, 2, new double[] {3, 0}, new double[] {0, -1}).measure(theta(neurons));
        assertEquals(1.0 / 3.0, measured.alignmentOls(), 1e-15);
        assertEquals(2.0 / 3.0, measured.alignmentTeacher(), 1e-15);
        assertEquals(2, measured.clusters());
    }
}
