package dev.interpolationlab.gateway.api;

import dev.interpolationlab.runtime.ErrorResponses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Relays a large answer of the analysis service (an export of millions of rows) byte for byte as it arrives, where
 * the REST client would first read it whole into memory.
 */
@ApplicationScoped
public class Streamed {

    @ConfigProperty(name = "quarkus.rest-client.analysis.url")
    String analysisUrl;

    @Inject
    AnalysisAuthorization authorization;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Response relay(String pathAndQuery) {
        HttpResponse<InputStream> upstream;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(analysisUrl + pathAndQuery)).GET();
            authorization.header().ifPresent(value -> request.header(HttpHeaders.AUTHORIZATION, value));
            upstream = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return ErrorResponses.response(Response.Status.SERVICE_UNAVAILABLE, "unavailable",
                    "the analysis service does not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ErrorResponses.response(Response.Status.SERVICE_UNAVAILABLE, "unavailable", "interrupted");
        }
        StreamingOutput body = output -> {
            try (InputStream in = upstream.body()) {
                in.transferTo(output);
            }
        };
        String type = upstream.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse(MediaType.APPLICATION_JSON);
        Response.ResponseBuilder answer = Response.status(upstream.statusCode()).type(type).entity(body);
        upstream.headers().firstValue("Content-Disposition").ifPresent(value -> answer.header("Content-Disposition", value));
        return answer.build();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
