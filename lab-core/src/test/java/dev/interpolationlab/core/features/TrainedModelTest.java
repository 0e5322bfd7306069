package dev.interpolationlab.core.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.proto.v1.ModelSpec;
import org.junit.jupiter.api.Test;

class TrainedModelTest {

    private static final int D = 3;

    @Test
    void inputGradientAgreesWithCentralFiniteDifferences() {
        SplitMix64 random = new SplitMix64(5);
        ModelSpec twoLayer = ModelSpec.newBuilder().setKind("two-layer").setWidth(7).setActivation("relu").setBias(true).build();
        ModelSpec features = ModelSpec.newBuilder().setKind("random-features").setWidth(9).setBias(false).build();
        ModelSpec linear = ModelSpec.newBuilder().setKind("linear").setBias(true).build();
        TrainedModel[] models = {
                TrainedModel.of(twoLayer, D, gaussians(random, 7 * (D + 1) + 7), 1),
                TrainedModel.of(features, D, gaussians(random, 9), 2),
                TrainedModel.of(linear, D, gaussians(random, D + 1), 3)};
        for (TrainedModel model : models) {
            for (int trial = 0; trial < 20; trial++) {
                double[] x = gaussians(random, D);
                double[] gradient = new double[D];
                double h = 1e-6;
                for (int k = 0; k < D; k++) {
                    double[] plus = x.clone();
                    double[] minus = x.clone();
                    plus[k] += h;
                    minus[k] -= h;
                    gradient[k] = (model.output(plus, 0) - model.output(minus, 0)) / (2 * h);
                }
                double norm = Math.sqrt(gradient[0] * gradient[0] + gradient[1] * gradient[1] + gradient[2] * gradient[2]);
                assertEquals(norm, model.inputGradientNorm(x, 0), 1e-6 * Math.max(1, norm));
            }
        }
    }

    @Test
    void randomFeaturesAreTheTrainersFeaturesRebuiltFromTheSeed() {
        ModelSpec spec = ModelSpec.newBuilder().setKind("random-features").setWidth(6).setBias(false).build();
        double[] x = gaussians(new SplitMix64(8), 4 * D);
        TrainedModel model = TrainedModel.of(spec, D, new double[6], 42);
        assertArrayEquals(RandomReluFeatures.draw(6, D, 42).map(x, 4), model.hidden(x, 4), 1e-12);
        assertEquals(6, model.parameters());
    }

    @Test
    void kindsItCannotRebuildAreNull() {
        assertNull(TrainedModel.of(ModelSpec.newBuilder().setKind("mlp").setWidth(4).setDepth(2).build(), D, new double[4 * D + 16 + 4], 1),
                "an mlp deeper than one hidden layer");
        assertNull(TrainedModel.of(ModelSpec.newBuilder().setKind("mlp").setWidth(4).setDepth(1).build(), D, new double[4 * D + 3], 1),
                "no whole number of outputs");
        assertNull(TrainedModel.of(ModelSpec.newBuilder().setKind("two-layer").setWidth(4).setActivation("gelu").build(), D,
                new double[4 * D + 4], 1));
        assertNull(TrainedModel.of(ModelSpec.newBuilder().setKind("two-layer").setWidth(4).setActivation("relu").build(), D,
                new double[5], 1), "a θ of the wrong size");
    }

    @Test
    void aOneHiddenLayerClassifierGivesItsReluFeaturesAndNoScalarOutput() {
        // W1 = [[1, 0, 0], [0, −1, 0]], b1 = (0.5, 0), then W2 (2 classes × 2) and b2 (2): only the first layer is read
        double[] theta = {1, 0, 0, 0, -1, 0, 0.5, 0, 9, 9, 9, 9, 9, 9};
        ModelSpec spec = ModelSpec.newBuilder().setKind("mlp").setWidth(2).setDepth(1).setBias(true).build();
        TrainedModel model = TrainedModel.of(spec, D, theta, 1);
        double[] x = {2, 3, 0, -4, -1, 7};
        assertArrayEquals(new double[] {2.5, 0, 0, 1}, model.hidden(x, 2), 0.0);
        assertEquals(2, model.hiddenDim());
        assertEquals(14, model.parameters());
        assertFalse(model.scalarOutput());
        assertThrows(IllegalStateException.class, () -> model.inputGradientNorm(x, 0));
    }

    private static double[] gaussians(SplitMix64 random, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }
}
