package dev.interpolationlab.core.sweep;

import dev.interpolationlab.proto.v1.RecordSpec;

/**
 * The steps at which a run records its metrics (product.md, {@code record.every}): every k-th step, or
 * geometrically t₀ = 0, t_{k+1} = ⌊R·t_k⌋ + 1 as in the authors' snapshot code (science.md §1(b)); the last step
 * is always recorded. Step t means "after t optimiser updates", so step 0 is the initialisation.
 */
public final class RecordSchedule {

    private final long lastStep;
    private final long interval;
    private final double ratio;

    private RecordSchedule(long lastStep, long interval, double ratio) {
        this.lastStep = lastStep;
        this.interval = interval;
        this.ratio = ratio;
    }

    public static RecordSchedule of(RecordSpec spec, long lastStep) {
        return switch (spec.getScheduleCase()) {
            case EVERY_STEPS -> new RecordSchedule(lastStep, spec.getEverySteps(), 0.0);
            case GEOMETRIC_RATIO -> new RecordSchedule(lastStep, 0, spec.getGeometricRatio());
            case SCHEDULE_NOT_SET -> throw new IllegalArgumentException("record schedule not set");
        };
    }

    public long first() {
        return 0;
    }

    /** The recorded step after {@code step} (itself recorded), or -1 when {@code step} is the last. */
    public long next(long step) {
        if (step >= lastStep) {
            return -1;
        }
        long next = interval > 0 ? (step / interval + 1) * interval : (long) Math.floor(ratio * step) + 1;
        return Math.min(next, lastStep);
    }

    /** Number of recorded steps, for sizing. */
    public int count() {
        int count = 0;
        for (long t = first(); t >= 0; t = next(t)) {
            count++;
        }
        return count;
    }
}
