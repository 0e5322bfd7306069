package dev.interpolationlab.trainer.training;

/** Receives a run's resumable state from time to time. */
@FunctionalInterface
public interface CheckpointSink {

    /** θ after {@code step} updates; the array is the caller's to keep. */
    void save(long step, double[] parameters);
}
