package dev.interpolationlab.analysis.api;

import dev.interpolationlab.analysis.store.LabStore;
import dev.interpolationlab.analysis.store.MetricRow;
import dev.interpolationlab.runtime.ErrorBody;
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

/** The recorded steps of one run, as JSON or CSV ({@code ?format=csv}). */
@Path("/api/runs")
@Blocking
public class RunResource {

    @Inject
    LabStore store;

    @GET
    @Path("/{id}/metrics")
    public Response metrics(@PathParam("id") String id, @QueryParam("format") @DefaultValue("json") String format) throws SQLException {
        if (!format.equals("json") && !format.equals("csv")) {
            return ErrorBody.badRequest("format must be json or csv, got '" + format + "'");
        }
        Optional<List<MetricRow>> metrics = store.metrics(id);
        if (metrics.isEmpty()) {
            return ErrorBody.notFound("run", id);
        }
        if (format.equals("csv")) {
            StringBuilder csv = new StringBuilder(MetricRow.CSV_HEADER).append('\n');
            metrics.get().forEach(row -> csv.append(row.csv()).append('\n'));
            return Response.ok(csv.toString(), "text/csv").build();
        }
        return Response.ok(metrics.get(), MediaType.APPLICATION_JSON).build();
    }
}
