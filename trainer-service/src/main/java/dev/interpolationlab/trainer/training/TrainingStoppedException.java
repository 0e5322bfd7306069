package dev.interpolationlab.trainer.training;

/** The trainer is shutting down: the run stops where it is and is redelivered to another trainer. */
public class TrainingStoppedException extends RuntimeException {

    public TrainingStoppedException(long step) {
        super("training stopped at step " + step + " because the trainer is shutting down");
    }
}
