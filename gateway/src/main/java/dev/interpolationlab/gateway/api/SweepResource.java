package dev.interpolationlab.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.api.Accepted;
import dev.interpolationlab.api.ActionTaken;
import dev.interpolationlab.api.ErrorBody;
import dev.interpolationlab.api.RunView;
import dev.interpolationlab.api.SweepCurves;
import dev.interpolationlab.api.SweepView;
import dev.interpolationlab.api.ValidationErrors;
import dev.interpolationlab.core.spec.InvalidSpecException;
import dev.interpolationlab.core.spec.SpecParser;
import dev.interpolationlab.core.spec.ValidatedSweep;
import dev.interpolationlab.gateway.access.ClientAddress;
import dev.interpolationlab.gateway.access.WriteAccess;
import dev.interpolationlab.gateway.live.LiveEvents;
import dev.interpolationlab.gateway.live.StreamAdmission;
import dev.interpolationlab.gateway.messaging.SweepPublisher;
import dev.interpolationlab.proto.v1.RetryPlan;
import dev.interpolationlab.proto.v1.SweepAccepted;
import dev.interpolationlab.runtime.ErrorResponses;
import dev.interpolationlab.runtime.openapi.LabSchemas;
import dev.interpolationlab.wire.ProtoJson;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/** The public sweep API (product.md, "REST API"). */
@Path("/api/sweeps")
@Produces(MediaType.APPLICATION_JSON)
public class SweepResource {

    private static final Logger LOG = Logger.getLogger(SweepResource.class);
    private static final List<String> YAML_TYPES = List.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");

    @Inject
    SpecParser parser;

    @Inject
    SweepPublisher publisher;

    @Inject
    LiveEvents live;

    @Inject
    Streamed exports;

    @Inject
    ObjectMapper json;

    @Inject
    WriteAccess access;

    @Inject
    @RestClient
    AnalysisClient analysis;

    /** How soon an EventSource reconnects after losing the stream. */
    private static final long RECONNECT_DELAY_MS = 1000;

    /**
     * How long a cancel waits for the store to hold a sweep it does not know yet: a submission is committed on Kafka
     * before its 202, and stored a moment later, so a cancel sent right after the 202 must not be a 404.
     */
    @ConfigProperty(name = "lab.gateway.cancel.store-wait")
    Duration cancelStoreWait;

    @ConfigProperty(name = "lab.live.heartbeat")
    Duration heartbeat;

    @ConfigProperty(name = "lab.live.max-streams-per-client")
    int maxStreamsPerClient;

    @ConfigProperty(name = "lab.live.max-streams")
    int maxStreams;

    private static final int STREAM_RETRY_AFTER_SECONDS = 10;
    private StreamAdmission streams;

    @PostConstruct
    void admitStreams() {
        streams = new StreamAdmission(maxStreamsPerClient, maxStreams);
    }

    /**
     * Accepts a sweep: 202 once its sweep record and every run request are committed to Kafka, in one transaction
     * (nothing of it is visible otherwise, and the client gets a 503 to try again). With an {@code Idempotency-Key}
     * header, the same key and spec name the same sweep: a submission the store already holds is answered 202 with the
     * same body and {@code Idempotent-Replayed: true}, without publishing anything again.
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Blocking
    @RequestBody(required = true, description = "the sweep spec, as JSON or YAML", content = {
            @Content(mediaType = "application/json", schema = @Schema(ref = LabSchemas.SWEEP_SPEC)),
            @Content(mediaType = "application/yaml", schema = @Schema(ref = LabSchemas.SWEEP_SPEC))})
    @APIResponse(responseCode = "202", description = "accepted: every run request is on Kafka", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "the spec (or the Idempotency-Key) is invalid: every offending field", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ValidationErrors.class)))
    @APIResponse(responseCode = "415", description = "neither JSON nor YAML", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not take the sweep: nothing of it was published", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response submit(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey) {
        String type = contentType == null ? MediaType.APPLICATION_JSON : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        boolean yaml = YAML_TYPES.contains(type);
        if (!yaml && !type.equals(MediaType.APPLICATION_JSON)) {
            return ErrorResponses.response(Response.Status.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "send the sweep spec as application/json or application/yaml, not " + type);
        }
        Optional<IdempotencyKey> key;
        ValidatedSweep sweep;
        try {
            key = IdempotencyKey.of(idempotencyKey);
            sweep = yaml ? parser.parseYaml(body) : parser.parseJson(body);
        } catch (IdempotencyKey.InvalidKey e) {
            access.count("invalid");
            return Response.status(Response.Status.BAD_REQUEST).entity(new ValidationErrors(List.of(e.error()))).build();
        } catch (InvalidSpecException e) {
            access.count("invalid");
            return Response.status(Response.Status.BAD_REQUEST).entity(new ValidationErrors(e.errors())).build();
        }
        String sweepId = key.map(k -> k.sweepId(sweep.normalised().toString())).orElseGet(SweepPublisher::newSweepId);
        if (key.isPresent()) {
            Optional<Accepted> stored = storedSubmission(sweepId);
            if (stored.isPresent()) {
                access.count("replayed");
                LOG.infof("sweep %s was submitted before under the same idempotency key: answered again, nothing published", sweepId);
                return Response.accepted(stored.get()).header("Idempotent-Replayed", "true").build();
            }
        }
        SweepAccepted accepted;
        try {
            accepted = publisher.publish(sweep, sweepId);
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not publish sweep %s", sweep.spec().getName());
            return ErrorResponses.response(Response.Status.SERVICE_UNAVAILABLE, "unavailable",
                    "the sweep could not be published to Kafka (nothing of it was): try again"
                            + (key.isPresent() ? "" : ", with an Idempotency-Key header to be sure of one sweep") + ": " + e.getMessage());
        }
        access.count("accepted");
        LOG.infof("accepted sweep %s (%s) with %d runs", accepted.getSweepId(), sweep.spec().getName(), accepted.getRunsCount());
        return Response.accepted(new Accepted(accepted.getSweepId(), accepted.getRunsCount())).build();
    }

    /**
     * The answer to a submission the store already holds. When the analysis service does not answer, the sweep is
     * published again: the store keeps the first copy, and a run requested twice is trained to the same numbers.
     */
    private Optional<Accepted> storedSubmission(String sweepId) {
        Response found = Passthrough.call(() -> analysis.sweep(sweepId));
        if (found.getStatus() != 200) {
            return Optional.empty();
        }
        return Optional.of(new Accepted(sweepId, readSweep(found).runs().total()));
    }

