package dev.interpolationlab.analysis.messaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The scheduler on its own, with a publisher that fails the way a sweep's analysis can. */
class AnalysisSchedulerTest {

    @Test
    void anErrorInOneSweepsAnalysisDoesNotStopTheOthers() throws Exception {
        List<String> updated = new CopyOnWriteArrayList<>();
        CountDownLatch later = new CountDownLatch(1);
        AnalysisScheduler scheduler = new AnalysisScheduler();
        scheduler.intervalMs = 10;
        scheduler.publisher = new AnalysisPublisher() {
            @Override
            public void update(String sweepId) {
                if (sweepId.equals("huge")) {
                    throw new OutOfMemoryError("Java heap space (simulated)");
                }
                updated.add(sweepId);
                if (sweepId.equals("later")) {
                    later.countDown();
                }
            }
        };
        scheduler.start(null);
        try {
            scheduler.markStale("huge");
            scheduler.markStale("next");
            Thread.sleep(50);
            scheduler.markStale("later");
            assertTrue(later.await(5, TimeUnit.SECONDS), "a sweep marked stale after the Error was never recomputed: " + updated);
            assertTrue(updated.contains("next"), updated.toString());
        } finally {
            scheduler.stop(null);
        }
    }
}
