package dev.interpolationlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interpolationlab.infra.SseProbe;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The faults of {@link LabFaults} with trainers on one consumer group (the services' default), and PostgreSQL killed
 * mid-sweep for two minutes, longer than any timeout on the way: the analysis service stops acknowledging and says it
 * is not ready, the gateway's reads answer 503 with a JSON reason, the trainers train on (Kafka holds what they
 * publish), and once the database is back every recorded step is stored exactly once and the sweep completes.
 */
class FaultToleranceIT extends LabFaults {

    private static final Duration OUTAGE = Duration.ofMinutes(2);

    @Override
    Map<String, String> dispatch() {
        return Map.of();
    }

    @Test
    @Order(5)
    void theDatabaseKilledForTwoMinutesMidSweepLosesNothing() throws Exception {
        int steps = 60_000;
        String id = lab.submit(sweep("database-outage", 4, steps));
        lab.awaitRun(id, run -> lab.storedSteps(run.path("id").asText()).size() > 3, Duration.ofMinutes(2));
        try (SseProbe live = SseProbe.connect(URI.create(lab.gateway() + "/api/sweeps/" + id + "/stream"))) {
            Thread.sleep(1000); // the stream's subscription is in place
            long down = System.nanoTime();
            killTheDatabase();

            HttpResponse<String> ready = awaitAnswer(lab.analysis() + "/q/health/ready", 503);
            assertTrue(ready.body().contains("DOWN"), ready.body());
            HttpResponse<String> read = awaitAnswer(lab.gateway() + "/api/sweeps/" + id, 503);
            JsonNode reason = JSON.readTree(read.body());
            assertEquals("unavailable", reason.path("error").asText(), read.body());
            assertTrue(read.headers().firstValue("Retry-After").isPresent(), read.headers().toString());
            // the trainers train on: their steps reach the live stream with the store away
            live.awaitEvent(e -> e.name().equals("epoch") && e.receivedAtNanos() > down, Duration.ofSeconds(60));

            Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - down) / 1_000_000));
            // past SmallRye's default 60 s watchdog on unacknowledged records, which would have closed the consumers
            assertEquals(200, get(lab.analysis() + "/q/health/live").statusCode(), "the analysis service is still live");
            stack.startAgain("postgres");
        }
        JsonNode sweep = lab.awaitStatus(id, "completed", Duration.ofMinutes(5));
        assertEquals(4, sweep.at("/runs/completed").asInt(), sweep.toString());
        for (JsonNode run : lab.runs(id)) {
            String runId = run.path("id").asText();
            assertEquals(RunningLab.schedule(steps, EVERY), lab.storedSteps(runId), "every step of " + runId + " once");
        }
        assertEquals(200, get(lab.analysis() + "/q/health/ready").statusCode(), "ready again");
    }

    /**
     * {@code kill -9} of PostgreSQL's postmaster (its backends exit when they see it gone) and of the process that
     * started it, so that {@link Stack#startAgain} can start it again on the same data and port.
     */
    private void killTheDatabase() throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(paths.data().resolve("postgres/postmaster.pid")).get(0).trim());
        ProcessHandle process = ProcessHandle.of(postmaster).orElseThrow(() -> new AssertionError("no postmaster " + postmaster));
        process.destroyForcibly();
        process.onExit().join();
        stack.kill("postgres");
    }

    private static HttpResponse<String> awaitAnswer(String url, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> answer = get(url);
        while (answer.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(250);
            answer = get(url);
        }
        assertEquals(status, answer.statusCode(), url + ": " + answer.body());
        return answer;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
