package dev.interpolationlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

/** What the integration tests ask a running gateway, as a user's HTTP client would. */
final class LabHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LabHttp() {
    }

    /** Submits a sweep spec (JSON), which must be accepted; the answer (its id and its run count). */
    static JsonNode submit(String gateway, String spec) throws Exception {
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/sweeps"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(spec)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, accepted.statusCode(), accepted.body());
        return JSON.readTree(accepted.body());
    }

    /** Waits up to a minute until at least {@code runs} runs of the sweep have stored steps (404 until it is stored). */
    static void awaitCurves(String gateway, String id, int runs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int seen = 0;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> curves = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/sweeps/" + id + "/curves")).build(),
                    HttpResponse.BodyHandlers.ofString());
            seen = curves.statusCode() == 200 ? JSON.readTree(curves.body()).get("runs").size() : 0;
            if (seen >= runs) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("sweep " + id + ": " + seen + " of " + runs + " runs have stored steps after 60 s");
    }
}
