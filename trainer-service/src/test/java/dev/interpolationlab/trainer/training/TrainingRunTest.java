package dev.interpolationlab.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.RunSummary;
import dev.interpolationlab.proto.v1.TrainingSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingRunTest {

    private static List<EpochMetrics> run(TrainingSpec spec, long seed) {
        List<EpochMetrics> recorded = new ArrayList<>();
        TrainingRun.execute(spec, seed, metrics -> recorded.add(metrics.setWallMs(0).build()), () -> false);
        return recorded;
    }

    @Test
    void sameSpecAndSeedGiveBitwiseIdenticalMetrics() {
        List<EpochMetrics> first = run(TestSpecs.spec(40, 1e-3, 300), 17);
        List<EpochMetrics> second = run(TestSpecs.spec(40, 1e-3, 300), 17);
        assertEquals(first, second);
        assertFalse(first.equals(run(TestSpecs.spec(40, 1e-3, 300), 18)));
    }

    @Test
    void recordsTheScheduledStepsEndingAtTheHorizon() {
        // geometric:1.5 up to 20: 0, 1, 2, 4, 7, 11, 17, 20 (floor(1.5 t) + 1, capped)
        List<Long> steps = run(TestSpecs.spec(40, 1e-3, 20), 1).stream().map(EpochMetrics::getStep).toList();
        assertEquals(List.of(0L, 1L, 2L, 4L, 7L, 11L, 17L, 20L), steps);
    }

    @Test
    void smallInitialisationWithManySamplesConvergesToTheOlsSolution() {
        // science.md RE-6 in miniature: far above the threshold, GD from a tiny balanced initialisation ends at the
        // simple (OLS-like) solution: train loss ≈ OLS train loss, not 0.
        RunSummary summary = TrainingRun.execute(TestSpecs.spec(400, 1e-5, 6000), 4, metrics -> { }, () -> false);
        assertTrue(summary.getOlsTrainRatio() > 0.9 && summary.getOlsTrainRatio() < 1.1, summary.toString());
        assertFalse(summary.getInterpolating());
    }

    @Test
    void stopsWhenAskedSoTheRunCanBeRedelivered() {
        int[] recorded = {0};
        assertThrows(TrainingStoppedException.class,
                () -> TrainingRun.execute(TestSpecs.spec(40, 1e-3, 1000), 1, metrics -> recorded[0]++, () -> recorded[0] > 2));
    }
}
