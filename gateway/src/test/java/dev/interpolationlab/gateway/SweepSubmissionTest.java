package dev.interpolationlab.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.gateway.live.LiveEvents;
import dev.interpolationlab.infra.KafkaProbe;
import dev.interpolationlab.infra.LabInfraTestResource;
import dev.interpolationlab.infra.SseProbe;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.RunRequest;
import dev.interpolationlab.proto.v1.SweepAccepted;
import dev.interpolationlab.wire.ProtoCodec;
import dev.interpolationlab.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway on a real broker: what it accepts, what it publishes, what it refuses, and what it streams. */
@QuarkusTest
@WithTestResource(LabInfraTestResource.class)
class SweepSubmissionTest {

    private static KafkaProbe kafka;

    @TestHTTPResource("/")
    URI base;

    @Inject
    LiveEvents live;

    @BeforeAll
    static void connect() {
        kafka = new KafkaProbe(LabInfraTestResource.infra().kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    private static String yaml(String name) {
        return """
                name: %s
                seed: 3
                repeats: 2
                model: {kind: two-layer, width: 20, init: {scale: 0.001}}
                data: {kind: gaussian-teacher, dim: 2, samples: 10, noise: 0.5, testSamples: 50}
                optimizer: {kind: gd, lr: 0.1, steps: 100}
                grid: {data.samples: [10, 40]}
                """.formatted(name);
    }

    @Test
    void aValidYamlSweepIsExpandedAndPublished() {
        String name = "accepted-" + UUID.randomUUID();
        String sweepId = given().contentType("application/yaml").body(yaml(name).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/sweeps")
                .then().statusCode(202).body("runs", equalTo(4))
                .extract().path("id");

        List<RunRequest> requests = kafka.readUntil(Topics.RUNS_REQUESTED,
                        records -> records.stream().filter(r -> r.key().startsWith(sweepId)).count() == 4, Duration.ofSeconds(30))
                .stream().filter(r -> r.key().startsWith(sweepId))
                .map(r -> ProtoCodec.decode(r.headers(), r.value(), RunRequest.getDefaultInstance()))
                .toList();
        assertEquals(4, requests.size());
        assertEquals(List.of(10, 10, 40, 40), requests.stream().map(r -> r.getSpec().getData().getSamples()).sorted().toList());
        assertEquals(4, new HashSet<>(requests.stream().map(r -> r.getRef().getSeed()).toList()).size(), "distinct seeds");

        SweepAccepted accepted = kafka.readUntil(Topics.SWEEPS, records -> records.stream().anyMatch(r -> sweepId.equals(r.key())),
                        Duration.ofSeconds(30)).stream().filter(r -> sweepId.equals(r.key()))
                .map(r -> ProtoCodec.decode(r.headers(), r.value(), SweepAccepted.getDefaultInstance()))
                .findFirst().orElseThrow();
        assertEquals(name, accepted.getSpec().getName());
        assertEquals(4, accepted.getRunsCount());
        assertTrue(accepted.getSpecJson().contains("\"loss\":\"half-mse\""), "defaults are filled in: " + accepted.getSpecJson());
    }

    /**
     * A submission is one Kafka transaction: when the broker refuses its run requests after taking its sweep record
     * (here lab.runs.requested admits only records of 128 bytes for the time of the test, as a misconfigured topic
     * would), neither is visible to the store and the trainers, and the client is told to try again. Before, the store
     * showed the sweep with every run queued for good.
     */
    @Test
    void aSubmissionWhoseRunRequestsTheBrokerRefusesIsNotPublishedAtAll() throws Exception {
        String name = "half-" + UUID.randomUUID();
        ConfigResource requests = new ConfigResource(ConfigResource.Type.TOPIC, Topics.RUNS_REQUESTED);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", LabInfraTestResource.infra().kafkaBootstrapServers()))) {
            // the lab's own setting (TopicBootstrap's), put back afterwards
            String configured = admin.describeConfigs(List.of(requests)).all().get(30, TimeUnit.SECONDS).get(requests)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value();
            alter(admin, requests, new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "128"), AlterConfigOp.OpType.SET));
            try {
                given().contentType("application/yaml").body(yaml(name).getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/api/sweeps")
                        .then().statusCode(503).body("error", equalTo("unavailable"));
            } finally {
                alter(admin, requests, new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, configured), AlterConfigOp.OpType.SET));
            }
        }
        List<String> published = kafka.readAll(Topics.SWEEPS, Duration.ofSeconds(2)).stream()
                .map(r -> ProtoCodec.decode(r.headers(), r.value(), SweepAccepted.getDefaultInstance()).getSpec().getName())
                .filter(name::equals).toList();
        assertEquals(List.of(), published, "the sweep of a refused submission is visible without its run requests");
        // the gateway is not wedged by the aborted transaction: the next submission goes through whole
        String sweepId = given().contentType("application/yaml").body(yaml(name).getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/api/sweeps")
                .then().statusCode(202).extract().path("id");
        assertEquals(4, kafka.readUntil(Topics.RUNS_REQUESTED, records -> records.stream().filter(r -> r.key().startsWith(sweepId)).count() == 4,
                Duration.ofSeconds(30)).stream().filter(r -> r.key().startsWith(sweepId)).count());
    }

