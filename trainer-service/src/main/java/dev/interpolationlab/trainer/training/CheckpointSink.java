package dev.interpolationlab.trainer.training;

/** Receives a run's resumable state from time to time. */
@FunctionalInterface
public interface CheckpointSink {

    /** θ and the stopping rule's state after {@code step} updates; the arrays are the caller's to keep. */
    void save(long step, double[] parameters, double[] state);
}
