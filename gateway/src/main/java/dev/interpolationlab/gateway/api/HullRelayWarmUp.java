package dev.interpolationlab.gateway.api;

import dev.interpolationlab.core.geometry.PointCloud;
import dev.interpolationlab.core.random.SplitMix64;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Relays one {@code POST /api/hull} of generated points to the analysis service once it answers, on a thread of its
 * own, so that a user's first call does not pay for the REST client's first use, the relay's JIT and the analysis
 * service's JSON path: measured, the first call through the gateway took 0.76 s against 0.09 s warm (BENCHMARKS.md).
 */
@ApplicationScoped
public class HullRelayWarmUp {

    private static final Logger LOG = Logger.getLogger(HullRelayWarmUp.class);
    /** The analysis service may start after the gateway (a pod restart, ./lab up's order): ask for this long. */
    private static final long PATIENCE_SECONDS = 120;

    @Inject
    @RestClient
    AnalysisClient analysis;

    @ConfigProperty(name = "lab.hull.warm-up")
    boolean enabled;

    void start(@Observes StartupEvent startup) {
        if (!enabled) {
            return;
        }
        Thread warm = new Thread(this::warmUp, "hull-relay-warm-up");
        warm.setDaemon(true);
        warm.setPriority(Thread.MIN_PRIORITY);
        warm.start();
    }

    private void warmUp() {
        SplitMix64 random = new SplitMix64(1);
        byte[] body = ("{\"train\": " + rows(PointCloud.gaussian(random, 1000, 10)) + ", \"test\": "
                + rows(PointCloud.gaussian(random, 200, 10)) + "}").getBytes(StandardCharsets.UTF_8);
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (System.nanoTime() < deadline) {
            boolean answered = true;
            for (boolean distances : new boolean[] {false, true}) {
                try (Response answer = Passthrough.call(() -> analysis.hull(MediaType.APPLICATION_JSON, false, distances, body))) {
                    answered &= answer.getStatus() == 200;
                }
            }
            if (answered) {
                LOG.infof("hull relay warmed up in %d ms", (System.nanoTime() - started) / 1_000_000);
                return;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.warnf("hull relay not warmed up: the analysis service did not answer within %d s", PATIENCE_SECONDS);
    }

    private static String rows(PointCloud cloud) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < cloud.count(); i++) {
            json.append(i == 0 ? "[" : ", [");
            double[] point = cloud.point(i);
            for (int k = 0; k < point.length; k++) {
                json.append(k == 0 ? "" : ", ").append(point[k]);
            }
            json.append(']');
        }
        return json.append(']').toString();
    }
}
