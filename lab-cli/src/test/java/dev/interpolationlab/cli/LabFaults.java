package dev.interpolationlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.infra.SseProbe;
import dev.interpolationlab.proto.v1.SweepAccepted;
import dev.interpolationlab.wire.ProtoCodec;
import dev.interpolationlab.wire.Topics;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The faults every dispatch must survive, each on real processes with a real broker and database: a trainer killed
 * with {@code kill -9} mid-run, the broker stopped and started again mid-sweep, the analysis service killed and started
 * again mid-sweep, and a run that fails every time it is tried. The lab keeps every run and every recorded step, none
 * twice. Checkpoints are taken every second and a dead trainer is noticed after 6 s, so that the tests need not wait
 * for the defaults. {@link FaultToleranceIT} runs them with trainers on a consumer group, {@link
 * ShareGroupFaultToleranceIT} on a share group; each adds the faults its dispatch is the one to show.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LabFaults {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final int EVERY = 1000;
    static final int MAX_ATTEMPTS = 3;

    LabPaths paths;
    Stack stack;
    RunningLab lab;

    /** How trainers take runs: the services' settings that choose the dispatch. */
    abstract Map<String, String> dispatch();

    @BeforeAll
    void startTheLab() throws Exception {
        Path home = Path.of(System.getProperty("lab.home", "..")).toAbsolutePath().normalize();
        paths = new LabPaths(home, Files.createTempDirectory("lab-faults"));
        Map<String, String> settings = new java.util.HashMap<>(Map.of("LAB_CHECKPOINT_EVERY", "1s",
                "LAB_TRAINER_SESSION_TIMEOUT_MS", "6000", "LAB_RUN_MAX_ATTEMPTS", Integer.toString(MAX_ATTEMPTS)));
        settings.putAll(dispatch());
        stack = new Stack(paths, new PrintStream(System.out, true), settings);
        lab = new RunningLab(stack.up(2));
    }

    @AfterAll
    void stopTheLab() {
        if (stack != null) {
            stack.down();
        }
    }

    /** Runs of the optimisation-threshold shape, long enough (tens of seconds) to be interrupted. */
    static String sweep(String name, int repeats, int steps) {
        return """
                {"name": "%s", "seed": 11, "repeats": %d,
                 "model": {"kind": "two-layer", "width": 500, "init": {"scheme": "balanced", "scale": 1e-5}},
                 "data": {"kind": "gaussian-teacher", "dim": 5, "samples": 640, "noise": 0.5, "testSamples": 200},
                 "optimizer": {"kind": "gd", "lr": 0.05, "steps": %d},
                 "record": {"every": %d}}""".formatted(name, repeats, steps, EVERY);
    }

    @Test
    @Order(1)
    void aRunWhoseTrainerIsKilledFinishesOnTheOtherFromItsCheckpoint() throws Exception {
        int steps = 120_000;
        String id = lab.submit(sweep("kill-a-trainer", 2, steps));
        JsonNode victim = lab.awaitRun(id,
                run -> run.path("status").asText().equals("running") && lab.storedSteps(run.path("id").asText()).size() > 5,
                Duration.ofMinutes(2));
        String killed = victim.path("trainer").asText();
        String survivor = killed.equals("trainer-1") ? "trainer-2" : "trainer-1";
        stack.kill(killed);

        // the survivor trains both runs one after the other: 2 × 120,000 steps took 280 s on a slow CI machine
        JsonNode sweep = lab.awaitStatus(id, "completed", Duration.ofMinutes(8));
        assertEquals(2, sweep.at("/runs/completed").asInt(), sweep.toString());
        JsonNode run = lab.runOf(id, victim.path("id").asText());
        assertEquals(survivor, run.path("trainer").asText(), "the run finished on the surviving trainer: " + run);
        assertEquals(2, run.path("attempts").asInt(), run.toString());
        assertTrue(run.path("resumedFromStep").asLong() > 0, "it resumed from a checkpoint, not from step 0: " + run);
        for (JsonNode each : lab.runs(id)) {
            String runId = each.path("id").asText();
            assertEquals(RunningLab.schedule(steps, EVERY), lab.storedSteps(runId), "no gap and no duplicate in " + runId);
        }
        stack.startAgain(killed);
    }

    @Test
    @Order(2)
    void theBrokerStoppedAndStartedAgainMidSweepLosesNothing() throws Exception {
        throughADisruption("restart-the-broker", () -> {
            stack.stop("kafka");
            Thread.sleep(8_000);
            stack.startAgain("kafka");
        });
    }

    @Test
    @Order(3)
    void theAnalysisServiceKilledAndStartedAgainMidSweepStoresEveryMetricExactlyOnce() throws Exception {
        String id = throughADisruption("restart-the-analysis", () -> {
            stack.kill("analysis-service");
            Thread.sleep(3_000);
            stack.startAgain("analysis-service");
        });
        try (Connection db = lab.database();
             PreparedStatement counts = db.prepareStatement("select count(*), count(distinct step) from metrics where run_id = ?")) {
            for (JsonNode run : lab.runs(id)) {
                counts.setString(1, run.path("id").asText());
                try (ResultSet result = counts.executeQuery()) {
                    result.next();
                    assertEquals(result.getLong(2), result.getLong(1), "a step stored twice in " + run.path("id").asText());
                }
            }
        }
    }

    @FunctionalInterface
    interface Disruption {
        void happen() throws Exception;
    }

    /**
     * A 4-run sweep disrupted once its metrics flow; it must complete with every recorded step of every run stored,
     * none missing, none twice. Returns the sweep's id.
     */
    String throughADisruption(String name, Disruption disruption) throws Exception {
        int steps = 60_000;
        String id = lab.submit(sweep(name, 4, steps));
        lab.awaitRun(id, run -> lab.storedSteps(run.path("id").asText()).size() > 3, Duration.ofMinutes(2));
        disruption.happen();
        JsonNode sweep = lab.awaitStatus(id, "completed", Duration.ofMinutes(5));
        assertEquals(4, sweep.at("/runs/completed").asInt(), sweep.toString());
        for (JsonNode run : lab.runs(id)) {
            String runId = run.path("id").asText();
            assertEquals(RunningLab.schedule(steps, EVERY), lab.storedSteps(runId), "every step of " + runId + " once");
        }
        return id;
    }

    /**
     * A run that fails every time (its fashion-mnist files are missing here: LAB_FASHION_MNIST_DIR points to nowhere,
     * see the pom) is tried LAB_RUN_MAX_ATTEMPTS times, then failed with its reason; its sweep's other run is
     * untouched, and a retry requests the failed run only, with a fresh budget.
     */
    @Test
    @Order(4)
    void aRunThatKeepsFailingIsTriedWithinItsBudgetThenFailedWithItsReason() throws Exception {
        String id = lab.submit("""
                {"name": "keeps-failing", "seed": 3, "model": {"kind": "mlp", "width": 8},
                 "data": {"kind": "fashion-mnist", "samples": 20, "testSamples": 10},
                 "optimizer": {"kind": "gd", "lr": 0.1, "steps": 10},
                 "grid": {"data.kind": ["fashion-mnist", "gaussian-mixture"]}}""");
        JsonNode sweep = lab.awaitStatus(id, "failed", Duration.ofMinutes(2));
        assertEquals(1, sweep.at("/runs/failed").asInt(), sweep.toString());
        assertEquals(1, sweep.at("/runs/completed").asInt(), sweep.toString());
        JsonNode failed = failedRun(id);
        assertEquals(MAX_ATTEMPTS, failed.path("attempts").asInt(), failed.toString());
        String reason = failed.path("reason").asText();
        assertTrue(reason.startsWith("failed " + MAX_ATTEMPTS + " attempt(s)") && reason.contains("dataset-fashion-mnist"), reason);
        String completed = otherRun(id, failed.path("id").asText());

        try (SseProbe sse = SseProbe.connect(URI.create(lab.gateway() + "/api/sweeps/" + id + "/stream"))) {
            Thread.sleep(1000); // the stream's subscription is in place before the retry
            HttpResponse<String> retry = HTTP.send(HttpRequest.newBuilder(URI.create(lab.gateway() + "/api/sweeps/" + id + "/retry"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, retry.statusCode(), retry.body());
            assertEquals(1, JSON.readTree(retry.body()).path("runs").asInt(), "only the failed run is requested again");
            // the run starts again at attempt 1: the budget is fresh
            sse.awaitEvent(e -> e.name().equals("run") && e.data().contains("\"STARTED\"") && e.data().contains(failed.path("id").asText())
                    && attemptOf(e.data()) == 1, Duration.ofSeconds(60));
            sse.awaitEvent(e -> e.name().equals("run") && e.data().contains("\"FAILED\"") && e.data().contains(failed.path("id").asText()),
                    Duration.ofSeconds(60));
        }
        sweep = lab.awaitStatus(id, "failed", Duration.ofMinutes(2));
        JsonNode again = failedRun(id);
        assertEquals(MAX_ATTEMPTS, again.path("attempts").asInt(), "a retry starts a fresh budget: " + again);
        assertEquals("completed", lab.runOf(id, completed).path("status").asText());
    }

    private static int attemptOf(String runEventJson) {
        try {
            return JSON.readTree(runEventJson).path("attempt").asInt();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode failedRun(String id) throws Exception {
        for (JsonNode run : lab.runs(id)) {
            if (run.path("status").asText().equals("failed")) {
                return run;
            }
        }
        throw new AssertionError("no failed run in " + id);
    }

    private String otherRun(String id, String runId) throws Exception {
        for (JsonNode run : lab.runs(id)) {
            if (!run.path("id").asText().equals(runId)) {
                return run.path("id").asText();
            }
        }
        throw new AssertionError("no second run in " + id);
    }

    /**
     * A gateway stopped half-way through publishing a submission (frozen the moment its sweep record reaches the broker,
     * with most of its 200 run requests, 400 KB each, still to send; then killed with {@code kill -9}) leaves nothing
     * behind: the store never shows the sweep with runs queued for good. Once the gateway is back, the client's second
     * try with the same Idempotency-Key is the same sweep, each run requested once, and it completes; a third try is
     * answered from the store without publishing anything.
     */
    @Test
    @Order(6)
    void aGatewayKilledHalfWayThroughASubmissionLeavesNothingAndTheRetryIsOneWholeSweep() throws Exception {
        int runs = 200;
        String name = "half-published-" + System.nanoTime();
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int row = 0; csv.length() < 400_000; row++) {
            csv.append(row % 97 / 97.0).append(',').append(row % 89 / 89.0).append('\n');
        }
        var spec = JSON.createObjectNode().put("name", name).put("seed", 5).put("repeats", runs);
        spec.putObject("model").put("kind", "linear");
        spec.putObject("data").put("kind", "csv").put("train", csv.toString());
        spec.putObject("optimizer").put("kind", "closed-form");
        HttpRequest submission = HttpRequest.newBuilder(URI.create(lab.gateway() + "/api/sweeps"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "retry-" + name)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(spec))).build();

        String sweepId;
        try (KafkaConsumer<String, byte[]> watcher = consumer("read_uncommitted")) {
            List<TopicPartition> partitions = partitions(watcher, Topics.SWEEPS);
            watcher.assign(partitions);
            watcher.seekToEnd(partitions);
            partitions.forEach(watcher::position);
            CompletableFuture<HttpResponse<String>> answer = HTTP.sendAsync(submission, HttpResponse.BodyHandlers.ofString());
            sweepId = awaitSweepRecord(watcher, name, answer);
            stack.freeze("gateway");
            assertFalse(answer.isDone(), "the gateway answered before it could be stopped half-way");
            long sent = records(Topics.RUNS_REQUESTED, sweepId + "-", "read_uncommitted");
            assertTrue(sent < runs, "stopped half-way: " + sent + " of " + runs + " run requests on the broker");
            stack.kill("gateway");
        }
        stack.startAgain("gateway");
        Thread.sleep(5_000); // the store would have taken the sweep by now, had its record been committed
        assertEquals(404, lab.send("/api/sweeps/" + sweepId).statusCode(), "the half-published sweep is in the store");

        HttpResponse<String> again = HTTP.send(submission, HttpResponse.BodyHandlers.ofString());
        assertEquals(202, again.statusCode(), again.body());
        assertEquals(sweepId, JSON.readTree(again.body()).path("id").asText(), "the same key and spec name the same sweep");
        JsonNode sweep = lab.awaitStatus(sweepId, "completed", Duration.ofMinutes(3));
        assertEquals(runs, sweep.at("/runs/total").asInt(), sweep.toString());
        assertEquals(runs, sweep.at("/runs/completed").asInt(), sweep.toString());
        assertEquals(runs, records(Topics.RUNS_REQUESTED, sweepId + "-", "read_committed"), "each run requested once");

        HttpResponse<String> third = HTTP.send(submission, HttpResponse.BodyHandlers.ofString());
        assertEquals(202, third.statusCode(), third.body());
        assertEquals("true", third.headers().firstValue("Idempotent-Replayed").orElse(""), third.headers().toString());
        assertEquals(sweepId, JSON.readTree(third.body()).path("id").asText());
        assertEquals(runs, records(Topics.RUNS_REQUESTED, sweepId + "-", "read_committed"), "a replayed submission publishes nothing");
    }

    /** The id of the sweep record named {@code name} once the broker has it (uncommitted or not). */
    private static String awaitSweepRecord(KafkaConsumer<String, byte[]> watcher, String name, CompletableFuture<?> answer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && !answer.isDone()) {
            for (ConsumerRecord<String, byte[]> record : watcher.poll(Duration.ofMillis(10))) {
                if (ProtoCodec.decode(record.headers(), record.value(), SweepAccepted.getDefaultInstance()).getSpec().getName().equals(name)) {
                    return record.key();
                }
            }
        }
        throw new AssertionError("no sweep record named " + name + " before the gateway answered " + answer.getNow(null));
    }

    /** How many records of {@code topic}, read from its start to its current end, have a key starting {@code prefix}. */
    private long records(String topic, String prefix, String isolation) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(isolation)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // read_committed: the last stable offset
            long count = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertTrue(System.nanoTime() < deadline, "could not read " + topic + " to its end");
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith(prefix)) {
                        count++;
                    }
                }
            }
            return count;
        }
    }

    private KafkaConsumer<String, byte[]> consumer(String isolation) {
        Properties props = new Properties();
        props.put("bootstrap.servers", lab.kafka());
        props.put("isolation.level", isolation);
        props.put("enable.auto.commit", "false");
        props.put("max.partition.fetch.bytes", Integer.toString(16 << 20));
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }
}
