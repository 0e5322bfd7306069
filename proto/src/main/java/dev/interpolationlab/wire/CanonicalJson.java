package dev.interpolationlab.wire;

import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical encoding a run's spec is hashed in: protobuf's JSON mapping with lowerCamelCase names, fields in their
 * {@code .proto} order, fields at their default value left out, no whitespace, UTF-8. Leaving defaults out keeps a hash
 * stable when a later version adds a field: a spec that does not use it encodes as before.
 */
public final class CanonicalJson {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private CanonicalJson() {
    }

    public static String print(MessageOrBuilder message) {
        return ProtoJson.print(PRINTER, message);
    }

    /** SHA-256 of the canonical encoding, in lower-case hex. */
    public static String sha256(MessageOrBuilder message) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(print(message).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
