package dev.interpolationlab.gateway.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON body of error answers that are not validation errors: {@code {"error": "...", "message": "..."}}. */
public record ErrorBody(String error, String message) {

    public static Response response(Response.Status status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(error, message)).build();
    }
}
