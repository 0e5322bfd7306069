package dev.interpolationlab.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import dev.interpolationlab.infra.LabInfraTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code LAB_API_TOKEN} set the analysis service refuses requests without it, so the gateway must send it on
 * every relayed read, through the REST client and through the streamed export alike. The analysis service here is an
 * HTTP server that answers each request with the Authorization header it received.
 */
@QuarkusTest
@TestProfile(AnalysisAuthorizationTest.WithToken.class)
@WithTestResource(LabInfraTestResource.class)
class AnalysisAuthorizationTest {

    static final String TOKEN = "relay-test-token-7";

    public static final class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lab.api.token", TOKEN);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EchoingAnalysis.class));
        }
    }

    /** Answers {@code {"authorization": <the header or "">}} to every request. */
    public static final class EchoingAnalysis implements QuarkusTestResourceLifecycleManager {
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", exchange -> {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                byte[] body = ("{\"authorization\": \"" + (authorization == null ? "" : authorization) + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return Map.of("quarkus.rest-client.analysis.url", "http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop(0);
            }
        }
    }

    @Test
    void everyRelayedReadCarriesTheToken() {
        // a reader of the gateway needs no token; the gateway adds its own on the way to the analysis service
        given().when().get("/api/sweeps/sw-any").then().statusCode(200).body("authorization", equalTo("Bearer " + TOKEN));
        given().when().get("/api/sweeps/sw-any/runs").then().statusCode(200).body("authorization", equalTo("Bearer " + TOKEN));
        given().accept("application/json").when().get("/api/sweeps/sw-any/export?format=json").then().statusCode(200)
                .body("authorization", equalTo("Bearer " + TOKEN));
    }
}
