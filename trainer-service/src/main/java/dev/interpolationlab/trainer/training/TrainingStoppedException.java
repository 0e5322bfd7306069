package dev.interpolationlab.trainer.training;

/**
 * The run was asked to stop: the trainer is shutting down (the run is redelivered to another trainer, which resumes
 * it from the checkpoint saved here) or its sweep was cancelled.
 */
public class TrainingStoppedException extends RuntimeException {

    private final long step;

    public TrainingStoppedException(long step) {
        super("training stopped at step " + step + " on request");
        this.step = step;
    }

    public long step() {
        return step;
    }
}
