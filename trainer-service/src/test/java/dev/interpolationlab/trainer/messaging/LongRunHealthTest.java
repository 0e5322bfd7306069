package dev.interpolationlab.trainer.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.Test;

/**
 * A run longer than the share group's acquisition lock (15 s) and SmallRye's default 60 s limit on unacknowledged
 * records neither marks the trainer unhealthy nor gets redelivered: its lock is renewed while it trains. Uses a topic and group of its own, so the long run it leaves behind (stopped at shutdown,
 * unacknowledged) reaches no other test.
 */
@QuarkusTest
@TestProfile(LongRunHealthTest.OwnTopic.class)
@WithTestResource(LabInfraTestResource.class)
class LongRunHealthTest {

    static final String TOPIC = "lab.runs.requested.longrun-test";

    public static class OwnTopic implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lab.trainer.dispatch", "share-group", "mp.messaging.incoming.run-requests.topic", TOPIC,
                    "lab.trainer.share-group.id", "lab-trainer-queue-longrun-test");
        }
    }

    @Test
    void aRunLongerThanAMinuteKeepsTheTrainerHealthyAndIsNotRedelivered() throws InterruptedException {
        String runId = "sw-long-" + UUID.randomUUID();
        try (KafkaProbe kafka = new KafkaProbe(LabInfraTestResource.infra().kafkaBootstrapServers())) {
            kafka.send(TOPIC, runId, RunRequest.newBuilder()
                    .setRunId(runId)
                    .setSweepId("sw-long")
                    .setRef(RunRef.newBuilder().setRunId(runId).setSeed(1))
                    .setSpec(TestSpecs.spec(200, 1e-3, 1_000_000_000L))
                    .build());
            Thread.sleep(Duration.ofSeconds(75).toMillis());

            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            List<RunEvent.Kind> events = kafka.readAll(Topics.RUNS_EVENTS, Duration.ofSeconds(1)).stream()
                    .filter(r -> runId.equals(r.key()))
                    .map(r -> ProtoCodec.decode(r.headers(), r.value(), RunEvent.getDefaultInstance()).getKind())
                    .toList();
            assertEquals(List.of(RunEvent.Kind.STARTED), events, "started once, still running, never redelivered");
        }
    }
}
