package dev.interpolationlab.trainer.training;

import dev.interpolationlab.trainer.model.KernelChoice;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * How a training run talks to the outside: where its metrics and checkpoints go, when it checkpoints (every
 * {@code checkpointSteps} steps or {@code checkpointInterval} of wall time, whichever comes first), where it resumes,
 * when to stop early, how many threads its kernels may use (which changes its speed, never its numbers), up to how
 * many parameters the summary carries the final θ, and which kernel binds a two-layer network.
 */
public record RunOptions(MetricsSink metrics, CheckpointSink checkpoints, long checkpointSteps, Duration checkpointInterval,
        Optional<Resume> resume, BooleanSupplier stopRequested, int threads, int finalParametersMax, KernelChoice kernel) {

    /** Metrics only: no checkpoints, no resume, never stopped, one thread, final parameters always included, the kernel that suits. */
    public static RunOptions metricsOnly(MetricsSink metrics) {
        return new RunOptions(metrics, (step, parameters, state) -> { }, Long.MAX_VALUE, Duration.ofDays(365), Optional.empty(),
                () -> false, 1, Integer.MAX_VALUE, KernelChoice.AUTO);
    }

    public RunOptions withThreads(int count) {
        return new RunOptions(metrics, checkpoints, checkpointSteps, checkpointInterval, resume, stopRequested, count, finalParametersMax, kernel);
    }

    public RunOptions withKernel(KernelChoice choice) {
        return new RunOptions(metrics, checkpoints, checkpointSteps, checkpointInterval, resume, stopRequested, threads, finalParametersMax, choice);
    }
}
