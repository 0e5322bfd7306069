package dev.interpolationlab.analysis.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.infra.LabInfraTestResource;
import dev.interpolationlab.infra.OpenApiBodies;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The analysis service's {@code /q/openapi} documents every body it reads and writes, as the gateway's does. */
@QuarkusTest
@WithTestResource(LabInfraTestResource.class)
class OpenApiDocumentTest {

    @Test
    void everyRequestAndResponseBodyHasASchema() throws Exception {
        JsonNode document = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        assertTrue(document.path("paths").has("/api/sweeps/{id}/retry-plan"), document.path("paths").toString());
        assertEquals(List.of(), OpenApiBodies.undocumented(document));
        JsonNode schemas = document.path("components").path("schemas");
        assertTrue(schemas.at("/RetryPlan/properties/requests/items/$ref").asText().endsWith("RunRequest"), schemas.path("RetryPlan").toString());
        assertEquals("array", schemas.at("/HullRequest/properties/train/type").asText(), schemas.path("HullRequest").toString());
    }
}
