package dev.interpolationlab.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.core.spec.SpecMutations;
import dev.interpolationlab.infra.KafkaProbe;
import dev.interpolationlab.infra.LabInfraTestResource;
import dev.interpolationlab.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Mutated and random specs through HTTP: every answer is a 202 or a 400 naming what is wrong (never a 5xx), and
 * exactly the accepted ones reach Kafka.
 */
@QuarkusTest
@WithTestResource(LabInfraTestResource.class)
@TestProfile(SpecFuzzOverHttpTest.SmallSweeps.class)
class SpecFuzzOverHttpTest {

    /** Accepted mutants of the shipped specs would publish up to 1,600 run requests each; 64 keeps the test quick. */
    public static final class SmallSweeps implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lab.limits.max-runs", "64");
        }
    }

    @Test
    void everyBodyIsAcceptedOrRejectedWithItsErrorsAndOnlyAcceptedOnesArePublished() {
        try (KafkaProbe kafka = new KafkaProbe(LabInfraTestResource.infra().kafkaBootstrapServers())) {
            int before = kafka.readAll(Topics.SWEEPS, Duration.ofSeconds(1)).size();
            SpecMutations specs = new SpecMutations(7L);
            int accepted = 0;
            for (int i = 0; i < 400; i++) {
                String body = specs.next();
                Response response = given().contentType("application/json").body(body).when().post("/api/sweeps");
                int status = response.statusCode();
                assertTrue(status == 202 || status == 400, "answered " + status + " to:\n" + body + "\n" + response.asString());
                if (status == 202) {
                    accepted++;
                } else {
                    List<String> fields = response.jsonPath().getList("errors.field");
                    assertFalse(fields.isEmpty(), "a 400 without errors for:\n" + body);
                }
            }
            assertTrue(accepted > 5, "too few accepted to check publication: " + accepted);
            // a 202 is sent once the sweep is on Kafka
            assertEquals(before + accepted, kafka.readAll(Topics.SWEEPS, Duration.ofSeconds(2)).size(), "exactly the accepted sweeps are published");
        }
    }
}
