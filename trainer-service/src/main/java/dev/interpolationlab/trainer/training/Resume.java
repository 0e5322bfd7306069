package dev.interpolationlab.trainer.training;

/**
 * Where a run continues: θ_t, the parameters after {@code step} updates, and the state of its stopping rule. Full-batch
 * gradient descent is deterministic from these, so a run resumed here ends with exactly the numbers of an
 * uninterrupted run.
 */
public record Resume(long step, double[] parameters, double[] state) {
}
