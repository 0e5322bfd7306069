package dev.interpolationlab.trainer.training;

import dev.interpolationlab.proto.v1.EpochMetrics;

/** Receives the metrics of each recorded step, in step order. */
@FunctionalInterface
public interface MetricsSink {

    void record(EpochMetrics.Builder metrics);
}
