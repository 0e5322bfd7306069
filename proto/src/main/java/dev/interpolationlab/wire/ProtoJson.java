package dev.interpolationlab.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

/** The JSON form of lab messages on the public surface (REST, SSE): camelCase names, defaults included; and back. */
public final class ProtoJson {

    private static final JsonFormat.Printer PRINTER =
            JsonFormat.printer().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private ProtoJson() {
    }

    public static String print(MessageOrBuilder message) {
        return print(PRINTER, message);
    }

    /**
     * Reads the JSON form of a lab message into {@code builder}, as a client of the REST API does: fields a later
     * version adds are ignored (a newer server does not break an older client).
     */
    public static <B extends Message.Builder> B parse(String json, B builder) {
        try {
            PARSER.merge(json, builder);
            return builder;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not the JSON of a " + builder.getDescriptorForType().getName() + ": " + e.getMessage(), e);
        }
    }

    /** A lab message printed by {@code printer}, which cannot fail on one (it has no Any fields). */
    static String print(JsonFormat.Printer printer, MessageOrBuilder message) {
        try {
            return printer.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
