package dev.interpolationlab.analysis.api;

import dev.interpolationlab.core.geometry.HullStatistics;
import dev.interpolationlab.core.geometry.PointCloud;
import dev.interpolationlab.core.random.SplitMix64;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the hull code once at start, on a thread of its own, so that the first {@code POST /api/hull} does not pay for
 * its JIT: measured, the first request with distances then took as long as a warm one (3.3× before; BENCHMARKS.md).
 */
@ApplicationScoped
public class HullWarmUp {

    private static final Logger LOG = Logger.getLogger(HullWarmUp.class);

    @ConfigProperty(name = "lab.hull.warm-up")
    boolean enabled;

    void start(@Observes StartupEvent startup) {
        if (!enabled) {
            return;
        }
        Thread warm = new Thread(() -> {
            long started = System.nanoTime();
            SplitMix64 random = new SplitMix64(1);
            PointCloud train = PointCloud.gaussian(random, 1000, 10);
            PointCloud test = PointCloud.gaussian(random, 100, 10);
            HullStatistics.of(train, test, false, false);
            HullStatistics.of(train, test, false, true);
            LOG.infof("hull code warmed up in %d ms", (System.nanoTime() - started) / 1_000_000);
        }, "hull-warm-up");
        warm.setDaemon(true);
        warm.setPriority(Thread.MIN_PRIORITY);
        warm.start();
    }
}
