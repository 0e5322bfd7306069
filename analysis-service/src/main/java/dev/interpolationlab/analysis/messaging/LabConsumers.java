package dev.interpolationlab.analysis.messaging;

import dev.interpolationlab.analysis.store.LabStore;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.RunEvent;
import dev.interpolationlab.proto.v1.SweepAccepted;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Stores what the gateway and the trainers publish; a finished run updates its sweep's analysis. */
@ApplicationScoped
public class LabConsumers {

    @Inject
    Ingestion ingestion;

    @Inject
    LabStore store;

    @Inject
    AnalysisPublisher analysis;

    @Incoming("sweeps")
    @Blocking
    public CompletionStage<Void> onSweep(Message<byte[]> record) {
        return ingestion.store(record, SweepAccepted.getDefaultInstance(), sweep -> {
            store.acceptSweep(sweep);
            analysis.update(sweep.getSweepId());
        });
    }

    @Incoming("run-events")
    @Blocking
    public CompletionStage<Void> onRunEvent(Message<byte[]> record) {
        return ingestion.store(record, RunEvent.getDefaultInstance(), event -> {
            store.applyRunEvent(event);
            if (event.getKind() != RunEvent.Kind.STARTED) {
                analysis.update(event.getSweepId());
            }
        });
    }

    @Incoming("run-metrics")
    @Blocking
    public CompletionStage<Void> onMetrics(Message<byte[]> record) {
        return ingestion.store(record, EpochMetrics.getDefaultInstance(), store::storeMetrics);
    }
}
