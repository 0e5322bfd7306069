package dev.interpolationlab.analysis.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interpolationlab.analysis.stats.RunState;
import dev.interpolationlab.analysis.stats.ThresholdTable;
import dev.interpolationlab.analysis.store.LabStore;
import dev.interpolationlab.analysis.store.SweepRow;
import dev.interpolationlab.core.science.Interpolation;
import dev.interpolationlab.proto.v1.AnalysisResult;
import dev.interpolationlab.wire.ProtoJson;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/** Recomputes a sweep's analysis from the store, saves it, and publishes it on {@code lab.analyses}. */
@ApplicationScoped
public class AnalysisPublisher {

    private static final Logger LOG = Logger.getLogger(AnalysisPublisher.class);

    @Inject
    LabStore store;

    @Inject
    @Channel("analyses")
    MutinyEmitter<AnalysisResult> analyses;

    public AnalysisResult compute(String sweepId) throws SQLException {
        JsonNode spec = store.sweep(sweepId).map(SweepRow::spec).orElse(null);
        return AnalysisResult.newBuilder()
                .setSweepId(sweepId)
                .setComputedAtMs(System.currentTimeMillis())
                .setInterpolationCutoff(Interpolation.CUTOFF)
                .setCriteria(RunState.CRITERIA)
                .addAllThreshold(ThresholdTable.compute(store.outcomes(sweepId), spec))
                .build();
    }

    /**
     * Recomputes, saves and publishes a sweep's analysis. The analysis is derived data, recomputed from the store on
     * every read, so a failure here is logged and never decides the fate of the record that triggered it.
     */
    public void update(String sweepId) {
        try {
            AnalysisResult result = compute(sweepId);
            store.saveAnalysis(sweepId, ProtoJson.print(result));
            analyses.sendMessageAndAwait(KafkaRecord.of(sweepId, result));
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("analysis of sweep %s not updated (it will be at the next run event): %s", sweepId, e.getMessage());
        }
    }
}
