package dev.interpolationlab.wire;

/**
 * A record that can never be processed, whatever the retries: wrong type, unknown schema version, or
 * bytes that do not parse. Consumers send it to the topic's dead-letter topic with this message as reason.
 */
public class PoisonRecordException extends RuntimeException {

    public PoisonRecordException(String reason) {
        super(reason);
    }

    public PoisonRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
