package dev.interpolationlab.analysis.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.analysis.messaging.AnalysisPublisher;
import dev.interpolationlab.analysis.service.RetryPlanner;
import dev.interpolationlab.analysis.stats.EndState;
import dev.interpolationlab.analysis.stats.RunOutcome;
import dev.interpolationlab.analysis.store.LabStore;
import dev.interpolationlab.api.ErrorBody;
import dev.interpolationlab.api.RunView;
import dev.interpolationlab.api.SweepCurves;
import dev.interpolationlab.api.SweepView;
import dev.interpolationlab.core.sweep.GridExpander;
import dev.interpolationlab.proto.v1.RetryPlan;
import dev.interpolationlab.runtime.ErrorResponses;
import dev.interpolationlab.runtime.openapi.LabSchemas;
import dev.interpolationlab.wire.ProtoJson;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Sweeps, their runs and their analysis, from the store. The gateway serves these paths to users. */
@Path("/api/sweeps")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class SweepResource {

    @Inject
    LabStore store;

    @Inject
    AnalysisPublisher analysis;

    @Inject
    RetryPlanner retries;

    @Inject
    ObjectMapper json;

    @GET
    @APIResponse(responseCode = "200", description = "the newest sweeps first", content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = SweepView.class)))
    @APIResponse(responseCode = "503", description = "the store (PostgreSQL) is unavailable: try again shortly", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public List<SweepView> list(@QueryParam("limit") @DefaultValue("100") int limit) throws SQLException {
        return store.sweeps(Math.max(1, Math.min(limit, 1000)));
    }

    @GET
    @Path("/{id}")
    @APIResponse(responseCode = "200", description = "the sweep with its run counts and spec", content = @Content(mediaType = "application/json", schema = @Schema(implementation = SweepView.class)))
    @APIResponse(responseCode = "404", description = "no sweep with that id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "the store (PostgreSQL) is unavailable: try again shortly", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response get(@PathParam("id") String id) throws SQLException {
        Optional<SweepView> sweep = store.sweep(id);
        return sweep.map(row -> Response.ok(row).build()).orElseGet(() -> ErrorResponses.notFound("sweep", id));
    }

    @GET
    @Path("/{id}/runs")
    @APIResponse(responseCode = "200", description = "every run of the sweep in run order, with its summary and timeline", content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = RunView.class)))
    @APIResponse(responseCode = "404", description = "no sweep with that id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "the store (PostgreSQL) is unavailable: try again shortly", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response runs(@PathParam("id") String id) throws SQLException {
        if (store.sweep(id).isEmpty()) {
            return ErrorResponses.notFound("sweep", id);
        }
        Map<String, String> states = new HashMap<>();
        for (RunOutcome outcome : store.outcomes(id)) {
            EndState state = EndState.of(outcome);
            if (state != null) {
                states.put(outcome.runId(), state.label());
            }
        }
        return Response.ok(store.runs(id).stream().map(run -> run.withEndState(states.get(run.id()))).toList()).build();
    }

    @ConfigProperty(name = "lab.export.max-concurrent", defaultValue = "4")
    int maxExports;

    private Semaphore exports;

    @PostConstruct
    void limitExports() {
        exports = new Semaphore(maxExports);
    }

    /**
     * Every recorded step of the sweep in tidy long form (one row per run and step, the grid values as columns), as CSV
     * ({@code text/csv}) or a JSON array of records; streamed, so any size is fine. Each export holds a database
     * connection while it streams, so at most {@code lab.export.max-concurrent} run at once (503 past that): slow readers
     * must not take the connections ingestion needs. A reader that stalls for a minute is cut off.
     */
    @GET
    @Path("/{id}/export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @APIResponse(responseCode = "200", description = "one row per (run, step), the grid values as columns", content = {@Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, description = "CSV with a header row")), @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, description = "flat records with the CSV's columns as fields (nulls where not reported)"))})
    @APIResponse(responseCode = "400", description = "an unknown format", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "no sweep with that id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "too many exports are being streamed, or the store is unavailable: try again", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response export(@PathParam("id") String id, @QueryParam("format") @DefaultValue("csv") String format) throws SQLException {
        if (!format.equals("csv") && !format.equals("json")) {
            return ErrorResponses.badRequest("format must be csv or json, got '" + format + "'");
        }
        Optional<SweepView> sweep = store.sweep(id);
        if (sweep.isEmpty()) {
            return ErrorResponses.notFound("sweep", id);
        }
        List<String> gridPaths = new ArrayList<>();
        JsonNode grid = sweep.get().spec() == null ? null : sweep.get().spec().get("grid");
        if (sweep.get().spec() != null && sweep.get().spec().path("replicates").asInt(1) > 1) {
            gridPaths.add(GridExpander.REPLICATE);
        }
        if (grid != null) {
            grid.fieldNames().forEachRemaining(gridPaths::add);
        }
        if (!exports.tryAcquire()) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.RETRY_AFTER, StoreFailureMapper.RETRY_AFTER_SECONDS)
                    .entity(new ErrorBody("unavailable", maxExports + " exports are being streamed already (lab.export.max-concurrent)"))
                    .build();
        }
        boolean csv = format.equals("csv");
        StreamingOutput rows = csv ? TidyExport.csv(store, id, gridPaths) : TidyExport.json(store, json, id, gridPaths);
        StreamingOutput released = output -> {
            try {
                rows.write(output);
            } finally {
                exports.release();
            }
        };
        return Response.ok(released, csv ? "text/csv" : MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"sweep-" + id + "." + format + "\"").build();
    }

    /** Every run's train and test loss curve, thinned to {@code perDecade} steps per factor of ten (the dashboard's). */
    @GET
    @Path("/{id}/curves")
    @APIResponse(responseCode = "200", description = "every run's loss curves, thinned", content = @Content(mediaType = "application/json", schema = @Schema(implementation = SweepCurves.class)))
    @APIResponse(responseCode = "400", description = "perDecade out of range", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "no sweep with that id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "the store (PostgreSQL) is unavailable: try again shortly", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response curves(@PathParam("id") String id, @QueryParam("perDecade") @DefaultValue("20") int perDecade) throws SQLException {
        if (perDecade < 1 || perDecade > 1000) {
            return ErrorResponses.badRequest("perDecade must be between 1 and 1000, got " + perDecade);
        }
        if (store.sweep(id).isEmpty()) {
            return ErrorResponses.notFound("sweep", id);
        }
        return Response.ok(CurvesQuery.read(store, json, id, perDecade)).build();
    }

    /**
     * What a retry requests again: the failed runs, each with its stored identity and spec (the gateway publishes the
     * plan as it is). Requests are empty when nothing failed.
     */
    @GET
    @Path("/{id}/retry-plan")
    @APIResponse(responseCode = "200", description = "the failed runs a retry requests again, each with its stored identity and spec", content = @Content(mediaType = "application/json", schema = @Schema(ref = LabSchemas.RETRY_PLAN)))
    @APIResponse(responseCode = "404", description = "no sweep with that id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "the store (PostgreSQL) is unavailable: try again shortly", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response retryPlan(@PathParam("id") String id) throws SQLException {
        Optional<RetryPlan> plan = retries.plan(id);
        return plan.map(p -> Response.ok(ProtoJson.print(p)).build()).orElseGet(() -> ErrorResponses.notFound("sweep", id));
    }

    @GET
    @Path("/{id}/analysis")
    @APIResponse(responseCode = "200", description = "the sweep's stored analysis (recomputed when stale)", content = @Content(mediaType = "application/json", schema = @Schema(ref = LabSchemas.ANALYSIS)))
    @APIResponse(responseCode = "404", description = "no sweep with that id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "the store (PostgreSQL) is unavailable: try again shortly", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response analysis(@PathParam("id") String id) throws SQLException {
        if (store.sweep(id).isEmpty()) {
            return ErrorResponses.notFound("sweep", id);
        }
        return Response.ok(analysis.read(id)).build();
    }
}
