package dev.interpolationlab.trainer.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.infra.KafkaProbe;
import dev.interpolationlab.infra.LabInfraTestResource;
import dev.interpolationlab.proto.v1.Checkpoint;
import dev.interpolationlab.wire.ProtoCodec;
import dev.interpolationlab.wire.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A model whose state is larger than a Kafka record may be (a width of 200,000 on 5 inputs is 1.2·10⁶ parameters,
 * 9.6 MB, and the spec limits allow 5·10⁷) trains without checkpoints, and its attempts are still counted.
 */
@QuarkusTest
@WithTestResource(LabInfraTestResource.class)
class OversizedCheckpointTest {

    private static final int PARAMETERS = 1_200_000;

    @Inject
    RunPublisher publisher;

    @Inject
    MeterRegistry registry;

    /**
     * The count of attempts must reach Kafka whatever the model's size: the producer refused the whole checkpoint
     * (RecordTooLargeException), which reads as Kafka being down, so the run was handed back and forth for good.
     */
    @Test
    void theAttemptCountOfAStateTooLargeForARecordStillReachesKafka() throws Exception {
        String runId = "sw-oversized-" + UUID.randomUUID();
        Checkpoint failed = Checkpoint.newBuilder().setRunId(runId).setStep(40_000).setAttempts(2).setAttemptId("a2")
                .addAllParameters(Collections.nCopies(PARAMETERS, 0.5)).setLastFailure("diverged at step 40000").build();
        assertTrue(failed.getSerializedSize() > 8 * 1024 * 1024, "larger than the producer's 8 MiB records");

        publisher.checkpointAndWait(failed);

        try (KafkaProbe kafka = new KafkaProbe(LabInfraTestResource.infra().kafkaBootstrapServers())) {
            List<ConsumerRecord<String, byte[]>> records = kafka.readUntil(Topics.RUNS_CHECKPOINTS,
                    rs -> rs.stream().anyMatch(r -> runId.equals(r.key())), Duration.ofSeconds(30));
            Checkpoint stored = records.stream().filter(r -> runId.equals(r.key()))
                    .map(r -> ProtoCodec.decode(r.headers(), r.value(), Checkpoint.getDefaultInstance())).findFirst().orElseThrow();
            assertEquals(2, stored.getAttempts());
            assertEquals("a2", stored.getAttemptId());
            assertEquals("diverged at step 40000", stored.getLastFailure());
            assertEquals(0, stored.getParametersCount(), "nothing to resume from: a later attempt starts at step 0");
            assertEquals(0, stored.getStep());
        }
    }

    /** A periodic checkpoint of such a state is not attempted (it was lost without a word) and is counted. */
    @Test
    void aPeriodicCheckpointTooLargeForARecordIsSkippedAndCounted() {
        double before = skipped();
        assertTrue(publisher.admitsCheckpoint("sw-small", 6 * 1000 + 1000));
        assertEquals(before, skipped());
        assertFalse(publisher.admitsCheckpoint("sw-wide", PARAMETERS));
        assertFalse(publisher.admitsCheckpoint("sw-wide", PARAMETERS));
        assertEquals(before + 2, skipped());
        // the bound is the producer's record limit less the record's own overhead, not a number of its own
        assertTrue(publisher.admitsCheckpoint("sw-edge", publisher.maxCheckpointBytes() / 8));
        assertFalse(publisher.admitsCheckpoint("sw-edge", publisher.maxCheckpointBytes() / 8 + 1));
    }

    private double skipped() {
        return registry.get("lab.trainer.checkpoints.skipped").tag("reason", "too-large").counter().count();
    }
}
