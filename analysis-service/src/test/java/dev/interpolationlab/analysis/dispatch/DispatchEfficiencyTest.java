package dev.interpolationlab.analysis.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.api.Attempt;
import dev.interpolationlab.api.RunTimeline;
import dev.interpolationlab.proto.v1.DispatchStats;
import dev.interpolationlab.proto.v1.TrainerTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timelines worked out by hand: the efficiency and the idle-while-queued seconds are sums of interval lengths. */
class DispatchEfficiencyTest {

    private static Instant t(double seconds) {
        return Instant.ofEpochMilli(1_800_000_000_000L + Math.round(seconds * 1000));
    }

    private static Attempt attempt(int n, String trainer, double from, Double to, String outcome) {
        return new Attempt(n, trainer, t(from), to == null ? null : t(to), outcome);
    }

    /**
     * Three runs queued at 0 on trainers A and B: A trains run 1 over [1, 11) and run 3 over [12, 16); B trains run 2
     * over [2, 6) and run 3 over [6, 10), when B stops and releases it. Runs wait over [0, 6) and [10, 12).
     */
    @Test
    void efficiencyAndIdleWhileQueuedAreTheIntervalSums() {
        List<RunTimeline> runs = List.of(
                RunTimeline.of(t(0), List.of(attempt(1, "A", 1, 11.0, "completed"))),
                RunTimeline.of(t(0), List.of(attempt(1, "B", 2, 6.0, "completed"))),
                RunTimeline.of(t(0), List.of(attempt(1, "B", 6, 10.0, "released"), attempt(2, "A", 12, 16.0, "completed"))));
        DispatchStats stats = DispatchEfficiency.of(runs).orElseThrow();
        assertEquals(2, stats.getTrainers());
        assertEquals(16.0, stats.getMakespanSeconds(), 1e-9);
        assertEquals(10 + 4 + 4 + 4, stats.getBusySeconds(), 1e-9);
        assertEquals(22.0 / (2 * 16), stats.getEfficiency(), 1e-12);
        assertEquals(4, stats.getAttempts());
        TrainerTime a = stats.getTrainerTimes(0);
        TrainerTime b = stats.getTrainerTimes(1);
        assertEquals("A", a.getTrainer());
        assertEquals(14.0, a.getBusySeconds(), 1e-9);
        assertEquals(1 + 1, a.getIdleWhileQueuedSeconds(), 1e-9, "[0, 1) before its first run, [11, 12) before run 3");
        assertEquals(8.0, b.getBusySeconds(), 1e-9);
        assertEquals(2 + 2, b.getIdleWhileQueuedSeconds(), 1e-9, "[0, 2), then [10, 12) after it released run 3");
    }

    /** One trainer per run, back to back from the moment they are queued: nothing is lost. */
    @Test
    void aPerfectQueueIsFullyEfficient() {
        List<RunTimeline> runs = List.of(
                RunTimeline.of(t(0), List.of(attempt(1, "A", 0, 5.0, "completed"))),
                RunTimeline.of(t(0), List.of(attempt(1, "B", 0, 3.0, "completed"))),
                RunTimeline.of(t(0), List.of(attempt(1, "B", 3, 5.0, "completed"))));
        DispatchStats stats = DispatchEfficiency.of(runs).orElseThrow();
        assertEquals(1.0, stats.getEfficiency(), 1e-12);
        assertEquals(0.0, stats.getTrainerTimes(0).getIdleWhileQueuedSeconds(), 1e-12);
        assertEquals(0.0, stats.getTrainerTimes(1).getIdleWhileQueuedSeconds(), 1e-12);
    }

    /** A trainer killed in an attempt reports no end: the attempt is lost and counts until the next one starts. */
    @Test
    void aLostAttemptLastsUntilItsRunsNextAttempt() {
        RunTimeline run = RunTimeline.of(t(0), List.of(attempt(1, "A", 0, null, null), attempt(2, "B", 20, 30.0, "completed")));
        assertEquals(Attempt.LOST, run.attempts().get(0).outcome());
        assertEquals(t(0), run.startedAt());
        assertEquals(t(30), run.finishedAt());
        DispatchStats stats = DispatchEfficiency.of(List.of(run)).orElseThrow();
        assertEquals(1, stats.getLostAttempts());
        assertEquals(20.0 + 10.0, stats.getBusySeconds(), 1e-9);
        assertEquals(30.0 / (2 * 30), stats.getEfficiency(), 1e-12);
    }

    /** While an attempt is open, or a released run waits for its next one, the sweep has no statistics yet. */
    @Test
    void anOpenSweepHasNoStatistics() {
        RunTimeline running = RunTimeline.of(t(0), List.of(attempt(1, "A", 1, null, null)));
        assertEquals(Attempt.RUNNING, running.attempts().get(0).outcome());
        assertNull(running.finishedAt());
        assertTrue(DispatchEfficiency.of(List.of(running)).isEmpty());
        RunTimeline released = RunTimeline.of(t(0), List.of(attempt(1, "A", 1, 4.0, "released")));
        assertNull(released.finishedAt());
        assertTrue(DispatchEfficiency.of(List.of(released)).isEmpty());
        assertTrue(DispatchEfficiency.of(List.of(RunTimeline.of(t(0), List.of()))).isEmpty(), "a run cancelled while queued");
    }
}
