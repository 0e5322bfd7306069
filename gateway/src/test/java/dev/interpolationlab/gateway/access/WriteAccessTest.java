package dev.interpolationlab.gateway.access;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.interpolationlab.infra.KafkaProbe;
import dev.interpolationlab.infra.LabInfraTestResource;
import dev.interpolationlab.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway with a token and a low submission rate, as compose and Kubernetes configure it: writes without the
 * token get a 401 and publish nothing, reads stay open, a burst beyond the limit gets a 429 with Retry-After, and a
 * body over the size limit a 413.
 */
@QuarkusTest
@WithTestResource(LabInfraTestResource.class)
@TestProfile(WriteAccessTest.Guarded.class)
class WriteAccessTest {

    static final String TOKEN = "test-token-0123456789";

    public static final class Guarded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lab.api.token", TOKEN, "lab.api.token-required", "true", "lab.limits.submission-burst", "3",
                    "lab.limits.submissions-per-minute", "1", "quarkus.http.limits.max-body-size", "64K");
        }
    }

    private static final String SPEC = """
            {"name": "guarded", "seed": 1, "model": {"kind": "linear"},
             "data": {"kind": "gaussian-teacher", "dim": 2, "samples": 10, "testSamples": 10},
             "optimizer": {"kind": "closed-form"}}""";

    @Test
    void writesNeedTheTokenReadsDoNotAndBurstsAndLargeBodiesAreRefused() {
        try (KafkaProbe kafka = new KafkaProbe(LabInfraTestResource.infra().kafkaBootstrapServers())) {
            int sweepsBefore = kafka.readAll(Topics.SWEEPS, Duration.ofSeconds(1)).size();
            given().contentType("application/json").body(SPEC).when().post("/api/sweeps")
                    .then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer")).body("error", equalTo("unauthorized"));
            given().contentType("application/json").header("Authorization", "Bearer not-the-token").body(SPEC).when().post("/api/sweeps")
                    .then().statusCode(401).body("message", equalTo("the bearer token is not this service's"));
            given().when().post("/api/sweeps/sw-anything/cancel").then().statusCode(401);
            given().when().post("/api/sweeps/sw-anything/retry").then().statusCode(401);
            assertEquals(sweepsBefore, kafka.readAll(Topics.SWEEPS, Duration.ofSeconds(2)).size(), "an unauthorised sweep was published");

            // reads stay open: the dashboard and the probes need no token (the API's reads are relayed to the analysis
            // service, which this test does not run)
            given().when().get("/").then().statusCode(200);
            given().when().get("/q/health/ready").then().statusCode(200);

            for (int i = 0; i < 3; i++) {
                given().contentType("application/json").header("Authorization", "Bearer " + TOKEN).body(SPEC).when().post("/api/sweeps")
                        .then().statusCode(202);
            }
            String wait = given().contentType("application/json").header("Authorization", "Bearer " + TOKEN).body(SPEC).when().post("/api/sweeps")
                    .then().statusCode(429).body("error", equalTo("rate-limited")).extract().header("Retry-After");
            int seconds = Integer.parseInt(wait);
            org.junit.jupiter.api.Assertions.assertTrue(seconds > 0 && seconds <= 60, "one a minute: wait up to 60 s, not " + wait);

            given().contentType("application/json").header("Authorization", "Bearer " + TOKEN).body("{\"name\": \"" + "x".repeat(100_000) + "\"}")
                    .when().post("/api/sweeps").then().statusCode(413);
            assertEquals(sweepsBefore + 3, kafka.readAll(Topics.SWEEPS, Duration.ofSeconds(2)).size(), "exactly the three accepted sweeps");
        }
    }

    /** Hull statistics need no token but are limited per client like submissions (burst 3 here), in a bucket of their own. */
    @Test
    void hullRequestsAreRateLimitedWithoutAToken() {
        String points = "{\"train\": [[0, 0], [1, 0], [0, 1]], \"test\": [[0.2, 0.2]]}";
        for (int i = 0; i < 3; i++) {
            // relayed to the analysis service, which this test does not run: 503, not refused here
            given().contentType("application/json").body(points).when().post("/api/hull").then().statusCode(503);
        }
        given().contentType("application/json").body(points).when().post("/api/hull")
                .then().statusCode(429).body("error", equalTo("rate-limited")).header("Retry-After", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void theSubmissionOutcomesAreCounted() {
        given().contentType("application/json").body(SPEC).when().post("/api/sweeps").then().statusCode(401);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String outcome : new String[] {"accepted", "invalid", "unauthorized", "rate-limited"}) {
            org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("lab_gateway_submissions_total{outcome=\"" + outcome + "\""),
                    "no counter for " + outcome);
        }
        org.junit.jupiter.api.Assertions.assertTrue(metrics.lines().anyMatch(l -> l.startsWith("lab_gateway_submissions_total{outcome=\"unauthorized\"")
                && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 1), metrics);
    }
}
