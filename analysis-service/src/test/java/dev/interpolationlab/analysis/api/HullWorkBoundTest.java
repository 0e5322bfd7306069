package dev.interpolationlab.analysis.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.interpolationlab.infra.LabInfraTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /api/hull}: what it answers with and without distances, and its bound on train points × dimensions × test points per request (here 48, so that 4 × 2 × 7 is over). */
@QuarkusTest
@TestProfile(HullWorkBoundTest.SmallBound.class)
@WithTestResource(LabInfraTestResource.class)
class HullWorkBoundTest {

    public static class SmallBound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lab.hull.max-work", "48");
        }
    }

    private static String request(int testPoints) {
        StringBuilder test = new StringBuilder();
        for (int i = 0; i < testPoints; i++) {
            test.append(i == 0 ? "" : ", ").append("[0.1, ").append(0.1 * i).append(']');
        }
        return "{\"train\": [[0, 0], [1, 0], [0, 1], [1, 1]], \"test\": [" + test + "]}";
    }

    @Test
    void aRequestOverTheBoundIsRefusedNamingHowManyTestPointsFit() {
        given().contentType("application/json").body(request(7)).when().post("/api/hull?pca=false").then().statusCode(400)
                .body("errors[0].field", equalTo("test"))
                .body("errors[0].message", containsString("4 train points × 2 dimensions × 7 test points = 56 exceeds"))
                .body("errors[0].message", containsString("send at most 6 test points"));
        given().contentType("application/json").body(request(6)).when().post("/api/hull?pca=false").then().statusCode(200)
                .body("testPoints", equalTo(6));
    }

    /** {@code distances=false}: the same verdicts, and the distance fields left out (null) rather than computed. */
    @Test
    void membershipOnlyAnswersTheSameVerdictsWithoutDistances() {
        String square = "{\"train\": [[0, 0], [1, 0], [0, 1], [1, 1]], \"test\": [[0.5, 0.5], [4, 5]]}";
        var withDistances = given().contentType("application/json").body(square).when().post("/api/hull?pca=false").then().statusCode(200)
                .body("inside", contains(true, false)).extract().jsonPath();
        assertEquals(5.0, withDistances.getDouble("distance[1]"), 0.05, "to the corner (1, 1)");
        assertEquals(1.0, withDistances.getDouble("nearestNeighbourScale"), 1e-6);
        given().contentType("application/json").body(square).when().post("/api/hull?pca=false&distances=false").then().statusCode(200)
                .body("inside", contains(true, false))
                .body("fractionInside", equalTo(0.5f))
                .body("distance", nullValue())
                .body("nearestNeighbourScale", nullValue());
    }
}
