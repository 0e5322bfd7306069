package dev.interpolationlab.analysis.messaging;

import dev.interpolationlab.analysis.store.LabStore;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.RunEvent;
import dev.interpolationlab.proto.v1.SweepAccepted;
import dev.interpolationlab.proto.v1.SweepControl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** Stores what the gateway and the trainers publish; a finished run marks its sweep's analysis for an update. */
@ApplicationScoped
public class LabConsumers {

    @Inject
    Ingestion ingestion;

    @Inject
    LabStore store;

    @Inject
    AnalysisScheduler analysis;

    @Inject
    MeterRegistry registry;

    private Counter metricsStored;

    void start(@Observes StartupEvent startup) {
        metricsStored = Counter.builder("lab.analysis.metrics.stored").description("recorded steps written to the store (redeliveries included)")
                .register(registry);
    }

    @Incoming("sweeps")
    @Blocking
    public CompletionStage<Void> onSweep(Message<byte[]> record) {
        return ingestion.store(record, SweepAccepted.getDefaultInstance(), sweep -> {
            store.acceptSweep(sweep);
            analysis.markStale(sweep.getSweepId());
        });
    }

    @Incoming("sweep-controls")
    @Blocking
    public CompletionStage<Void> onControl(Message<byte[]> record) {
        return ingestion.store(record, SweepControl.getDefaultInstance(), control -> {
            store.applyControl(control);
            analysis.markStale(control.getSweepId());
        });
    }

    static final long METRICS_GRACE_MS = 60_000;
    /** When each COMPLETED event still waiting for its metrics first waited; one entry per event being retried. */
    private final Map<String, Long> waitingSince = new ConcurrentHashMap<>();
    private static final Logger LOG = Logger.getLogger(LabConsumers.class);

    @Incoming("run-events")
    @Blocking
    public CompletionStage<Void> onRunEvent(Message<byte[]> record) {
        return ingestion.store(record, RunEvent.getDefaultInstance(), event -> {
            awaitMetrics(event);
            store.applyRunEvent(event);
            if (event.getKind() != RunEvent.Kind.STARTED) {
                analysis.markStale(event.getSweepId());
            }
        });
    }

    /**
     * Metrics and events travel on different topics, so a run's completion can overtake its last metrics. A run is
     * marked completed only once all the steps it recorded are stored: until then the store is "not ready" and the
     * event is retried like any transient store failure. After {@link #METRICS_GRACE_MS} of waiting it is stored anyway,
     * so that a metrics record lost to the dead-letter topic cannot hold up every later event. The grace counts from the
     * first wait, not from the event's time: after a database outage longer than the grace, the backlog of metrics
     * still gets its chance to be stored before the runs it belongs to are called complete.
     */
    private void awaitMetrics(RunEvent event) throws SQLException {
        if (event.getKind() != RunEvent.Kind.COMPLETED) {
            return;
        }
        int expected = event.getSummary().getRecordedSteps();
        long stored = store.metricCount(event.getRunId());
        if (stored >= expected) {
            waitingSince.remove(event.getRunId());
            return;
        }
        long since = waitingSince.computeIfAbsent(event.getRunId(), run -> System.currentTimeMillis());
        if (System.currentTimeMillis() - since < METRICS_GRACE_MS) {
            throw new SQLTransientException("run " + event.getRunId() + " completed with " + expected + " recorded steps, " + stored + " stored so far");
        }
        waitingSince.remove(event.getRunId());
        LOG.warnf("run %s marked completed with %d of its %d recorded steps stored", event.getRunId(), stored, expected);
    }

    /**
     * Metrics arrive in polled batches (up to max.poll.records) and are stored in one write each. Batches are stored
     * concurrently (unordered): each write is idempotent, and the offset commit still advances only over batches that
     * are stored, so decoding one batch overlaps the database storing the previous one. They run on a pool of their
     * own ({@code metrics-store}, a few threads): a batch waiting for the database holds its thread, and during an
     * outage the shared worker pool would otherwise fill with them until the health endpoints found no thread to answer.
     */
    @Incoming("run-metrics")
    @io.smallrye.reactive.messaging.annotations.Blocking(value = "metrics-store", ordered = false)
    public CompletionStage<Void> onMetrics(KafkaRecordBatch<String, byte[]> batch) {
        return ingestion.storeBatch(batch, EpochMetrics.getDefaultInstance(), metrics -> {
            store.storeMetrics(metrics);
            metricsStored.increment(metrics.size());
        });
    }
}
