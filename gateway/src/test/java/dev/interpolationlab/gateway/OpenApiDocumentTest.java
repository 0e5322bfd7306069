package dev.interpolationlab.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.infra.LabInfraTestResource;
import dev.interpolationlab.infra.OpenApiBodies;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** {@code /q/openapi} documents every body of the public API: what a client generator needs to type every call. */
@QuarkusTest
@WithTestResource(LabInfraTestResource.class)
class OpenApiDocumentTest {

    @Test
    void everyRequestAndResponseBodyHasASchema() throws Exception {
        JsonNode document = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        assertTrue(document.path("paths").size() >= 9, "the public endpoints are all in the document: " + document.path("paths"));
        assertEquals(java.util.List.of(), OpenApiBodies.undocumented(document));
        JsonNode schemas = document.path("components").path("schemas");
        // the read views, typed down to their fields
        assertEquals("integer", schemas.at("/RunCounts/properties/queued/type").asText(), schemas.path("RunCounts").toString());
        assertTrue(schemas.at("/RunView/properties/endPoint").has("$ref"), schemas.path("RunView").toString());
        // the analysis as its protobuf message, nested messages included
        assertTrue(schemas.at("/AnalysisResult/properties/threshold/items/$ref").asText().endsWith("ThresholdGroup"));
        assertEquals("string", schemas.at("/AnalysisResult/properties/computedAtMs/type").asText(), "int64 is text in protobuf JSON");
        // the sweep spec as the parser checks it
        assertEquals("integer", schemas.at("/SweepSpecDocument/properties/model/properties/width/type").asText());
        assertTrue(document.at("/paths/~1api~1sweeps/post/requestBody/content/application~1yaml/schema/$ref").asText()
                .endsWith("SweepSpecDocument"), "the submission takes the spec as YAML too");
    }
}
