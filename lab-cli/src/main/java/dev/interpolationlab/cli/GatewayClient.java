package dev.interpolationlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * The CLI's view of the gateway's REST API. Every request carries {@code Authorization: Bearer $LAB_API_TOKEN} when
 * that variable (or {@code -Dlab.api.token}) is set: the gateway requires it on write endpoints where it is configured.
 */
public final class GatewayClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tries of one submission while the gateway answers 503 (Kafka away) or not at all. */
    private static final int SUBMIT_ATTEMPTS = 3;

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public GatewayClient(String baseUrl) {
        this(baseUrl, configuredToken().orElse(null));
    }

    /** {@code -Dlab.api.token}, else {@code LAB_API_TOKEN}; a blank one is none. */
    static java.util.Optional<String> configuredToken() {
        return java.util.Optional.ofNullable(System.getProperty("lab.api.token", System.getenv("LAB_API_TOKEN")))
                .map(String::strip).filter(token -> !token.isEmpty());
    }

    public GatewayClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token == null || token.isBlank() ? null : token;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Submits a spec file (YAML by extension, JSON otherwise); returns the 202 body or throws with every error. */
    public JsonNode submit(Path specFile) {
        String name = specFile.getFileName().toString().toLowerCase();
        String type = name.endsWith(".yaml") || name.endsWith(".yml") ? "application/yaml" : "application/json";
        String body;
        try {
            body = Files.readString(specFile);
        } catch (IOException e) {
            throw new CliException("cannot read " + specFile + ": " + e.getMessage(), 2);
        }
        // one key for every try: a try whose answer was lost (a 503, a dropped connection) and the next name one sweep
        String key = UUID.randomUUID().toString();
        HttpRequest submission = request("/api/sweeps").header("Content-Type", type).header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = null;
        for (int attempt = 1; response == null; attempt++) {
            try {
                response = send(submission);
                if (response.statusCode() == 503 && attempt < SUBMIT_ATTEMPTS) {
                    response = null; // nothing of it was published: the same submission again
                }
            } catch (CliException unanswered) {
                if (attempt >= SUBMIT_ATTEMPTS || unanswered.exitCode() == 130) {
                    throw unanswered;
                }
            }
            if (response == null) {
                Stack.sleep(2000L * attempt);
            }
        }
        JsonNode answer = parse(response);
        if (response.statusCode() == 400 && answer.has("errors")) {
            StringBuilder message = new StringBuilder(specFile + " is not a valid sweep spec:");
            answer.get("errors").forEach(e -> message.append("\n  ").append(e.get("field").asText()).append(": ").append(e.get("message").asText()));
            throw new CliException(message.toString());
        }
        return expect(response, answer, 202);
    }

    public JsonNode get(String path) {
        HttpResponse<String> response = send(request(path).GET().build());
        return expect(response, parse(response), 200);
    }

    public JsonNode sweep(String id) {
        return get("/api/sweeps/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
    }

    /** The sweep, waiting up to 10 s for it: the store sees a sweep a moment after the gateway accepted it. */
    public JsonNode sweepOnceStored(String id) {
        for (int attempt = 0; ; attempt++) {
            try {
                return sweep(id);
            } catch (CliException notYet) {
                if (attempt >= 50) {
                    throw notYet;
                }
                Stack.sleep(200);
            }
        }
    }

    public JsonNode analysis(String id) {
        return get("/api/sweeps/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/analysis");
    }

    /**
     * The sweep's dispatch statistics, which its analysis holds once the sweep is finished, waiting up to
     * {@code seconds} for them; a missing node if they do not come.
     */
    public JsonNode dispatch(String id, int seconds) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
        JsonNode stats = analysis(id).path("dispatch");
        while (stats.isMissingNode() && System.nanoTime() < deadline) {
            Stack.sleep(250);
            stats = analysis(id).path("dispatch");
        }
        return stats;
    }

    /** POSTs to an action endpoint (cancel, retry) and returns its JSON answer. */
    public JsonNode post(String path, int expectedStatus) {
        HttpResponse<String> response = send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
        return expect(response, parse(response), expectedStatus);
    }

    /** Streams a GET answer (an export of any size) into {@code sink}; a non-200 answer throws with its message. */
    public void download(String path, java.io.OutputStream sink) {
        HttpResponse<java.io.InputStream> response;
        try {
            response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                    JsonNode answer;
                    try {
                        answer = JSON.readTree(text.isEmpty() ? "{}" : text);
                    } catch (IOException notJson) {
                        answer = JSON.createObjectNode().put("message", text);
                    }
                    throw new CliException("the gateway answered " + response.statusCode() + ": " + answer.path("message").asText(text));
                }
                body.transferTo(sink);
            }
        } catch (IOException e) {
            throw new CliException("the gateway at " + baseUrl + " does not answer (is the lab up? ./lab up): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", 130);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException("the gateway at " + baseUrl + " does not answer (is the lab up? ./lab up): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", 130);
        }
    }

    private static JsonNode parse(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
        } catch (IOException e) {
            throw new CliException("the gateway answered " + response.statusCode() + " with a body that is not JSON");
        }
    }

    private static JsonNode expect(HttpResponse<String> response, JsonNode answer, int status) {
        if (response.statusCode() != status) {
            String message = answer.path("message").asText(answer.toString());
            throw new CliException("the gateway answered " + response.statusCode() + ": " + message);
        }
        return answer;
    }
}