    /**
     * The same Idempotency-Key with the same spec names the same sweep on every try (the analysis service is not
     * running here, so the gateway cannot tell that the first try was stored, and publishes again: the store keeps one
     * copy); another spec under the key is another sweep; a key it cannot use is a 400 naming the header.
     */
    @Test
    void anIdempotencyKeyNamesOneSweepForOneSpec() {
        String key = "key-" + UUID.randomUUID();
        String name = "keyed-" + UUID.randomUUID();
        String first = given().contentType("application/yaml").header("Idempotency-Key", key).body(yaml(name).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/sweeps").then().statusCode(202).extract().path("id");
        given().contentType("application/yaml").header("Idempotency-Key", key).body(yaml(name).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/sweeps").then().statusCode(202).body("id", equalTo(first)).body("runs", equalTo(4));
        String other = given().contentType("application/yaml").header("Idempotency-Key", key).body(yaml(name + "-b").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/sweeps").then().statusCode(202).extract().path("id");
        assertTrue(!other.equals(first), "another spec under the same key is another sweep");
        given().contentType("application/yaml").header("Idempotency-Key", "two words").body(yaml(name).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/sweeps").then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
    }

    /** Sets one topic setting, and waits until the topic reports it (the broker applies it within moments). */
    private static void alter(Admin admin, ConfigResource resource, AlterConfigOp op) throws Exception {
        admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            ConfigEntry now = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get(op.configEntry().name());
            if (op.configEntry().value().equals(now.value())) {
                Thread.sleep(500);
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(op + " was not applied to " + resource);
    }

    @Test
    void aSpecWithSeveralErrorsIsRejectedWithAllOfThemAndNothingIsPublished() {
        String name = "rejected-" + UUID.randomUUID();
        String body = """
                {"name": "%s", "colour": 1,
                 "model": {"kind": "two-layer", "width": 0},
                 "data": {"kind": "gaussian-teacher", "dim": 2, "samples": "many"},
                 "optimizer": {"kind": "gd", "lr": 0.1, "steps": 100},
                 "grid": {"data.unknown": [1]}}""".formatted(name);
        int sweepsBefore = kafka.readAll(Topics.SWEEPS, Duration.ofSeconds(1)).size();
        int requestsBefore = kafka.readAll(Topics.RUNS_REQUESTED, Duration.ofSeconds(1)).size();
        given().contentType("application/json").body(body)
                .when().post("/api/sweeps")
                .then().statusCode(400)
                .body("errors.field", hasItems("colour", "model.width", "data.samples", "grid.data.unknown"));

        // Nothing reached Kafka: read both topics to the end as an outside observer.
        assertEquals(sweepsBefore, kafka.readAll(Topics.SWEEPS, Duration.ofSeconds(2)).size(), "a rejected sweep was published");
        assertEquals(requestsBefore, kafka.readAll(Topics.RUNS_REQUESTED, Duration.ofSeconds(2)).size(),
                "a run of a rejected sweep was requested");
    }

    @Test
    void malformedAndUnsupportedBodiesAreClearClientErrors() {
        given().contentType("application/json").body("{\"name\": ").when().post("/api/sweeps")
                .then().statusCode(400).body("errors[0].field", equalTo("$")).body("errors[0].message", startsWith("malformed JSON"));
        given().contentType("text/plain").body("hello").when().post("/api/sweeps")
                .then().statusCode(415).body("error", equalTo("unsupported-media-type"));
        given().when().get("/api/nothing-here").then().statusCode(404).body("error", equalTo("not-found"));
    }

    @Test
    void aClosedStreamOfAQuietSweepIsReleased() throws Exception {
        int before = live.activeStreams();
        SseProbe sse = SseProbe.connect(base.resolve("/api/sweeps/sw-quiet-" + UUID.randomUUID() + "/stream"));
        awaitStreams(before + 1);
        sse.close();
        awaitStreams(before); // nothing is ever published for this sweep: only the heartbeat can notice
    }

    /** One client holds at most lab.live.max-streams-per-client (4 in tests) streams; a closed one makes room. */
    @Test
    void aClientPastItsShareOfLiveStreamsIsRefusedUntilOneCloses() throws Exception {
        int before = live.activeStreams();
        List<SseProbe> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                open.add(SseProbe.connect(base.resolve("/api/sweeps/sw-share-" + i + "/stream")));
            }
            awaitStreams(before + 4);
            given().when().get("/api/sweeps/sw-share-4/stream").then().statusCode(429)
                    .body("error", equalTo("rate-limited")).body("message", org.hamcrest.Matchers.containsString("4 live streams"))
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue());
            open.remove(0).close();
            awaitStreams(before + 3);
            open.add(SseProbe.connect(base.resolve("/api/sweeps/sw-share-4/stream")));
            awaitStreams(before + 4);
        } finally {
            open.forEach(SseProbe::close);
        }
        awaitStreams(before);
    }

    private void awaitStreams(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (live.activeStreams() != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(expected, live.activeStreams(), "live streams subscribed on the gateway");
    }

    @Test
    void theStreamCarriesOnlyItsOwnSweepsEvents() throws Exception {
        String mine = "sw-mine-" + UUID.randomUUID();
        try (SseProbe sse = SseProbe.connect(base.resolve("/api/sweeps/" + mine + "/stream"))) {
            EpochMetrics other = EpochMetrics.newBuilder().setSweepId("sw-other").setRunId("sw-other-0000").setStep(1).build();
            EpochMetrics own = EpochMetrics.newBuilder().setSweepId(mine).setRunId(mine + "-0000").setStep(2).build();
            // The live consumer starts at the latest offset: publish until the subscription has caught up. Its first
            // group join can take tens of seconds on a loaded machine (a fresh broker creates __consumer_offsets first).
            List<SseProbe.Event> events = null;
            for (int attempt = 0; attempt < 60 && events == null; attempt++) {
                kafka.send(Topics.RUNS_METRICS, other.getRunId(), other);
                kafka.send(Topics.RUNS_METRICS, own.getRunId(), own);
                try {
                    events = sse.awaitEvent(e -> e.name().equals("epoch"), Duration.ofSeconds(1));
                } catch (AssertionError notYet) {
                    // keep publishing
                }
            }
            assertTrue(events != null, "no epoch event arrived");
            assertTrue(sse.events().stream().allMatch(e -> e.data().contains(mine)), "another sweep's event leaked: " + sse.events());
        }
    }

    @Test
    void aReconnectingStreamWithLastEventIdMissesNothing() throws Exception {
        String sweep = "sw-resume-" + UUID.randomUUID();
        String run = sweep + "-0000";
        String lastSeen;
        try (SseProbe sse = SseProbe.connect(base.resolve("/api/sweeps/" + sweep + "/stream"))) {
            // as above: publish until the live subscription has caught up, then note the id of the last event seen
            List<SseProbe.Event> events = null;
            for (int step = 0; step < 60 && events == null; step++) {
                kafka.send(Topics.RUNS_METRICS, run, EpochMetrics.newBuilder().setSweepId(sweep).setRunId(run).setStep(step).build());
                try {
                    events = sse.awaitEvent(e -> e.name().equals("epoch"), Duration.ofSeconds(1));
                } catch (AssertionError notYet) {
                    // keep publishing
                }
            }
            assertTrue(events != null, "no epoch event arrived");
            events = sse.events();
            lastSeen = events.get(events.size() - 1).id();
            assertTrue(lastSeen != null && !lastSeen.isBlank(), "events carry ids");
        }
        // while the client is away: steps 1000 … 1004, then it reconnects and gets them before anything new
        for (int step = 1000; step < 1005; step++) {
            kafka.send(Topics.RUNS_METRICS, run, EpochMetrics.newBuilder().setSweepId(sweep).setRunId(run).setStep(step).build());
        }
        Thread.sleep(1000); // let the gateway read them before the reconnection
        try (SseProbe resumed = SseProbe.connect(base.resolve("/api/sweeps/" + sweep + "/stream"), lastSeen)) {
            kafka.send(Topics.RUNS_METRICS, run, EpochMetrics.newBuilder().setSweepId(sweep).setRunId(run).setStep(2000).build());
            List<SseProbe.Event> events = resumed.awaitEvent(e -> e.data().contains("\"step\":\"2000\""), Duration.ofSeconds(30));
            List<String> steps = events.stream().filter(e -> e.name().equals("epoch"))
                    .map(e -> e.data().replaceAll(".*\"step\":\"(\\d+)\".*", "$1")).toList();
            assertEquals(List.of("1000", "1001", "1002", "1003", "1004", "2000"), steps);
        }
        try (SseProbe stranger = SseProbe.connect(base.resolve("/api/sweeps/" + sweep + "/stream"), "another-gateway-7")) {
            assertEquals("reset", stranger.awaitEvent(e -> true, Duration.ofSeconds(10)).get(0).name());
        }
    }
}
