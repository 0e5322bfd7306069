package dev.interpolationlab.runtime;

import dev.interpolationlab.api.ErrorBody;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Error answers of the lab's services, each with an {@link ErrorBody}. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Response response(Response.Status status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(error, message)).build();
    }

    public static Response notFound(String what, String id) {
        return response(Response.Status.NOT_FOUND, "not-found", "no " + what + " with id '" + id + "'");
    }

    public static Response badRequest(String message) {
        return response(Response.Status.BAD_REQUEST, "bad-request", message);
    }
}
