package dev.interpolationlab.runtime;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The JSON body of every error answer of the lab's services that is not a validation error (those list each field:
 * {@code {"errors": [{"field", "message"}]}}): {@code {"error": "not-found", "message": "..."}}, {@code error} a
 * stable code for programs, {@code message} a sentence for people.
 */
public record ErrorBody(String error, String message) {

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
