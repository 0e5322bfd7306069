package dev.interpolationlab.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.RunEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ProtoCodecTest {

    private static final EpochMetrics METRICS = EpochMetrics.newBuilder().setRunId("r").setStep(7).setTrainLoss(0.25).build();

    @Test
    void aSerializedMessageDecodesToItselfWithItsHeaders() {
        RecordHeaders headers = new RecordHeaders();
        byte[] bytes = new ProtoSerializer().serialize("t", headers, METRICS);
        assertEquals("interpolationlab.v1.EpochMetrics", new String(headers.lastHeader(LabHeaders.MESSAGE_TYPE).value(), StandardCharsets.UTF_8));
        assertEquals("1", new String(headers.lastHeader(LabHeaders.SCHEMA_VERSION).value(), StandardCharsets.UTF_8));
        assertEquals(METRICS, ProtoCodec.decode(headers, bytes, EpochMetrics.getDefaultInstance()));
    }

    @Test
    void everyKindOfPoisonIsRejectedWithItsReason() {
        byte[] bytes = METRICS.toByteArray();
        assertReason("missing header lab-type", new RecordHeaders(), bytes);
        assertReason("unexpected message type interpolationlab.v1.RunEvent", headers(RunEvent.getDescriptor().getFullName(), "1"), bytes);
        assertReason("unsupported schema version 2", headers("interpolationlab.v1.EpochMetrics", "2"), bytes);
        assertReason("is not a number", headers("interpolationlab.v1.EpochMetrics", "one"), bytes);
        assertReason("tombstone", headers("interpolationlab.v1.EpochMetrics", "1"), null);
        assertReason("not a valid interpolationlab.v1.EpochMetrics", headers("interpolationlab.v1.EpochMetrics", "1"), new byte[] {(byte) 0xff, 1, 2});
    }

    private static RecordHeaders headers(String type, String version) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(LabHeaders.MESSAGE_TYPE, type.getBytes(StandardCharsets.UTF_8));
        headers.add(LabHeaders.SCHEMA_VERSION, version.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static void assertReason(String expected, RecordHeaders headers, byte[] value) {
        PoisonRecordException poison = assertThrows(PoisonRecordException.class,
                () -> ProtoCodec.decode(headers, value, EpochMetrics.getDefaultInstance()));
        assertTrue(poison.getMessage().contains(expected), poison.getMessage());
    }
}
