package dev.interpolationlab.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

/** The JSON form of lab messages on the public surface (REST, SSE): camelCase names, defaults included. */
public final class ProtoJson {

    private static final JsonFormat.Printer PRINTER =
            JsonFormat.printer().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();

    private ProtoJson() {
    }

    public static String print(MessageOrBuilder message) {
        return print(PRINTER, message);
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
