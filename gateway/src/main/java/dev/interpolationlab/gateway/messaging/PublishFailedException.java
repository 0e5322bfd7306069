package dev.interpolationlab.gateway.messaging;

/** A command whose Kafka transaction was not committed: none of its records is visible, and it may be sent again. */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
