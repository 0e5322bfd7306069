package dev.interpolationlab.analysis.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interpolationlab.analysis.dispatch.DispatchEfficiency;
import dev.interpolationlab.analysis.geometry.GeometryTable;
import dev.interpolationlab.analysis.geometry.RunGeometry;
import dev.interpolationlab.analysis.stats.EndState;
import dev.interpolationlab.analysis.stats.RunOutcome;
import dev.interpolationlab.analysis.stats.ThresholdTable;
import dev.interpolationlab.analysis.store.LabStore;
import dev.interpolationlab.analysis.store.StoredAnalyses;
import dev.interpolationlab.analysis.theory.TheoryCurves;
import dev.interpolationlab.api.SweepView;
import dev.interpolationlab.core.data.DataSet;
import dev.interpolationlab.core.data.DataSets;
import dev.interpolationlab.core.features.TwoLayerLandscape;
import dev.interpolationlab.core.science.EndPoint;
import dev.interpolationlab.core.sweep.GridExpander;
import dev.interpolationlab.core.sweep.TrainingSpecs;
import dev.interpolationlab.proto.v1.AnalysisResult;
import dev.interpolationlab.proto.v1.ThresholdGroup;
import dev.interpolationlab.proto.v1.TrainingSpec;
import dev.interpolationlab.runtime.BuildIdentity;
import dev.interpolationlab.wire.ProtoJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Computes a sweep's analysis from the store, saves it, and publishes it on {@code lab.analyses}; reads are served the
 * saved analysis while it is current (same generation of inputs, same build), so each state is computed once.
 */
@ApplicationScoped
public class AnalysisPublisher {

    private static final Logger LOG = Logger.getLogger(AnalysisPublisher.class);

    @Inject
    LabStore store;

    @Inject
    StoredAnalyses stored;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.application.version")
    String version;

    /** The build that computes: a stored analysis of another build is computed again. */
    private String build;
    private Counter computedOnChange;
    private Counter computedOnRead;

    @PostConstruct
    void start() {
        build = BuildIdentity.current(version).label();
        computedOnChange = Counter.builder("lab.analysis.computations").tag("trigger", "change")
                .description("sweep analyses computed after their inputs changed (the scheduler)").register(registry);
        computedOnRead = Counter.builder("lab.analysis.computations").tag("trigger", "read")
                .description("sweep analyses computed for a read that found the stored one out of date").register(registry);
    }

    /** Test points per run in the hull measurements (the first ones); hull queries dominate their cost. */
    @ConfigProperty(name = "lab.analysis.hull-test-points", defaultValue = "200")
    int hullTestPoints;

    /** Lanczos keeps its Krylov basis: 80 vectors of p doubles (16 MB at this limit). */
    @ConfigProperty(name = "lab.analysis.end-point.max-parameters", defaultValue = "25000")
    int maxEndPointParameters;

    @Inject
    @Channel("analyses")
    MutinyEmitter<AnalysisResult> analyses;

    /** The sweep's analysis as JSON: the stored one while it is current, else computed now and stored for the next read. */
    public String read(String sweepId) throws SQLException {
        Optional<String> current = stored.current(sweepId, build);
        if (current.isPresent()) {
            return current.get();
        }
        long generation = stored.generation(sweepId);
        String result = ProtoJson.print(compute(sweepId, spec(sweepId)));
        stored.save(sweepId, result, generation, build, false);
        computedOnRead.increment();
        return result;
    }

    /** @param spec the sweep's normalised spec, or null while the sweep itself is not stored yet */
    private AnalysisResult compute(String sweepId, JsonNode spec) throws SQLException {
        List<RunOutcome> outcomes = store.outcomes(sweepId);
        List<ThresholdGroup> threshold = ThresholdTable.compute(outcomes, spec);
        AnalysisResult.Builder result = AnalysisResult.newBuilder()
                .setSweepId(sweepId)
                .setComputedAtMs(System.currentTimeMillis())
                .setCriteria(EndState.CRITERIA)
                .addAllThreshold(threshold)
                .addAllReplicates(ThresholdTable.spread(threshold))
                .addAllTheory(TheoryCurves.compute(outcomes, spec));
        if (requested(spec, "hull") || requested(spec, "robustness")) {
            result.addAllGeometry(GeometryTable.of(store.geometry(sweepId)));
        }
        boolean finished = store.sweep(sweepId).map(sweep -> sweep.runs().queued() + sweep.runs().running() == 0).orElse(false);
        if (finished) {
            DispatchEfficiency.of(store.timelines(sweepId).values()).ifPresent(result::setDispatch);
        }
        return result.build();
    }

