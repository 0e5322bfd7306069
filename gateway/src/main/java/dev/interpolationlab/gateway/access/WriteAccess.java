package dev.interpolationlab.gateway.access;

import dev.interpolationlab.runtime.BearerToken;
import dev.interpolationlab.runtime.ErrorResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards the write endpoints (submit, cancel, retry): with {@code LAB_API_TOKEN} set they need
 * {@code Authorization: Bearer <token>} (401 otherwise, nothing published), and submissions are rate-limited per
 * client address (429 with Retry-After), as are {@code POST /api/hull} requests (open, but CPU-heavy; a bucket of their
 * own). Without a token the endpoints are open, as in the embedded default, and the gateway
 * says so at start; {@code LAB_API_TOKEN_REQUIRED=true} (compose, Kubernetes) makes a missing token a start-up error.
 * Reads are open: the dashboard and the live stream need no token.
 */
@ApplicationScoped
public class WriteAccess {

    private static final Logger LOG = Logger.getLogger(WriteAccess.class);
    private static final Pattern WRITE_PATH = Pattern.compile("/api/sweeps(/[^/]+/(cancel|retry))?/?");
    private static final Pattern SUBMIT_PATH = Pattern.compile("/api/sweeps/?");
    private static final Pattern HULL_PATH = Pattern.compile("/api/hull/?");

    @ConfigProperty(name = "lab.api.token")
    Optional<String> token;

    @ConfigProperty(name = "lab.api.token-required")
    boolean tokenRequired;

    @ConfigProperty(name = "lab.limits.submissions-per-minute")
    int submissionsPerMinute;

    @ConfigProperty(name = "lab.limits.submission-burst")
    int submissionBurst;

    @Inject
    MeterRegistry registry;

    private static final List<String> OUTCOMES = List.of("accepted", "replayed", "invalid", "unauthorized", "rate-limited");

    private final Map<String, Counter> submissions = new HashMap<>();
    private SubmissionRateLimit rateLimit;
    private SubmissionRateLimit hullRateLimit;
    private BearerToken expected;

    void start(@Observes StartupEvent startup) {
        expected = BearerToken.of(token, tokenRequired, "the write endpoints' bearer token");
        if (!expected.isSet()) {
            LOG.warn("LAB_API_TOKEN is not set: the write endpoints (submit, cancel, retry) are open to anyone who reaches this gateway");
        }
        rateLimit = new SubmissionRateLimit(submissionsPerMinute, submissionBurst);
        hullRateLimit = new SubmissionRateLimit(submissionsPerMinute, submissionBurst);
        for (String outcome : OUTCOMES) {
            submissions.put(outcome, Counter.builder("lab.gateway.submissions").description("sweep submissions, by outcome")
                    .tag("outcome", outcome).register(registry));
        }
    }

    /** Counts a submission's outcome: accepted, invalid, unauthorized or rate-limited. */
    public void count(String outcome) {
        submissions.get(outcome).increment();
    }

    @ServerRequestFilter
    public Optional<Response> guard(ContainerRequestContext request, HttpServerRequest http) {
        if (!request.getMethod().equals("POST")) {
            return Optional.empty();
        }
        String path = request.getUriInfo().getPath();
        if (HULL_PATH.matcher(path).matches()) {
            // open like the reads, but each request can cost the analysis service seconds of CPU
            return limited(hullRateLimit, http, "hull requests");
        }
        if (!WRITE_PATH.matcher(path).matches()) {
            return Optional.empty();
        }
        boolean submit = SUBMIT_PATH.matcher(path).matches();
        Optional<String> refusal = expected.refusal(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (refusal.isPresent()) {
            if (submit) {
                count("unauthorized");
            }
            return Optional.of(Response.fromResponse(ErrorResponses.response(Response.Status.UNAUTHORIZED, "unauthorized", refusal.get()))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"interpolation-lab\"").build());
        }
        if (submit) {
            Optional<Response> refused = limited(rateLimit, http, "submissions");
            if (refused.isPresent()) {
                count("rate-limited");
            }
            return refused;
        }
        return Optional.empty();
    }

    /** A 429 with Retry-After when the client (by address) has spent its bucket of {@code what}. */
    private Optional<Response> limited(SubmissionRateLimit limit, HttpServerRequest http, String what) {
        long wait = limit.acquire(ClientAddress.of(http), System.nanoTime());
        if (wait == 0) {
            return Optional.empty();
        }
        return Optional.of(Response.fromResponse(ErrorResponses.response(Response.Status.TOO_MANY_REQUESTS, "rate-limited",
                "more than " + submissionBurst + " " + what + " at once or " + submissionsPerMinute + " a minute; retry in " + wait + " s"))
                .header("Retry-After", Long.toString(wait)).build());
    }
}
