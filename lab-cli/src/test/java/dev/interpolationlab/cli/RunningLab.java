package dev.interpolationlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * What the fault tests ask of a lab started by {@link Stack#up}: its public API through the gateway, and its store
 * read directly, to count every stored step of a run.
 */
final class RunningLab {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Properties stack;

    RunningLab(Properties stack) {
        this.stack = stack;
    }

    String gateway() {
        return stack.getProperty("gateway.url");
    }

    /** The analysis service's own address (its health, which the gateway does not relay). */
    String analysis() {
        return stack.getProperty("analysis.url");
    }

    String kafka() {
        return stack.getProperty("kafka.bootstrap.servers");
    }

    /** Submits a sweep spec (JSON); the accepted sweep's id. */
    String submit(String spec) throws Exception {
        return LabHttp.submit(gateway(), spec).get("id").asText();
    }

    HttpResponse<String> send(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET that must answer 200. */
    JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send(path);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    JsonNode runs(String sweepId) throws Exception {
        return get("/api/sweeps/" + sweepId + "/runs");
    }

    JsonNode runOf(String sweepId, String runId) throws Exception {
        for (JsonNode run : runs(sweepId)) {
            if (run.path("id").asText().equals(runId)) {
                return run;
            }
        }
        throw new AssertionError("no run " + runId + " in " + sweepId);
    }

    /** Polls the sweep's runs until one matches; a 404 means the analysis service has not stored the sweep yet. */
    JsonNode awaitRun(String sweepId, Predicate<JsonNode> wanted, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send("/api/sweeps/" + sweepId + "/runs");
            if (response.statusCode() == 200) {
                for (JsonNode run : JSON.readTree(response.body())) {
                    if (wanted.test(run)) {
                        return run;
                    }
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no run of " + sweepId + " as wanted within " + patience + ": "
                + send("/api/sweeps/" + sweepId + "/runs").body());
    }

    JsonNode awaitStatus(String sweepId, String status, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            HttpResponse<String> response = send("/api/sweeps/" + sweepId);
            JsonNode sweep = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            if (sweep != null && sweep.get("status").asText().equals(status)) {
                return sweep;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sweep " + sweepId + " is not " + status + " after " + patience + ": " + response.body());
            }
            Thread.sleep(250);
        }
    }

    /** Every stored step of a run, in order, a step stored twice listed twice. */
    List<Long> storedSteps(String runId) {
        try (Connection db = database();
             PreparedStatement query = db.prepareStatement("select step from metrics where run_id = ? order by step")) {
            query.setString(1, runId);
            List<Long> steps = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    steps.add(result.getLong(1));
                }
            }
            return steps;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    Connection database() throws SQLException {
        return DriverManager.getConnection(stack.getProperty("jdbc.url"), stack.getProperty("jdbc.username"),
                stack.getProperty("jdbc.password"));
    }

    /** The record schedule of a {@code record.every} spec, written out independently: 0, every, 2·every, ..., the last step. */
    static List<Long> schedule(int steps, int every) {
        List<Long> expected = new ArrayList<>();
        for (long step = 0; step < steps; step += every) {
            expected.add(step);
        }
        expected.add((long) steps);
        return expected;
    }
}
