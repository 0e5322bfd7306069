package dev.interpolationlab.gateway.api;

import dev.interpolationlab.api.ErrorBody;
import dev.interpolationlab.api.MetricRow;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    @APIResponse(responseCode = "200", description = "the run's recorded steps, oldest first", content = {@Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = MetricRow.class)), @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, description = "CSV with a header row (?format=csv)"))})
    @APIResponse(responseCode = "404", description = "no run with that id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response metrics(@PathParam("id") String id, @QueryParam("format") String format) {
        return Passthrough.call(() -> analysis.metrics(id, format));
    }
}
