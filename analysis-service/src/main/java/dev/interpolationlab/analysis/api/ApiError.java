package dev.interpolationlab.analysis.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON body of every error answer: {@code {"error": "not-found", "message": "..."}}. */
public record ApiError(String error, String message) {

    public static Response notFound(String what, String id) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("not-found", "no " + what + " with id '" + id + "'")).build();
    }

    public static Response badRequest(String message) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("bad-request", message)).build();
    }
}
