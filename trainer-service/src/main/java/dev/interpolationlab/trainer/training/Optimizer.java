package dev.interpolationlab.trainer.training;

import dev.interpolationlab.proto.v1.OptimizerSpec;

/**
 * An update rule over the flat parameter vector θ. Its state (momentum, moment estimates) travels in a checkpoint,
 * so a resumed run continues with exactly the state an uninterrupted one would have. Updates allocate nothing.
 */
interface Optimizer {

    /** θ_{t+1} from θ_t and the gradient g_t, in place. */
    void update(double[] theta, double[] gradient);

    double[] state();

    void restore(double[] state);

    /** How many doubles {@link #state()} holds. */
    int stateLength();

    static Optimizer of(OptimizerSpec spec, int parameters) {
        return switch (spec.getKind()) {
            case "gd" -> new HeavyBall(spec.getLr(), 0.0, 0);
            case "sgd" -> new HeavyBall(spec.getLr(), spec.getMomentum(), spec.getMomentum() == 0.0 ? 0 : parameters);
            case "adam" -> new Adam(spec.getLr(), parameters);
            default -> throw new IllegalArgumentException("no iterative optimizer '" + spec.getKind() + "'");
        };
    }
}
