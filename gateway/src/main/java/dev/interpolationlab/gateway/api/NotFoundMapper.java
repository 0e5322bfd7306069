package dev.interpolationlab.gateway.api;

import dev.interpolationlab.runtime.ErrorResponses;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Unknown paths answer a JSON 404 like unknown ids do. */
public class NotFoundMapper {

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return ErrorResponses.response(Response.Status.NOT_FOUND, "not-found", "no such resource");
    }
}
