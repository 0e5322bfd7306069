package dev.interpolationlab.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The shared secret of {@code LAB_API_TOKEN}, checked against an {@code Authorization: Bearer} header: the gateway's
 * write endpoints and every API request to the analysis service ask for it when it is set. The comparison takes the
 * same time wherever the presented token differs, so it cannot be guessed byte by byte. Pure logic, tested alone.
 */
public final class BearerToken {

    private final byte[] expected;
    private final String value;

    private BearerToken(String value) {
        this.value = value;
        this.expected = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    /** The configured token; a blank one is none. */
    public static BearerToken of(Optional<String> configured) {
        return new BearerToken(configured.map(String::strip).filter(t -> !t.isEmpty()).orElse(null));
    }

    /**
     * The configured token of a service that must refuse to start without one when {@code required}
     * ({@code LAB_API_TOKEN_REQUIRED}, set by compose and Kubernetes).
     *
     * @param purpose what the token guards, for the start-up error
     */
    public static BearerToken of(Optional<String> configured, boolean required, String purpose) {
        BearerToken token = of(configured);
        if (required && !token.isSet()) {
            throw new IllegalStateException("LAB_API_TOKEN_REQUIRED is true but LAB_API_TOKEN is not set: set " + purpose);
        }
        return token;
    }

    public boolean isSet() {
        return expected != null;
    }

    /** The header that carries this token, for a service calling another; empty when none is set. */
    public Optional<String> authorizationHeader() {
        return Optional.ofNullable(value).map(v -> "Bearer " + v);
    }

    /**
     * Why a request with this {@code Authorization} header is refused, or empty when it may pass (always, when no token
     * is set).
     */
    public Optional<String> refusal(String authorization) {
        if (expected == null) {
            return Optional.empty();
        }
        String presented = presented(authorization);
        if (presented == null) {
            return Optional.of("this endpoint needs an Authorization: Bearer token (LAB_API_TOKEN)");
        }
        return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8)) ? Optional.empty()
                : Optional.of("the bearer token is not this service's");
    }

    private static String presented(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
