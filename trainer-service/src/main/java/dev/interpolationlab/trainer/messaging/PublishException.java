package dev.interpolationlab.trainer.messaging;

/** Kafka did not take a run's metrics or events: not the run's fault, so the run is retried, not failed. */
public class PublishException extends RuntimeException {

    public PublishException(String what, Throwable cause) {
        super("could not publish " + what + ": " + cause.getMessage(), cause);
    }
}
