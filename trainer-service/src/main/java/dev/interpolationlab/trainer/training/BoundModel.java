package dev.interpolationlab.trainer.training;

import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.trainer.model.Objective;
import java.util.function.Supplier;

/**
 * A model bound to one run's data: its objective on the training and the test set, the objective a minibatch is
 * loaded into (sgd only), where minibatches are gathered from (the model's own inputs: features for random features),
 * the initial θ, the closed-form θ where one exists, the order of θ, and the model-specific metrics it adds.
 */
record BoundModel(Objective train, Objective test, Objective batch, double[] batchInputs, double[] batchLabels,
        double[] initial, Supplier<double[]> closedForm, String layout, Probe probe) {

    /** Adds model-specific measurements of θ to a recorded step. */
    interface Probe {
        Probe NONE = (theta, metrics) -> { };

        void measure(double[] theta, EpochMetrics.Builder metrics);
    }
}
