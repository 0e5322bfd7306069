package dev.interpolationlab.trainer.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.infra.KafkaProbe;
import dev.interpolationlab.infra.LabInfraTestResource;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.RecordSpec;
import dev.interpolationlab.proto.v1.RunEvent;
import dev.interpolationlab.proto.v1.RunRef;
import dev.interpolationlab.proto.v1.RunRequest;
import dev.interpolationlab.trainer.training.TestSpecs;
import dev.interpolationlab.wire.ProtoCodec;
import dev.interpolationlab.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The trainer on a real broker: poison requests go to the dead-letter topic and the next request still trains. */
@QuarkusTest
@WithTestResource(LabInfraTestResource.class)
class RunRequestConsumerTest {

    @Test
    void poisonGoesToTheDeadLetterTopicAndTheNextRequestIsTrained() {
        String runId = "sw-test-" + UUID.randomUUID();
        try (KafkaProbe kafka = new KafkaProbe(LabInfraTestResource.infra().kafkaBootstrapServers())) {
            // Same key, so same partition: the valid request is behind the poison one.
            kafka.sendRaw(Topics.RUNS_REQUESTED, runId, "not a protobuf".getBytes(), Map.of());
            RunRequest request = RunRequest.newBuilder()
                    .setRunId(runId)
                    .setSweepId("sw-test")
                    .setRef(RunRef.newBuilder().setRunId(runId).setSeed(5))
                    .setSpec(TestSpecs.spec(20, 1e-2, 50).toBuilder().setRecord(RecordSpec.newBuilder().setEverySteps(10)))
                    .build();
            kafka.send(Topics.RUNS_REQUESTED, runId, request);

            List<ConsumerRecord<String, byte[]>> deadLetters = kafka.readUntil(Topics.deadLetter(Topics.RUNS_REQUESTED),
                    records -> records.stream().anyMatch(r -> runId.equals(r.key())), Duration.ofSeconds(60));
            ConsumerRecord<String, byte[]> poison = deadLetters.stream().filter(r -> runId.equals(r.key())).findFirst().orElseThrow();
            assertTrue(KafkaProbe.header(poison, "dead-letter-reason").contains("missing header lab-type"),
                    KafkaProbe.header(poison, "dead-letter-reason"));

            List<RunEvent> events = kafka.readUntil(Topics.RUNS_EVENTS,
                            records -> events(records, runId).stream().anyMatch(e -> e.getKind() == RunEvent.Kind.COMPLETED),
                            Duration.ofSeconds(60)).stream()
                    .filter(r -> runId.equals(r.key())).map(r -> ProtoCodec.decode(r.headers(), r.value(), RunEvent.getDefaultInstance()))
                    .toList();
            assertEquals(List.of(RunEvent.Kind.STARTED, RunEvent.Kind.COMPLETED), events.stream().map(RunEvent::getKind).toList());
            RunEvent completed = events.get(1);
            assertEquals(50, completed.getSummary().getSteps());
            assertEquals("float64", completed.getProvenance().getDtype());

            List<Long> steps = kafka.readAll(Topics.RUNS_METRICS, Duration.ofSeconds(1)).stream()
                    .filter(r -> runId.equals(r.key()))
                    .map(r -> ProtoCodec.decode(r.headers(), r.value(), EpochMetrics.getDefaultInstance()).getStep())
                    .toList();
            assertEquals(List.of(0L, 10L, 20L, 30L, 40L, 50L), steps);
        }
    }

    private static List<RunEvent> events(List<ConsumerRecord<String, byte[]>> records, String runId) {
        return records.stream().filter(r -> runId.equals(r.key()))
                .map(r -> ProtoCodec.decode(r.headers(), r.value(), RunEvent.getDefaultInstance())).toList();
    }
}
