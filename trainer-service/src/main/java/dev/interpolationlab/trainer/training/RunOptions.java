package dev.interpolationlab.trainer.training;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * How a training run talks to the outside: where its metrics and checkpoints go, when it checkpoints (every
 * {@code checkpointSteps} steps or {@code checkpointInterval} of wall time, whichever comes first), where it resumes,
 * and when to stop early.
 */
public record RunOptions(MetricsSink metrics, CheckpointSink checkpoints, long checkpointSteps, Duration checkpointInterval,
        Optional<Resume> resume, BooleanSupplier stopRequested) {

    /** Metrics only: no checkpoints, no resume, never stopped. */
    public static RunOptions metricsOnly(MetricsSink metrics) {
        return new RunOptions(metrics, (step, parameters) -> { }, Long.MAX_VALUE, Duration.ofDays(365), Optional.empty(), () -> false);
    }
}
