package dev.interpolationlab.analysis.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interpolationlab.analysis.stats.RunOutcome;
import dev.interpolationlab.analysis.stats.RunState;
import dev.interpolationlab.analysis.stats.ThresholdTable;
import dev.interpolationlab.analysis.store.LabStore;
import dev.interpolationlab.analysis.store.SweepRow;
import dev.interpolationlab.analysis.theory.TheoryCurves;
import dev.interpolationlab.core.science.Interpolation;
import dev.interpolationlab.proto.v1.AnalysisResult;
import dev.interpolationlab.wire.ProtoJson;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Recomputes a sweep's analysis from the store, saves it, and publishes it on {@code lab.analyses}. */
@ApplicationScoped
public class AnalysisPublisher {

    @Inject
    LabStore store;

    @Inject
    @Channel("analyses")
    MutinyEmitter<AnalysisResult> analyses;

    public AnalysisResult compute(String sweepId) throws SQLException {
        JsonNode spec = store.sweep(sweepId).map(SweepRow::spec).orElse(null);
        List<RunOutcome> outcomes = store.outcomes(sweepId);
        return AnalysisResult.newBuilder()
                .setSweepId(sweepId)
                .setComputedAtMs(System.currentTimeMillis())
                .setInterpolationCutoff(Interpolation.CUTOFF)
                .setCriteria(RunState.CRITERIA)
                .addAllThreshold(ThresholdTable.compute(outcomes, spec))
                .addAllTheory(TheoryCurves.compute(outcomes, spec))
                .build();
    }

    /**
     * Recomputes, saves and publishes a sweep's analysis. It is derived data (reads recompute it from the store), so
     * its failure never decides the fate of a consumed record.
     *
     * @throws SQLException when the store cannot be read or written (worth retrying)
     */
    public void update(String sweepId) throws SQLException {
        AnalysisResult result = compute(sweepId);
        store.saveAnalysis(sweepId, ProtoJson.print(result));
        analyses.sendMessageAndAwait(KafkaRecord.of(sweepId, result));
    }
}
