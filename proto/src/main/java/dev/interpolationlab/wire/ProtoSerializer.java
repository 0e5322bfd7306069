package dev.interpolationlab.wire;

import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer for every lab message: protobuf bytes plus the type and schema-version headers. */
public class ProtoSerializer implements Serializer<Message> {

    @Override
    public byte[] serialize(String topic, Message data) {
        return data == null ? null : data.toByteArray();
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Message data) {
        if (data == null) {
            return null;
        }
        headers.remove(LabHeaders.MESSAGE_TYPE);
        headers.remove(LabHeaders.SCHEMA_VERSION);
        headers.add(LabHeaders.MESSAGE_TYPE, data.getDescriptorForType().getFullName().getBytes(StandardCharsets.UTF_8));
        headers.add(LabHeaders.SCHEMA_VERSION,
                Integer.toString(LabHeaders.CURRENT_SCHEMA_VERSION).getBytes(StandardCharsets.UTF_8));
        return data.toByteArray();
    }
}
