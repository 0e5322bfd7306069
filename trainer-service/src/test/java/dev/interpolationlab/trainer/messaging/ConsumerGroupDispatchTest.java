package dev.interpolationlab.trainer.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.infra.KafkaProbe;
import dev.interpolationlab.infra.LabInfraTestResource;
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
import org.junit.jupiter.api.Test;

/**
 * The consumer-group dispatch (the default): the trainer reads its requests as a member of the consumer group and
 * starts no share consumer.
 */
@QuarkusTest
@TestProfile(ConsumerGroupDispatchTest.ConsumerGroup.class)
@WithTestResource(LabInfraTestResource.class)
class ConsumerGroupDispatchTest {

    static final String TOPIC = "lab.runs.requested.consumer-group-test";
    static final String GROUP = "lab-trainers-consumer-group-test";
    static final String SHARE_GROUP = "lab-trainer-queue-consumer-group-test";

    public static class ConsumerGroup implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lab.trainer.dispatch", "consumer-group", "mp.messaging.incoming.run-requests.topic", TOPIC,
                    "mp.messaging.outgoing.run-retries.topic", TOPIC, "mp.messaging.incoming.run-requests.group.id", GROUP,
                    "lab.trainer.share-group.id", SHARE_GROUP);
        }
    }

    @Test
    void aRequestIsTrainedByTheConsumerGroupAndNoShareConsumerRuns() throws Exception {
        String runId = "sw-group-" + UUID.randomUUID();
        try (KafkaProbe kafka = new KafkaProbe(LabInfraTestResource.infra().kafkaBootstrapServers());
                Admin admin = Admin.create(Map.of("bootstrap.servers", LabInfraTestResource.infra().kafkaBootstrapServers()))) {
            var spec = TestSpecs.spec(20, 1e-2, 50);
            kafka.send(TOPIC, runId, RunRequest.newBuilder().setRunId(runId).setSweepId("sw-group")
                    .setRef(RunRef.newBuilder().setRunId(runId).setSeed(3)).setSpec(spec).build());
            List<RunEvent> events = kafka.readUntil(Topics.RUNS_EVENTS, records -> records.stream().anyMatch(r -> runId.equals(r.key())
                                    && ProtoCodec.decode(r.headers(), r.value(), RunEvent.getDefaultInstance()).getKind() == RunEvent.Kind.COMPLETED),
                            Duration.ofSeconds(60)).stream()
                    .filter(r -> runId.equals(r.key()))
                    .map(r -> ProtoCodec.decode(r.headers(), r.value(), RunEvent.getDefaultInstance())).toList();
            assertEquals(List.of(RunEvent.Kind.STARTED, RunEvent.Kind.COMPLETED), events.stream().map(RunEvent::getKind).toList());
            // the kernel that suits d = 5 and ReLU (ShareGroupDispatchTest forces dgemm and sees it named instead)
            ProvenanceChecks.assertTrue(events.get(1).getProvenance(), spec, "fused-vector ");

            assertEquals(1, admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP).members().size(),
                    "the trainer is a member of the consumer group");
            assertTrue(admin.listGroups().all().get().stream().noneMatch(g -> g.groupId().equals(SHARE_GROUP)),
                    "no share consumer joined " + SHARE_GROUP);
        }
    }

    /**
     * A run whose training throws is tried again up to the budget (3): each attempt but the last ends RELEASED, the
     * last FAILED, all numbered, so the store can draw every attempt on the run's timeline.
     */
    @Test
    void everyAttemptAtAFailingRunEndsWithAnEvent() throws Exception {
        String runId = "sw-group-failing-" + UUID.randomUUID();
        var spec = TestSpecs.spec(20, 1e-2, 50);
        try (KafkaProbe kafka = new KafkaProbe(LabInfraTestResource.infra().kafkaBootstrapServers())) {
            kafka.send(TOPIC, runId, RunRequest.newBuilder().setRunId(runId).setSweepId("sw-group")
                    .setRef(RunRef.newBuilder().setRunId(runId).setSeed(3))
                    .setSpec(spec.toBuilder().setModel(spec.getModel().toBuilder().setKind("no-such-model"))).build());
            List<RunEvent> events = kafka.readUntil(Topics.RUNS_EVENTS, records -> records.stream().anyMatch(r -> runId.equals(r.key())
                                    && ProtoCodec.decode(r.headers(), r.value(), RunEvent.getDefaultInstance()).getKind() == RunEvent.Kind.FAILED),
                            Duration.ofSeconds(60)).stream()
                    .filter(r -> runId.equals(r.key()))
                    .map(r -> ProtoCodec.decode(r.headers(), r.value(), RunEvent.getDefaultInstance())).toList();
            assertEquals(List.of(RunEvent.Kind.STARTED, RunEvent.Kind.RELEASED, RunEvent.Kind.STARTED, RunEvent.Kind.RELEASED,
                    RunEvent.Kind.STARTED, RunEvent.Kind.FAILED), events.stream().map(RunEvent::getKind).toList());
            assertEquals(List.of(1, 1, 2, 2, 3, 3), events.stream().map(RunEvent::getAttempt).toList());
            assertTrue(events.get(1).getReason().contains("no-such-model"), events.get(1).getReason());
        }
    }

    /**
     * An Error in training is the run's failure like any exception: 6·357,913,941 = 2³¹ − 2 parameters is past the
     * JVM's largest array whatever the heap, so initialising θ throws OutOfMemoryError at every attempt.
     */
    @Test
    void aRunThatRunsOutOfMemoryFailsWithTheReason() throws Exception {
        String runId = "sw-group-oom-" + UUID.randomUUID();
        var spec = TestSpecs.spec(20, 1e-2, 50);
        assertEquals(5, spec.getData().getDim());
        try (KafkaProbe kafka = new KafkaProbe(LabInfraTestResource.infra().kafkaBootstrapServers())) {
            kafka.send(TOPIC, runId, RunRequest.newBuilder().setRunId(runId).setSweepId("sw-group")
                    .setRef(RunRef.newBuilder().setRunId(runId).setSeed(3))
                    .setSpec(spec.toBuilder().setModel(spec.getModel().toBuilder().setWidth(357_913_941).setBias(false))).build());
            List<RunEvent> events = kafka.readUntil(Topics.RUNS_EVENTS, records -> records.stream()
                            .anyMatch(r -> runId.equals(r.key()) && decode(r).getKind() == RunEvent.Kind.FAILED), Duration.ofSeconds(60))
                    .stream().filter(r -> runId.equals(r.key())).map(ConsumerGroupDispatchTest::decode).toList();
            RunEvent failed = events.get(events.size() - 1);
            assertEquals(3, failed.getAttempt(), events.toString());
            assertTrue(failed.getReason().contains("OutOfMemoryError"), failed.getReason());
        }
    }

    private static RunEvent decode(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
        return ProtoCodec.decode(record.headers(), record.value(), RunEvent.getDefaultInstance());
    }
}
