package dev.interpolationlab.analysis.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps each sweep's published analysis up to date without making the consumers wait for it. A stored run event only
 * marks its sweep stale; one worker recomputes the stale sweeps every {@code lab.analysis.interval-ms}. A burst of
 * finished runs therefore costs one recomputation per interval instead of one per run, and every change is followed
 * by a recomputation that sees it (a sweep marked stale while it is being recomputed is recomputed again).
 */
@ApplicationScoped
public class AnalysisScheduler {

    private static final Logger LOG = Logger.getLogger(AnalysisScheduler.class);

    @Inject
    AnalysisPublisher publisher;

    @ConfigProperty(name = "lab.analysis.interval-ms", defaultValue = "250")
    long intervalMs;

    private final Set<String> stale = new LinkedHashSet<>();
    private ScheduledExecutorService worker;

    void start(@Observes StartupEvent startup) {
        worker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "analysis-updates");
            thread.setDaemon(true);
            return thread;
        });
        worker.scheduleWithFixedDelay(this::recomputeStale, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** Publishes the sweeps still stale, then stops: nothing a consumer stored goes unpublished at a clean shutdown. */
    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
        recomputeStale();
    }

    public void markStale(String sweepId) {
        synchronized (stale) {
            stale.add(sweepId);
        }
    }

    private void recomputeStale() {
        List<String> due;
        synchronized (stale) {
            due = new ArrayList<>(stale);
            stale.clear();
        }
        for (String sweepId : due) {
            try {
                publisher.update(sweepId);
            } catch (SQLException e) {
                LOG.warnf("analysis of sweep %s not updated, retrying: %s", sweepId, e.getMessage());
                markStale(sweepId);
            } catch (RuntimeException | Error e) {
                // an Error escaping here would cancel the schedule, and with it every sweep's analysis, for good
                LOG.errorf(e, "analysis of sweep %s not updated (it will be at its next run event)", sweepId);
            }
        }
    }
}
