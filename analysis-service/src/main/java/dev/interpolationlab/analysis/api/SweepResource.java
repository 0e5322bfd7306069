package dev.interpolationlab.analysis.api;

import dev.interpolationlab.analysis.messaging.AnalysisPublisher;
import dev.interpolationlab.analysis.store.LabStore;
import dev.interpolationlab.analysis.store.SweepRow;
import dev.interpolationlab.wire.ProtoJson;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Sweeps, their runs and their analysis, from the store. The gateway serves these paths to users. */
@Path("/api/sweeps")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class SweepResource {

    @Inject
    LabStore store;

    @Inject
    AnalysisPublisher analysis;

    @GET
    public List<SweepRow> list(@QueryParam("limit") @DefaultValue("100") int limit) throws SQLException {
        return store.sweeps(Math.max(1, Math.min(limit, 1000)));
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) throws SQLException {
        Optional<SweepRow> sweep = store.sweep(id);
        return sweep.map(row -> Response.ok(row).build()).orElseGet(() -> ApiError.notFound("sweep", id));
    }

    @GET
    @Path("/{id}/runs")
    public Response runs(@PathParam("id") String id) throws SQLException {
        if (store.sweep(id).isEmpty()) {
            return ApiError.notFound("sweep", id);
        }
        return Response.ok(store.runs(id)).build();
    }

    @GET
    @Path("/{id}/analysis")
    public Response analysis(@PathParam("id") String id) throws SQLException {
        if (store.sweep(id).isEmpty()) {
            return ApiError.notFound("sweep", id);
        }
        return Response.ok(ProtoJson.print(analysis.compute(id))).build();
    }
}
