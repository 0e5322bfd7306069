package dev.interpolationlab.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads a lab record back into its message, checking the headers written by {@link ProtoSerializer} first.
 * Anything that cannot be the expected message is a {@link PoisonRecordException} naming what is wrong.
 */
public final class ProtoCodec {

    private ProtoCodec() {
    }

    @SuppressWarnings("unchecked")
    public static <T extends Message> T decode(Headers headers, byte[] value, T prototype) {
        String expectedType = prototype.getDescriptorForType().getFullName();
        String type = header(headers, LabHeaders.MESSAGE_TYPE);
        if (type == null) {
            throw new PoisonRecordException("missing header " + LabHeaders.MESSAGE_TYPE + " (expected " + expectedType + ")");
        }
        if (!type.equals(expectedType)) {
            throw new PoisonRecordException("unexpected message type " + type + " (this topic carries " + expectedType + ")");
        }
        String version = header(headers, LabHeaders.SCHEMA_VERSION);
        if (version == null) {
            throw new PoisonRecordException("missing header " + LabHeaders.SCHEMA_VERSION);
        }
        int schemaVersion;
        try {
            schemaVersion = Integer.parseInt(version.trim());
        } catch (NumberFormatException e) {
            throw new PoisonRecordException("header " + LabHeaders.SCHEMA_VERSION + " is not a number: '" + version + "'");
        }
        if (schemaVersion < 1 || schemaVersion > LabHeaders.CURRENT_SCHEMA_VERSION) {
            throw new PoisonRecordException("unsupported schema version " + schemaVersion
                    + " (this build reads 1.." + LabHeaders.CURRENT_SCHEMA_VERSION + ")");
        }
        if (value == null) {
            throw new PoisonRecordException("record has no value (tombstone) where " + expectedType + " was expected");
        }
        try {
            return (T) prototype.getParserForType().parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new PoisonRecordException("value is not a valid " + expectedType + ": " + e.getMessage(), e);
        }
    }

    private static String header(Headers headers, String key) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