    /**
     * Makes the hull and robustness measurements of the sweep's newly completed runs, once per run (they regenerate
     * the run's data and rebuild its network, so they are stored rather than recomputed). A run that cannot be
     * measured is stored with the reason, so it is not tried again.
     */
    private void measureGeometry(String sweepId, JsonNode spec) throws SQLException {
        boolean hull = requested(spec, "hull");
        boolean robustness = requested(spec, "robustness");
        if (!hull && !robustness) {
            return;
        }
        for (LabStore.CompletedRun run : store.runsAwaiting(LabStore.Measurement.GEOMETRY, sweepId)) {
            RunGeometry geometry;
            try {
                TrainingSpec training = TrainingSpecs.fromNormalised(GridExpander.specAt(spec, run.gridPoint()));
                geometry = RunGeometry.measure(training, run.seed(), run.finalParameters(), hull, robustness, hullTestPoints);
                if (geometry.skipped() != null) {
                    LOG.warnf("run %s not measured: %s", run.runId(), geometry.skipped());
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "run %s not measured", run.runId());
                geometry = RunGeometry.skipped(e.toString());
            }
            store.saveGeometry(run.runId(), geometry);
        }
    }

    /**
     * Measures the end point of each newly completed two-layer ReLU regression run once (its regenerated data and
     * final θ: gradient, Hessian extremes, alignment with OLS), for the certified end states; the verdict itself is
     * made from these measurements at every analysis. A run that cannot be measured is stored with the reason.
     */
    private void measureEndPoints(String sweepId, JsonNode spec) throws SQLException {
        if (spec == null) {
            return;
        }
        for (LabStore.CompletedRun run : store.runsAwaiting(LabStore.Measurement.END_POINT, sweepId)) {
            measureEndPoint(run, spec);
        }
    }

    private void measureEndPoint(LabStore.CompletedRun run, JsonNode spec) throws SQLException {
        try {
            TrainingSpec training = TrainingSpecs.fromNormalised(GridExpander.specAt(spec, run.gridPoint()));
            var model = training.getModel();
            String unmeasurable = !model.getKind().equals("two-layer") ? "not a two-layer network"
                    : !model.getActivation().equals("relu") ? "the Hessian-vector product is written for ReLU"
                    : run.finalParameters() == null ? "the trainer sent no final parameters (over its size limit)"
                    : run.finalParameters().length > maxEndPointParameters ? "over lab.analysis.end-point.max-parameters"
                    : null;
            if (unmeasurable != null) {
                store.saveEndPoint(run.runId(), null, unmeasurable);
                return;
            }
            DataSet data = DataSets.generate(training.getData(), run.seed());
            EndPoint end = EndPoint.measure(data, model.getBias(), model.getWidth(), TwoLayerLandscape.lossScale(training.getLoss()),
                    run.finalParameters());
            store.saveEndPoint(run.runId(), end, null);
        } catch (RuntimeException e) {
            LOG.errorf(e, "run %s: end point not measured", run.runId());
            store.saveEndPoint(run.runId(), null, e.toString());
        }
    }

    private JsonNode spec(String sweepId) throws SQLException {
        return store.sweep(sweepId).map(SweepView::spec).orElse(null);
    }

    private static boolean requested(JsonNode spec, String analysis) {
        if (spec == null) {
            return false;
        }
        for (JsonNode name : spec.path("analyses")) {
            if (name.asText().equals(analysis)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Recomputes, saves and publishes a sweep's analysis. It is derived data (reads recompute it from the store), so
     * its failure never decides the fate of a consumed record.
     *
     * @throws SQLException when the store cannot be read or written (worth retrying)
     */
    public void update(String sweepId) throws SQLException {
        long generation = stored.generation(sweepId);
        JsonNode spec = spec(sweepId);
        measureGeometry(sweepId, spec);
        measureEndPoints(sweepId, spec);
        AnalysisResult result = compute(sweepId, spec);
        stored.save(sweepId, ProtoJson.print(result), generation, build, true);
        computedOnChange.increment();
        analyses.sendMessageAndAwait(KafkaRecord.of(sweepId, result));
    }
}