    /**
     * Cancels a sweep: its queued runs are marked cancelled, and its trainers stop its running runs within a step
     * (each is then reported cancelled). 409 when the sweep has already finished; cancelling twice is harmless. A sweep
     * the store does not hold yet is waited for (up to {@code lab.gateway.cancel.store-wait}) before it is a 404.
     */
    @POST
    @Path("/{id}/cancel")
    @Blocking
    @APIResponse(responseCode = "202", description = "cancelled: its queued runs are marked cancelled, its running ones stop within a step", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ActionTaken.class)))
    @APIResponse(responseCode = "404", description = "no sweep with that id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "the sweep has finished", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response cancel(@PathParam("id") String id) {
        Response found = Passthrough.call(() -> analysis.sweep(id));
        for (long deadline = System.nanoTime() + cancelStoreWait.toNanos(); found.getStatus() == 404 && System.nanoTime() < deadline; ) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            found = Passthrough.call(() -> analysis.sweep(id));
        }
        if (found.getStatus() != 200) {
            return found;
        }
        SweepView sweep = readSweep(found);
        String status = sweep.status();
        if (status.equals("completed") || status.equals("failed")) {
            return ErrorResponses.response(Response.Status.CONFLICT, "finished", "sweep " + id + " has finished (" + status + "): nothing to cancel");
        }
        publisher.cancel(id);
        LOG.infof("cancelled sweep %s", id);
        return Response.accepted(new ActionTaken(id, "cancel", sweep.runs().queued() + sweep.runs().running())).build();
    }

    /**
     * Requests the failed runs of a sweep again (and only those), with the same seeds and specs; they resume from a
     * checkpoint when one is left. The analysis service, which keeps run status, says which runs those are and what
     * each trains (its retry plan); the gateway publishes the plan. 409 when no run has failed.
     */
    @POST
    @Path("/{id}/retry")
    @Blocking
    @APIResponse(responseCode = "202", description = "its failed runs are requested again", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ActionTaken.class)))
    @APIResponse(responseCode = "404", description = "no sweep with that id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "no run of the sweep has failed", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response retry(@PathParam("id") String id) {
        Response found = Passthrough.call(() -> analysis.retryPlan(id));
        if (found.getStatus() != 200) {
            return found;
        }
        RetryPlan.Builder plan = ProtoJson.parse((String) found.getEntity(), RetryPlan.newBuilder());
        if (plan.getRequestsCount() == 0) {
            return ErrorResponses.response(Response.Status.CONFLICT, "nothing-failed", "sweep " + id + " has no failed run to retry");
        }
        publisher.retry(plan.build());
        LOG.infof("retrying %d failed runs of sweep %s", plan.getRequestsCount(), id);
        return Response.accepted(new ActionTaken(id, "retry", plan.getRequestsCount())).build();
    }

    private SweepView readSweep(Response found) {
        try {
            return json.readValue((String) found.getEntity(), SweepView.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the analysis service answered a sweep that is not one: " + e.getMessage(), e);
        }
    }

    @GET
    @Blocking
    @APIResponse(responseCode = "200", description = "the newest sweeps first", content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = SweepView.class)))
    public Response list(@QueryParam("limit") Integer limit) {
        return Passthrough.call(() -> analysis.sweeps(limit));
    }

    @GET
    @Path("/{id}")
    @Blocking
    @APIResponse(responseCode = "200", description = "the sweep with its run counts and spec", content = @Content(mediaType = "application/json", schema = @Schema(implementation = SweepView.class)))
    @APIResponse(responseCode = "404", description = "no sweep with that id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response get(@PathParam("id") String id) {
        return Passthrough.call(() -> analysis.sweep(id));
    }

    @GET
    @Path("/{id}/runs")
    @Blocking
    @APIResponse(responseCode = "200", description = "every run of the sweep in run order, with its summary and timeline", content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = RunView.class)))
    @APIResponse(responseCode = "404", description = "no sweep with that id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response runs(@PathParam("id") String id) {
        return Passthrough.call(() -> analysis.runs(id));
    }

    /** Every run's train and test loss curve, thinned to {@code perDecade} steps per decade (default 20). */
    @GET
    @Path("/{id}/curves")
    @Blocking
    @APIResponse(responseCode = "200", description = "every run's loss curves, thinned", content = @Content(mediaType = "application/json", schema = @Schema(implementation = SweepCurves.class)))
    @APIResponse(responseCode = "404", description = "no sweep with that id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response curves(@PathParam("id") String id, @QueryParam("perDecade") Integer perDecade) {
        return Passthrough.call(() -> analysis.curves(id, perDecade));
    }

    /**
     * Every recorded step in tidy long form, one row per (run, step) with the grid values as columns:
     * {@code ?format=csv} (default) or {@code json}. Streamed through from the analysis service.
     */
    @GET
    @Path("/{id}/export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @Blocking
    @APIResponse(responseCode = "200", description = "one row per (run, step), the grid values as columns", content = {@Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, description = "CSV with a header row")), @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, description = "flat records with the CSV's columns as fields (nulls where not reported)"))})
    @APIResponse(responseCode = "404", description = "no sweep with that id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "too many exports are being streamed: try again", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response export(@PathParam("id") String id, @QueryParam("format") String format) {
        return exports.relay("/api/sweeps/" + Streamed.encode(id) + "/export" + (format == null ? "" : "?format=" + Streamed.encode(format)));
    }

    @GET
    @Path("/{id}/analysis")
    @Blocking
    @APIResponse(responseCode = "200", description = "the sweep's stored analysis (recomputed when stale)", content = @Content(mediaType = "application/json", schema = @Schema(ref = LabSchemas.ANALYSIS)))
    @APIResponse(responseCode = "404", description = "no sweep with that id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response analysis(@PathParam("id") String id) {
        return Passthrough.call(() -> analysis.analysis(id));
    }

    /**
     * Server-Sent Events of one sweep, live: {@code epoch} (a recorded step), {@code run} (a status change) and
     * {@code analysis} (an updated analysis), each with the message's JSON as data and an id. A client reconnecting
     * with {@code Last-Event-ID} is replayed every event it missed, or sent {@code reset} when they are no longer kept
     * (reload the state over REST, then carry on). {@code perDecade} thins each run's epoch events to that many steps
     * per decade (the dashboard's log-log charts). A heartbeat comment every {@code lab.live.heartbeat} keeps idle
     * connections open and notices a departed client, whose subscription the server then cancels even when its sweep
     * has nothing more to say. Returning the stream (rather than writing to an injected sink from the Kafka threads)
     * lets the server send the response head before the first event.
     */
    @GET
    @Path("/{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @APIResponse(responseCode = "200", description = "live events; each data is the JSON of the message its name says", content = @Content(mediaType = "text/event-stream", schema = @Schema(ref = LabSchemas.LIVE_EVENT)))
    @APIResponse(responseCode = "429", description = "this client has as many streams open as it may", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "the gateway holds as many streams as it may", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Multi<OutboundSseEvent> stream(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("perDecade") @DefaultValue("0") int perDecade, @Context Sse sse, @Context HttpServerRequest http) {
        String client = ClientAddress.of(http);
        StreamAdmission.Verdict verdict = streams.admit(client);
        if (verdict != StreamAdmission.Verdict.ADMITTED) {
            boolean mine = verdict == StreamAdmission.Verdict.CLIENT_FULL;
            throw new WebApplicationException(Response.fromResponse(ErrorResponses.response(
                    mine ? Response.Status.TOO_MANY_REQUESTS : Response.Status.SERVICE_UNAVAILABLE, mine ? "rate-limited" : "unavailable",
                    mine ? "this client has " + streams.perClient() + " live streams open already (lab.live.max-streams-per-client)"
                            : "the gateway holds its " + streams.total() + " live streams already (lab.live.max-streams)"))
                    .header(HttpHeaders.RETRY_AFTER, STREAM_RETRY_AFTER_SECONDS).build());
        }
        // what the client has not read waits in the subscription's buffer, which grows in small chunks as it fills
        Multi<OutboundSseEvent> events = live.of(id, lastEventId, Math.max(0, perDecade))
                .map(event -> sse.newEventBuilder().id(event.id()).name(event.name()).data(event.json())
                        .reconnectDelay(RECONNECT_DELAY_MS).mediaType(MediaType.APPLICATION_JSON_TYPE).build());
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().every(heartbeat)
                .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
        return Multi.createBy().merging().streams(events, heartbeats).onTermination().invoke(() -> streams.release(client));
    }
}
