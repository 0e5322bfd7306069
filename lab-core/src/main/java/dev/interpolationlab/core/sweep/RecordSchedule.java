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
    private final long alsoEvery;

    private RecordSchedule(long lastStep, long interval, double ratio, long alsoEvery) {
        this.lastStep = lastStep;
        this.interval = interval;
        this.ratio = ratio;
        this.alsoEvery = alsoEvery;
    }

    public static RecordSchedule of(RecordSpec spec, long lastStep) {
        return switch (spec.getScheduleCase()) {
            case EVERY_STEPS -> new RecordSchedule(lastStep, spec.getEverySteps(), 0.0, 0);
            case GEOMETRIC_RATIO -> new RecordSchedule(lastStep, 0, spec.getGeometricRatio(), 0);
            case SCHEDULE_NOT_SET -> throw new IllegalArgumentException("record schedule not set");
        };
    }

    /**
     * This schedule with every multiple of {@code window} added: a run stopped by the convergence rule records the
     * window ends its horizon-extension check compares, so that the analysis can check the same span from the stored
     * curve.
     */
    public RecordSchedule withMultiplesOf(long window) {
        return new RecordSchedule(lastStep, interval, ratio, window);
    }

    public long first() {
        return 0;
    }

    /** The recorded step after {@code step} (itself recorded), or -1 when {@code step} is the last. */
    public long next(long step) {
        if (step >= lastStep) {
            return -1;
        }
        long next = baseAfter(step);
        if (alsoEvery > 0) {
            next = Math.min(next, (step / alsoEvery + 1) * alsoEvery);
        }
        return Math.min(next, lastStep);
    }

    /** The first step of the base schedule (every k-th, or geometric from 0) after {@code step}. */
    private long baseAfter(long step) {
        if (interval > 0) {
            return (step / interval + 1) * interval;
        }
        long t = 0;
        while (t <= step) {
            t = (long) Math.floor(ratio * t) + 1;
        }
        return t;
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
