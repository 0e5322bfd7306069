package dev.interpolationlab.analysis.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.interpolationlab.infra.LabInfraTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The analysis service with the gateway's token set, as compose and Kubernetes run it: reaching its port is not
 * enough to read the store or to spend its CPU on hulls; the probes stay open.
 */
@QuarkusTest
@TestProfile(ApiAccessTest.Guarded.class)
@WithTestResource(LabInfraTestResource.class)
class ApiAccessTest {

    static final String TOKEN = "analysis-test-token-42";
    private static final String HULL = "{\"train\": [[0, 0], [1, 0], [0, 1]], \"test\": [[0.2, 0.2]]}";

    public static class Guarded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lab.api.token", TOKEN, "lab.api.token-required", "true");
        }
    }

    @Test
    void hullRequestsAndReadsWithoutTheTokenAreRefused() {
        given().contentType("application/json").body(HULL).when().post("/api/hull?pca=false").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer")).body("error", equalTo("unauthorized"))
                .body("message", equalTo("this endpoint needs an Authorization: Bearer token (LAB_API_TOKEN)"));
        given().contentType("application/json").header("Authorization", "Bearer " + TOKEN + "x").body(HULL)
                .when().post("/api/hull?pca=false").then().statusCode(401).body("message", equalTo("the bearer token is not this service's"));
        given().when().get("/api/sweeps").then().statusCode(401);
        given().when().get("/api/sweeps/sw-anything/export").then().statusCode(401);
        given().when().get("/api/runs/sw-anything-0000/metrics").then().statusCode(401);
    }

    @Test
    void theGatewaysTokenPassesAndTheProbesNeedNone() {
        given().contentType("application/json").header("Authorization", "Bearer " + TOKEN).body(HULL)
                .when().post("/api/hull?pca=false").then().statusCode(200).body("testPoints", equalTo(1));
        given().header("Authorization", "Bearer " + TOKEN).when().get("/api/sweeps").then().statusCode(200);
        given().header("Authorization", "Bearer " + TOKEN).when().get("/api/sweeps/sw-none").then().statusCode(404);
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
