package dev.interpolationlab.core.random;

import dev.interpolationlab.proto.v1.GridValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * A run's seed from (sweep seed, grid point, repeat): SHA-256 of a canonical text, first 8 bytes.
 * The same spec therefore always yields the same run seeds, independent of run order or the number of runs.
 */
public final class SeedDerivation {

    private SeedDerivation() {
    }

    public static long runSeed(long sweepSeed, List<GridValue> gridPoint, int repeat) {
        StringBuilder canonical = new StringBuilder().append(Long.toUnsignedString(sweepSeed)).append('|');
        for (GridValue value : gridPoint) {
            canonical.append(value.getPath()).append('=').append(value.getValue()).append(';');
        }
        canonical.append('|').append(repeat);
        return ByteBuffer.wrap(sha256(canonical.toString())).getLong();
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
