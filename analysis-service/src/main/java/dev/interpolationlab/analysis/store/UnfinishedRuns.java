package dev.interpolationlab.analysis.store;

import dev.interpolationlab.api.RunCounts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * {@code lab_runs_unfinished{state="queued"|"running"}}: the runs waiting for a trainer and those training, from the
 * store. The trainers' autoscalers (KEDA, HPA) aim at one trainer per unfinished run: a share group has no consumer
 * lag to scale on, and this count is not bounded by the partitions. Read at most once per second, whatever the
 * number of scrapers.
 */
@ApplicationScoped
public class UnfinishedRuns {

    private static final Logger LOG = Logger.getLogger(UnfinishedRuns.class);
    private static final long REFRESH_NANOS = 1_000_000_000L;

    @Inject
    LabStore store;

    private RunCounts counts = new RunCounts(0, 0, 0, 0, 0, 0);
    private long readAt = System.nanoTime() - 2 * REFRESH_NANOS;

    void register(@Observes StartupEvent startup, MeterRegistry registry) {
        Gauge.builder("lab.runs.unfinished", this, u -> u.current().queued()).tag("state", "queued")
                .description("runs waiting for a trainer or training, from the store").register(registry);
        Gauge.builder("lab.runs.unfinished", this, u -> u.current().running()).tag("state", "running")
                .description("runs waiting for a trainer or training, from the store").register(registry);
    }

    private synchronized RunCounts current() {
        if (System.nanoTime() - readAt > REFRESH_NANOS) {
            try {
                counts = store.unfinishedRuns();
                readAt = System.nanoTime();
            } catch (SQLException e) {
                // the last count stands; readiness reports the database
                LOG.debugf("unfinished runs not read: %s", e.getMessage());
            }
        }
        return counts;
    }
}
