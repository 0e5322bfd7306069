package dev.interpolationlab.gateway.api;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/**
 * Relays an answer of the analysis service as it is (status, content type, body), and turns "not reachable" into a
 * JSON 503 instead of a 500.
 */
final class Passthrough {

    private Passthrough() {
    }

    static Response call(Supplier<Response> request) {
        Response upstream;
        try {
            upstream = request.get();
        } catch (WebApplicationException e) {
            upstream = e.getResponse();
        } catch (ProcessingException e) {
            return ErrorBody.response(Response.Status.SERVICE_UNAVAILABLE, "unavailable",
                    "the analysis service does not answer: " + e.getMessage());
        }
        try (Response answer = upstream) {
            String body = answer.hasEntity() ? answer.readEntity(String.class) : "";
            String type = answer.getHeaderString(HttpHeaders.CONTENT_TYPE);
            return Response.status(answer.getStatus()).type(type == null ? MediaType.APPLICATION_JSON : type).entity(body).build();
        }
    }
}
