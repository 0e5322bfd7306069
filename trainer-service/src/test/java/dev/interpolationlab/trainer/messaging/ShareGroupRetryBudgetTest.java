package dev.interpolationlab.trainer.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.infra.KafkaProbe;
import dev.interpolationlab.infra.LabInfraTestResource;
import dev.interpolationlab.proto.v1.RunEvent;
import dev.interpolationlab.proto.v1.RunRef;
import dev.interpolationlab.proto.v1.RunRequest;
import dev.interpolationlab.proto.v1.TrainingSpec;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A retry budget larger than the broker's delivery limit (group.share.delivery.count.limit, 5 here): the broker
 * would archive the request after its fifth delivery was released, and the run would never be reported. The trainer
 * queues the request anew before its last delivery, so the run is tried exactly LAB_RUN_MAX_ATTEMPTS = 7 times and
 * then reported failed with its reason.
 */
@QuarkusTest
@TestProfile(ShareGroupRetryBudgetTest.SevenAttempts.class)
@WithTestResource(LabInfraTestResource.class)
class ShareGroupRetryBudgetTest {

    public static class SevenAttempts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lab.trainer.dispatch", "share-group", "lab.trainer.max-attempts", "7");
        }
    }

    @Test
    void aRunThatAlwaysThrowsIsTriedAsOftenAsTheBudgetSaysNotAsTheBrokerCounts() {
        String runId = "sw-budget-" + UUID.randomUUID();
        // a model no trainer knows: the training throws on every attempt (the gateway would have refused the spec)
        TrainingSpec spec = TestSpecs.spec(20, 1e-2, 50);
        RunRequest request = RunRequest.newBuilder()
                .setRunId(runId)
                .setSweepId("sw-budget")
                .setRef(RunRef.newBuilder().setRunId(runId).setSeed(5))
                .setSpec(spec.toBuilder().setModel(spec.getModel().toBuilder().setKind("no-such-model")))
                .build();
        try (KafkaProbe kafka = new KafkaProbe(LabInfraTestResource.infra().kafkaBootstrapServers())) {
            kafka.send(Topics.RUNS_REQUESTED, runId, request);
            List<RunEvent> events = kafka.readUntil(Topics.RUNS_EVENTS,
                            records -> ShareGroupDispatchTest.events(records, runId).stream().anyMatch(e -> e.getKind() == RunEvent.Kind.FAILED),
                            Duration.ofSeconds(90)).stream()
                    .filter(r -> runId.equals(r.key())).map(r -> ProtoCodec.decode(r.headers(), r.value(), RunEvent.getDefaultInstance()))
                    .toList();
            List<Integer> started = events.stream().filter(e -> e.getKind() == RunEvent.Kind.STARTED).map(RunEvent::getAttempt).toList();
            assertEquals(IntStream.rangeClosed(1, 7).boxed().toList(), started, "seven attempts, one start each");
            RunEvent failed = events.stream().filter(e -> e.getKind() == RunEvent.Kind.FAILED).findFirst().orElseThrow();
            assertTrue(failed.getReason().startsWith("failed 7 attempt(s)") && failed.getReason().contains("no-such-model"),
                    failed.getReason());
            long requests = kafka.readAll(Topics.RUNS_REQUESTED, Duration.ofSeconds(1)).stream().filter(r -> runId.equals(r.key())).count();
            assertEquals(3, requests, "queued anew at the fourth delivery of the first request and of the second");
        }
    }
}
