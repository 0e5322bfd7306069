package dev.interpolationlab.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.RunSummary;
import dev.interpolationlab.proto.v1.TrainingSpec;
import dev.interpolationlab.trainer.model.KernelChoice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainingRunTest {

    private static List<EpochMetrics> run(TrainingSpec spec, long seed) {
        List<EpochMetrics> recorded = new ArrayList<>();
        TrainingRun.execute(spec, seed, RunOptions.metricsOnly(metrics -> recorded.add(metrics.setWallMs(0).build())));
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
    void theKernelThatTrainedARunIsNamedAndForcingDgemmChangesTheNameNotTheResult() {
        TrainingSpec spec = TestSpecs.spec(40, 1e-3, 300);
        TrainingRun.Trained fused = TrainingRun.train(spec, 17, RunOptions.metricsOnly(metrics -> { }));
        TrainingRun.Trained gemm = TrainingRun.train(spec, 17, RunOptions.metricsOnly(metrics -> { }).withKernel(KernelChoice.GEMM));
        assertTrue(fused.kernel().matches("fused-vector \\d+-bit"), fused.kernel());
        assertTrue(gemm.kernel().startsWith("openblas-dgemm (OpenBLAS 0."), gemm.kernel());
        double expected = gemm.summary().getFinalTrainLoss();
        assertEquals(expected, fused.summary().getFinalTrainLoss(), 1e-9 * expected, "same function and gradient, to rounding");
        assertEquals(gemm.summary().getSteps(), fused.summary().getSteps());
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
        RunSummary summary = TrainingRun.execute(TestSpecs.spec(400, 1e-5, 6000), 4, RunOptions.metricsOnly(metrics -> { }));
        assertTrue(summary.getOlsTrainRatio() > 0.9 && summary.getOlsTrainRatio() < 1.1, summary.toString());
    }

    @Test
    void theConvergenceRuleStopsAtTheOlsPlateauAndSaysSo() {
        TrainingSpec horizon = TestSpecs.spec(400, 1e-5, 20_000);
        TrainingSpec convergence = horizon.toBuilder().setOptimizer(horizon.getOptimizer().toBuilder()
                .setStop("convergence").setWindow(500).setLossTolerance(1e-6).setGradTolerance(2e-3)).build();
        // GD at this lr keeps ‖∇L‖ near 7e-4 on the plateau (ReLU kinks), so the gradient tolerance sits above it
        List<Long> recorded = new ArrayList<>();
        RunSummary stopped = TrainingRun.execute(convergence, 4, RunOptions.metricsOnly(m -> recorded.add(m.getStep())));
        assertEquals("converged", stopped.getStopReason());
        assertTrue(stopped.getSteps() < 20_000 && stopped.getSteps() % 500 == 0, stopped.toString());
        assertEquals(stopped.getSteps(), recorded.get(recorded.size() - 1), "the stopping step is recorded");
        assertTrue(stopped.getGradNorm() < 2e-3);
        RunSummary full = TrainingRun.execute(horizon, 4, RunOptions.metricsOnly(m -> { }));
        assertEquals("horizon", full.getStopReason());
        assertEquals(full.getFinalTrainLoss(), stopped.getFinalTrainLoss(), 1e-5 * full.getFinalTrainLoss(),
                "nothing was left to learn after the stop");
    }

    @Test
    void stopsWhenAskedSoTheRunCanBeRedelivered() {
        int[] recorded = {0};
        RunOptions stopAfterThreeRecords = new RunOptions(metrics -> recorded[0]++, (step, parameters, state) -> { }, Long.MAX_VALUE,
                Duration.ofDays(1), Optional.empty(), () -> recorded[0] > 2, 1, Integer.MAX_VALUE, KernelChoice.AUTO);
        assertThrows(TrainingStoppedException.class, () -> TrainingRun.execute(TestSpecs.spec(40, 1e-3, 1000), 1, stopAfterThreeRecords));
    }

    @Test
    void aRunResumedFromACheckpointEndsExactlyLikeAnUninterruptedOne() {
        TrainingSpec spec = TestSpecs.spec(60, 1e-3, 2000);
        List<EpochMetrics> uninterrupted = new ArrayList<>();
        RunSummary expected = TrainingRun.execute(spec, 9, RunOptions.metricsOnly(m -> uninterrupted.add(m.setWallMs(0).build())));

        // Checkpoint every 300 steps and stop at step 1000: the last checkpoint is the one taken when stopping.
        List<Resume> checkpoints = new ArrayList<>();
        long[] step = {0};
        RunOptions interrupted = new RunOptions(m -> step[0] = m.getStep(), (t, theta, state) -> checkpoints.add(new Resume(t, theta, state)), 300,
                Duration.ofDays(1), Optional.empty(), () -> step[0] >= 1000, 1, Integer.MAX_VALUE, KernelChoice.AUTO);
        assertThrows(TrainingStoppedException.class, () -> TrainingRun.execute(spec, 9, interrupted));
        assertEquals(List.of(300L, 600L, 900L), checkpoints.subList(0, 3).stream().map(Resume::step).toList());
        Resume last = checkpoints.get(checkpoints.size() - 1);
        assertTrue(last.step() > 900, "a checkpoint is saved when the run stops");

        List<EpochMetrics> resumed = new ArrayList<>();
        RunSummary actual = TrainingRun.execute(spec, 9, new RunOptions(m -> resumed.add(m.setWallMs(0).build()), (t, theta, state) -> { },
                Long.MAX_VALUE, Duration.ofDays(1), Optional.of(last), () -> false, 1, Integer.MAX_VALUE, KernelChoice.AUTO));

        assertEquals(expected.toBuilder().clearWallMs().build(), actual.toBuilder().clearWallMs().build());
        assertEquals(uninterrupted.stream().filter(m -> m.getStep() >= last.step()).toList(), resumed);
    }
}
