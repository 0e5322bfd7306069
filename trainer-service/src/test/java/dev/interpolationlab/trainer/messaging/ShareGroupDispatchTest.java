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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The trainer on a real broker, taking requests from its share group: poison goes to the dead-letter topic, the next request still trains. */
@QuarkusTest
@TestProfile(ShareGroupDispatchTest.ShareGroup.class)
@WithTestResource(LabInfraTestResource.class)
class ShareGroupDispatchTest {

    public static class ShareGroup implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // and dgemm for every network, which ConsumerGroupDispatchTest leaves at auto: the provenance names each
            return Map.of("lab.trainer.dispatch", "share-group", "lab.trainer.kernel", "gemm");
        }
    }

    @Test
    void theTrainerIsAMemberOfTheShareGroupAndNotOfTheConsumerGroup() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", LabInfraTestResource.infra().kafkaBootstrapServers()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int members = 0;
            while (members == 0 && System.nanoTime() < deadline) {
                members = admin.describeShareGroups(List.of("lab-trainer-queue")).all().get().get("lab-trainer-queue").members().size();
                Thread.sleep(200);
            }
            assertEquals(1, members, "the trainer joined its share group");
            boolean consumerGroup = admin.listGroups().all().get().stream().anyMatch(g -> g.groupId().equals("lab-trainers"));
            assertTrue(!consumerGroup || admin.describeConsumerGroups(List.of("lab-trainers")).all().get().get("lab-trainers").members().isEmpty(),
                    "the consumer-group channel is disabled: no member of lab-trainers");
        }
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAndTheNextRequestIsTrained() {
        String runId = "sw-test-" + UUID.randomUUID();
        try (KafkaProbe kafka = new KafkaProbe(LabInfraTestResource.infra().kafkaBootstrapServers())) {
            // Same key, so same partition: the valid request is behind the poison one (a share group delivers
            // a partition's records in order to a single free consumer).
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
            ProvenanceChecks.assertTrue(completed.getProvenance(), request.getSpec(), "openblas-dgemm (OpenBLAS 0.");

            List<Long> steps = kafka.readAll(Topics.RUNS_METRICS, Duration.ofSeconds(1)).stream()
                    .filter(r -> runId.equals(r.key()))
                    .map(r -> ProtoCodec.decode(r.headers(), r.value(), EpochMetrics.getDefaultInstance()).getStep())
                    .toList();
            assertEquals(List.of(0L, 10L, 20L, 30L, 40L, 50L), steps);
        }
    }

    /** The run events of one run among consumed records. */
    static List<RunEvent> events(List<ConsumerRecord<String, byte[]>> records, String runId) {
        return records.stream().filter(r -> runId.equals(r.key()))
                .map(r -> ProtoCodec.decode(r.headers(), r.value(), RunEvent.getDefaultInstance())).toList();
    }
}
