package dev.interpolationlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.proto.v1.DispatchStats;
import dev.interpolationlab.proto.v1.TrainerTime;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Share-group dispatch ({@code LAB_TRAINER_DISPATCH=share-group}) through the services: three trainers take the runs
 * of one sweep from a {@code lab.runs.requested} of one partition (with a consumer group two of them would get no
 * partition and no work), a run whose trainer is killed resumes on another, and a trainer frozen past its lock is
 * fenced off when it comes back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShareGroupScaleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int TRAINERS = 3;
    /** {@code ./lab up} creates the run requests with one partition for a share group (TopicBootstrap says why). */
    private static final int PARTITIONS = 1;

    private static Stack stack;
    private static Properties running;

    @BeforeAll
    static void startTheLab() throws Exception {
        Path home = Path.of(System.getProperty("lab.home", "..")).toAbsolutePath().normalize();
        stack = new Stack(new LabPaths(home, Files.createTempDirectory("lab-share")), new PrintStream(System.out, true),
                Map.of("LAB_TRAINER_DISPATCH", TrainerGroup.SHARE_GROUP.dispatch, "LAB_CHECKPOINT_EVERY", "1s"));
        running = stack.up(TRAINERS);
        assertTrue(TrainerGroup.SHARE_GROUP.awaitMembers(running.getProperty("kafka.bootstrap.servers"), TRAINERS, 90),
                "all three trainers joined the share group");
    }

    @AfterAll
    static void stopTheLab() {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    @Order(1)
    void threeTrainersOnOnePartitionAllTrainRuns() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", running.getProperty("kafka.bootstrap.servers")))) {
            int partitions = admin.describeTopics(List.of(Topics.RUNS_REQUESTED)).allTopicNames().get().get(Topics.RUNS_REQUESTED)
                    .partitions().size();
            assertEquals(PARTITIONS, partitions, "fewer partitions than trainers");
        }
        // runs of a few seconds each, more of them than trainers, all queued at once
        String spec = """
                {"name": "more-trainers-than-partitions", "seed": 5, "repeats": 9,
                 "model": {"kind": "two-layer", "width": 200, "init": {"scheme": "balanced", "scale": 1e-3}},
                 "data": {"kind": "gaussian-teacher", "dim": 5, "samples": 400, "noise": 0.5, "testSamples": 100},
                 "optimizer": {"kind": "gd", "lr": 0.05, "steps": 20000},
                 "record": {"every": 2000}}""";
        String gateway = running.getProperty("gateway.url");
        String id = LabHttp.submit(gateway, spec).get("id").asText();
        JsonNode sweep = awaitCompleted(gateway, id, 5);
        assertEquals(9, sweep.at("/runs/completed").asInt(), String.valueOf(sweep));
        Map<String, Integer> runsPerTrainer = new HashMap<>();
        for (JsonNode run : get(gateway, "/api/sweeps/" + id + "/runs")) {
            runsPerTrainer.merge(run.path("trainer").asText(), 1, Integer::sum);
        }
        assertEquals(TRAINERS, runsPerTrainer.size(), "every trainer trained runs: " + runsPerTrainer);
        DispatchStats dispatch = new GatewayClient(gateway).dispatch(id, 30).orElseThrow();
        System.out.println("dispatch of 9 runs on 3 trainers sharing one partition: " + dispatch);
        assertEquals(TRAINERS, dispatch.getTrainers(), dispatch.toString());
        // a free trainer takes the next queued run within about a poll (measured: 0.6 s a run): a trainer left without
        // queued work while others still had some, as on a partition of its own, would idle for most of the ~20 s
        for (TrainerTime trainer : dispatch.getTrainerTimesList()) {
            assertTrue(trainer.getIdleWhileQueuedSeconds() < 5, "idle while runs were queued: " + dispatch);
        }
    }

    /**
     * {@code kill -9} of a trainer mid-run: it stops renewing its lock, the broker delivers the request to another
     * trainer within one lock, and that trainer resumes from the checkpoint; every recorded step is stored once.
     */
    @Test
    @Order(2)
    void aRunWhoseTrainerIsKilledResumesOnAnotherFromItsCheckpoint() throws Exception {
        String gateway = running.getProperty("gateway.url");
        String id = submitAndAwaitSteps(gateway, longRun("kill-a-share-group-trainer", 11), 5);
        String runId = id + "-0000";
        JsonNode victim = get(gateway, "/api/sweeps/" + id + "/runs").get(0);
        String killed = victim.path("trainer").asText();
        assertTrue(killed.startsWith("trainer-"), victim.toString());
        stack.kill(killed);

        awaitCompleted(gateway, id, 4);
        JsonNode run = get(gateway, "/api/sweeps/" + id + "/runs").get(0);
        assertEquals("completed", run.path("status").asText(), run.toString());
        assertTrue(!run.path("trainer").asText().equals(killed), "finished on another trainer: " + run);
        assertEquals(2, run.path("attempts").asInt(), run.toString());
        assertTrue(run.path("resumedFromStep").asLong() > 0, "resumed from a checkpoint: " + run);
        // the timeline: the killed trainer's attempt reported no end, so it is lost; the second ended the run
        JsonNode attempts = run.at("/timeline/attempts");
        assertEquals(2, attempts.size(), run.toString());
        assertEquals(killed, attempts.get(0).path("trainer").asText(), run.toString());
        assertEquals("lost", attempts.get(0).path("outcome").asText(), run.toString());
        assertEquals(run.path("trainer").asText(), attempts.get(1).path("trainer").asText(), run.toString());
        assertEquals("completed", attempts.get(1).path("outcome").asText(), run.toString());
        assertEquals(attempts.get(1).path("endedAt").asText(), run.at("/timeline/finishedAt").asText(), run.toString());
        assertEveryStepStoredOnce(runId);
        stack.startAgain(killed);
    }

    /**
     * Fencing: a trainer frozen ({@code SIGSTOP}) past its lock loses its run to another trainer, which resumes it
     * from the latest checkpoint as attempt 2 and completes it; thawed ({@code SIGCONT}), the frozen trainer learns
     * from the checkpoints that a later attempt replaced its own, stops, and changes nothing: the stored run equals an
     * uninterrupted run of the same spec step for step, bit for bit, and stays as it was.
     */
    @Test
    @Order(3)
    void aTrainerFrozenPastItsLockChangesNothingWhenItComesBack() throws Exception {
        String gateway = running.getProperty("gateway.url");
        String id = submitAndAwaitSteps(gateway, longRun("freeze-a-share-group-trainer", 13), 5);
        String runId = id + "-0000";
        String frozen = get(gateway, "/api/sweeps/" + id + "/runs").get(0).path("trainer").asText();
        stack.freeze(frozen);
        JsonNode run;
        try {
            awaitCompleted(gateway, id, 4);
            run = get(gateway, "/api/sweeps/" + id + "/runs").get(0);
            assertEquals("completed", run.path("status").asText(), run.toString());
        } finally {
            stack.thaw(frozen);
        }
        Thread.sleep(10_000); // the thawed trainer's threads run on: its training, its renewal, its checkpoint reader
        JsonNode after = get(gateway, "/api/sweeps/" + id + "/runs").get(0);
        assertTrue(!run.path("trainer").asText().equals(frozen), "completed by another trainer: " + run);
        assertEquals(2, after.path("attempts").asInt(), after.toString());
        assertEquals(run.path("trainer").asText(), after.path("trainer").asText(), "the run stays as it was: " + after);
        assertEquals(run.path("wallMs"), after.path("wallMs"), after.toString());
        assertEquals(run.path("provenance"), after.path("provenance"), after.toString());
        assertEquals(frozen, after.at("/timeline/attempts/0/trainer").asText(), after.toString());
        assertEquals("lost", after.at("/timeline/attempts/0/outcome").asText(), "the frozen attempt reports no end: " + after);
        assertEveryStepStoredOnce(runId);

        // the same spec again, uninterrupted: the same numbers at every step
        String reference = LabHttp.submit(gateway, longRun("freeze-reference", 13)).get("id").asText();
        awaitCompleted(gateway, reference, 4);
        JsonNode interrupted = get(gateway, "/api/runs/" + runId + "/metrics");
        JsonNode uninterrupted = get(gateway, "/api/runs/" + reference + "-0000/metrics");
        assertEquals(uninterrupted.size(), interrupted.size());
        for (int i = 0; i < interrupted.size(); i++) {
            for (String field : List.of("step", "trainLoss", "testLoss", "gradNorm", "paramNorm")) {
                assertEquals(uninterrupted.get(i).path(field), interrupted.get(i).path(field), field + " at row " + i);
            }
        }
        assertEquals(get(gateway, "/api/sweeps/" + reference + "/runs").get(0).path("finalTrainLoss"), after.path("finalTrainLoss"));
    }

    /** One run of about 20 s (40,000 GD steps at n = 640, m = 500), a step recorded every 1,000: 41 in all. */
    private static String longRun(String name, int seed) {
        return """
                {"name": "%s", "seed": %d, "repeats": 1,
                 "model": {"kind": "two-layer", "width": 500, "init": {"scheme": "balanced", "scale": 1e-5}},
                 "data": {"kind": "gaussian-teacher", "dim": 5, "samples": 640, "noise": 0.5, "testSamples": 200},
                 "optimizer": {"kind": "gd", "lr": 0.05, "steps": 40000},
                 "record": {"every": 1000}}""".formatted(name, seed);
    }

    /** Submits a one-run sweep and waits until its run has stored {@code steps} recorded steps; the sweep's id. */
    private static String submitAndAwaitSteps(String gateway, String spec, int steps) throws Exception {
        String id = LabHttp.submit(gateway, spec).get("id").asText();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (storedSteps(id + "-0000")[0] < steps && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return id;
    }

    private static void assertEveryStepStoredOnce(String runId) throws Exception {
        long[] steps = storedSteps(runId);
        assertEquals(41, steps[0], "steps 0, 1000, ..., 40000, none missing");
        assertEquals(steps[0], steps[1], "none stored twice");
    }

    /** The sweep once completed, or as it stands after {@code minutes} (null if the store never had it). */
    private static JsonNode awaitCompleted(String gateway, String id, int minutes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        JsonNode sweep = null;
        while ((sweep == null || !sweep.path("status").asText().equals("completed")) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            sweep = stored(gateway, "/api/sweeps/" + id);
        }
        return sweep;
    }

    /** How many metric rows the run has, and how many distinct steps. */
    private static long[] storedSteps(String runId) throws Exception {
        try (Connection db = DriverManager.getConnection(running.getProperty("jdbc.url"), running.getProperty("jdbc.username"),
                running.getProperty("jdbc.password"));
             PreparedStatement counts = db.prepareStatement("select count(*), count(distinct step) from metrics where run_id = ?")) {
            counts.setString(1, runId);
            try (ResultSet result = counts.executeQuery()) {
                result.next();
                return new long[] {result.getLong(1), result.getLong(2)};
            }
        }
    }

    /** The resource once the store has it (the analysis service stores an accepted sweep moments later), else null. */
    private static JsonNode stored(String gateway, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 404 ? null : JSON.readTree(response.body());
    }

    private static JsonNode get(String gateway, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}
