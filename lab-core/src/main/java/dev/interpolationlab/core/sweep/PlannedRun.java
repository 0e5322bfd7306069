package dev.interpolationlab.core.sweep;

import dev.interpolationlab.proto.v1.RunRef;
import dev.interpolationlab.proto.v1.TrainingSpec;

/** A run of an expanded sweep: who it is (id, grid point, repeat, seed) and what it trains. */
public record PlannedRun(RunRef ref, TrainingSpec spec) {
}
