package dev.interpolationlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.api.Accepted;
import dev.interpolationlab.api.ActionTaken;
import dev.interpolationlab.api.ErrorBody;
import dev.interpolationlab.api.LabJson;
import dev.interpolationlab.api.MetricRow;
import dev.interpolationlab.api.RunView;
import dev.interpolationlab.api.SweepView;
import dev.interpolationlab.api.ValidationErrors;
import dev.interpolationlab.proto.v1.AnalysisResult;
import dev.interpolationlab.proto.v1.DispatchStats;
import dev.interpolationlab.wire.ProtoJson;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The CLI's view of the gateway's REST API. Every request carries {@code Authorization: Bearer $LAB_API_TOKEN} when
 * that variable (or {@code -Dlab.api.token}) is set: the gateway requires it on write endpoints where it is configured.
 */
public final class GatewayClient {

    private static final ObjectMapper JSON = LabJson.mapper();
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
    public Accepted submit(Path specFile) {
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
        if (response.statusCode() == 400) {
            ValidationErrors invalid = read(response, ValidationErrors.class);
            if (invalid.errors() != null && !invalid.errors().isEmpty()) {
                StringBuilder message = new StringBuilder(specFile + " is not a valid sweep spec:");
                invalid.errors().forEach(e -> message.append("\n  ").append(e.field()).append(": ").append(e.message()));
                throw new CliException(message.toString());
            }
        }
        return read(expect(response, 202), Accepted.class);
    }

    /** A GET answer of the API as its read view. */
    public <T> T get(String path, Class<T> view) {
        return read(expect(send(request(path).GET().build()), 200), view);
    }

    /** A GET answer of the API that is a list of read views. */
    public <T> List<T> list(String path, Class<T> view) {
        HttpResponse<String> response = expect(send(request(path).GET().build()), 200);
        try {
            return JSON.readValue(response.body(), JSON.getTypeFactory().constructCollectionType(List.class, view));
        } catch (IOException e) {
            throw new CliException("the gateway answered " + path + " with a body that is not a list of " + view.getSimpleName() + ": " + e.getMessage());
        }
    }

    public List<SweepView> sweeps() {
        return list("/api/sweeps", SweepView.class);
    }

    public SweepView sweep(String id) {
        return get(sweepPath(id), SweepView.class);
    }

    public List<RunView> runs(String sweepId) {
        return list(sweepPath(sweepId) + "/runs", RunView.class);
    }

    /** The recorded steps of a run, oldest first. */
    public List<MetricRow> metrics(String runId) {
        return list("/api/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "/metrics", MetricRow.class);
    }

    /** The sweep, waiting up to 10 s for it: the store sees a sweep a moment after the gateway accepted it. */
    public SweepView sweepOnceStored(String id) {
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

    /** The sweep's analysis: the protobuf {@code AnalysisResult} in its JSON form, read back into the message. */
    public AnalysisResult analysis(String id) {
        HttpResponse<String> response = expect(send(request(sweepPath(id) + "/analysis").GET().build()), 200);
        try {
            return ProtoJson.parse(response.body(), AnalysisResult.newBuilder()).build();
        } catch (IllegalArgumentException e) {
            throw new CliException("the gateway answered an analysis that is not one: " + e.getMessage());
        }
    }

    /**
     * The sweep's dispatch statistics, which its analysis holds once every attempt at its runs has ended, waiting up
     * to {@code seconds} for them; empty if they do not come.
     */
    public Optional<DispatchStats> dispatch(String id, int seconds) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
        AnalysisResult analysis = analysis(id);
        while (!analysis.hasDispatch() && System.nanoTime() < deadline) {
            Stack.sleep(250);
            analysis = analysis(id);
        }
        return analysis.hasDispatch() ? Optional.of(analysis.getDispatch()) : Optional.empty();
    }

    /** POSTs to an action endpoint (cancel, retry) and returns what it did. */
    public ActionTaken post(String path, int expectedStatus) {
        return read(expect(send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build()), expectedStatus), ActionTaken.class);
    }

    private static String sweepPath(String id) {
        return "/api/sweeps/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    /** Streams a GET answer (an export of any size) into {@code sink}; a non-200 answer throws with its message. */
    public void download(String path, java.io.OutputStream sink) {
        HttpResponse<java.io.InputStream> response;
        try {
            response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw failure(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
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

    private static <T> T read(HttpResponse<String> response, Class<T> view) {
        try {
            return JSON.readValue(response.body().isEmpty() ? "{}" : response.body(), view);
        } catch (IOException e) {
            throw new CliException("the gateway answered " + response.statusCode() + " with a body that is not a " + view.getSimpleName()
                    + ": " + e.getMessage());
        }
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw failure(response.statusCode(), response.body());
        }
        return response;
    }

    /** An error answer as a CLI failure: its {@link ErrorBody} message, or the body as it is when it is not one. */
    private static CliException failure(int status, String body) {
        String message = body;
        try {
            ErrorBody error = JSON.readValue(body, ErrorBody.class);
            if (error != null && error.message() != null) {
                message = error.message();
            }
        } catch (IOException notAnErrorBody) {
            // the body as it is
        }
        return new CliException("the gateway answered " + status + ": " + message);
    }
}
