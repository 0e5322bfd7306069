package dev.interpolationlab.gateway.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The recorded steps of a run: JSON, or CSV with {@code ?format=csv}. */
@Path("/api/runs")
public class RunResource {

    @Inject
    @RestClient
    AnalysisClient analysis;

    @GET
    @Path("/{id}/metrics")
    @Blocking
    public Response metrics(@PathParam("id") String id, @QueryParam("format") String format) {
        return Passthrough.call(() -> analysis.metrics(id, format));
    }
}
