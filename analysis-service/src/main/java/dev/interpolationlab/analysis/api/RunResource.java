package dev.interpolationlab.analysis.api;

import dev.interpolationlab.analysis.store.LabStore;
import dev.interpolationlab.api.ErrorBody;
import dev.interpolationlab.api.MetricRow;
import dev.interpolationlab.runtime.ErrorResponses;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The recorded steps of one run, as JSON or CSV ({@code ?format=csv}). */
@Path("/api/runs")
@Blocking
public class RunResource {

    @Inject
    LabStore store;

    @GET
    @Path("/{id}/metrics")
    @APIResponse(responseCode = "200", description = "the run's recorded steps, oldest first", content = {@Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = MetricRow.class)), @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, description = "CSV with a header row (?format=csv)"))})
    @APIResponse(responseCode = "400", description = "an unknown format", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "no run with that id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "the store (PostgreSQL) is unavailable: try again shortly", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response metrics(@PathParam("id") String id, @QueryParam("format") @DefaultValue("json") String format) throws SQLException {
        if (!format.equals("json") && !format.equals("csv")) {
            return ErrorResponses.badRequest("format must be json or csv, got '" + format + "'");
        }
        Optional<List<MetricRow>> metrics = store.metrics(id);
        if (metrics.isEmpty()) {
            return ErrorResponses.notFound("run", id);
        }
        if (format.equals("csv")) {
            StringBuilder csv = new StringBuilder(MetricRow.CSV_HEADER).append('\n');
            metrics.get().forEach(row -> csv.append(row.csv()).append('\n'));
            return Response.ok(csv.toString(), "text/csv").build();
        }
        return Response.ok(metrics.get(), MediaType.APPLICATION_JSON).build();
    }
}
