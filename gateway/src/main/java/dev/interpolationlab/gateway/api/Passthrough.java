package dev.interpolationlab.gateway.api;

import dev.interpolationlab.runtime.ErrorResponses;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/**
 * Relays an answer of the analysis service as it is (status, content type, body, and the Retry-After of a 503 when the
 * store is away), and turns "not reachable" into a JSON 503 instead of a 500.
 */
final class Passthrough {

    /** How soon to ask again when the analysis service does not answer (a restart takes a few seconds). */
    private static final int RETRY_AFTER_SECONDS = 5;

    private Passthrough() {
    }

    static Response call(Supplier<Response> request) {
        Response upstream;
        try {
            upstream = request.get();
        } catch (WebApplicationException e) {
            upstream = e.getResponse();
        } catch (ProcessingException e) {
            Response unavailable = ErrorResponses.response(Response.Status.SERVICE_UNAVAILABLE, "unavailable",
                    "the analysis service does not answer: " + e.getMessage());
            return Response.fromResponse(unavailable).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
        }
        try (Response answer = upstream) {
            String body = answer.hasEntity() ? answer.readEntity(String.class) : "";
            String type = answer.getHeaderString(HttpHeaders.CONTENT_TYPE);
            Response.ResponseBuilder relayed = Response.status(answer.getStatus())
                    .type(type == null ? MediaType.APPLICATION_JSON : type).entity(body);
            String retryAfter = answer.getHeaderString(HttpHeaders.RETRY_AFTER);
            return (retryAfter == null ? relayed : relayed.header(HttpHeaders.RETRY_AFTER, retryAfter)).build();
        }
    }
}
