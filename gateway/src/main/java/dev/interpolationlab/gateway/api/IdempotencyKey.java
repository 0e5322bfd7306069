package dev.interpolationlab.gateway.api;

import dev.interpolationlab.api.SpecError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The client's {@code Idempotency-Key} of a submission: the same key with the same spec names the same sweep, so a
 * client that lost the answer (a timeout, a dropped connection, a 503) may submit again without making a second
 * sweep. The sweep id is derived from the key and the normalised spec, so any gateway replica derives the same one and
 * two clients that happen to choose the same key for different specs do not meet; a different spec under a key already
 * used is simply another sweep. Pure logic, tested alone.
 */
public final class IdempotencyKey {

    public static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 200;

    private final String key;

    private IdempotencyKey(String key) {
        this.key = key;
    }

    /** The key of a request, if it sent one; a key that is blank, too long or not visible ASCII is refused. */
    public static Optional<IdempotencyKey> of(String header) throws InvalidKey {
        if (header == null) {
            return Optional.empty();
        }
        boolean visibleAscii = header.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
        if (header.isEmpty() || header.length() > MAX_LENGTH || !visibleAscii) {
            throw new InvalidKey(new SpecError(HEADER, "an idempotency key is 1 to " + MAX_LENGTH
                    + " visible ASCII characters (a UUID, say); this one is " + header.length() + " characters"
                    + (visibleAscii ? "" : " with spaces or other characters")));
        }
        return Optional.of(new IdempotencyKey(header));
    }

    /** The sweep this key names for a spec, in its normalised JSON: {@code sw-} and 12 hex digits of SHA-256. */
    public String sweepId(String normalisedSpec) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(key.getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) 0); // the key holds no NUL: key and spec cannot run into each other
            sha256.update(normalisedSpec.getBytes(StandardCharsets.UTF_8));
            return "sw-" + HexFormat.of().formatHex(sha256.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A key the gateway cannot use, with the reason for the 400. */
    public static final class InvalidKey extends Exception {

        private final transient SpecError error;

        InvalidKey(SpecError error) {
            super(error.message());
            this.error = error;
        }

        public SpecError error() {
            return error;
        }
    }
}
