package dev.interpolationlab.core.series;

/**
 * Thins a run's recorded steps for log-scaled plots: steps fall into buckets of equal width in log₁₀(step), and a
 * curve keeps the first step of each bucket (step 0 has a bucket of its own). At K buckets per decade a 10⁵-step run
 * keeps at most 5K + 1 points however densely it was recorded, and a run recorded geometrically keeps them all when
 * its ratio is coarser than the buckets. The REST curves and the live stream thin with the same rule, so a chart that
 * starts from one and continues with the other draws the same points.
 */
public final class LogThinning {

    private final double perDecade;

    /** @param perDecade buckets per factor of ten in the step; at least 1 */
    public LogThinning(int perDecade) {
        if (perDecade < 1) {
            throw new IllegalArgumentException("perDecade must be at least 1, got " + perDecade);
        }
        this.perDecade = perDecade;
    }

    /** The bucket of a step: −1 for step 0, ⌊K·log₁₀ step⌋ otherwise. */
    public long bucket(long step) {
        return step <= 0 ? -1 : (long) Math.floor(perDecade * Math.log10(step));
    }

    /** Whether a step opens a new bucket after the last kept step ({@code Long.MIN_VALUE} when none was kept yet). */
    public boolean keeps(long step, long lastKeptBucket) {
        return bucket(step) != lastKeptBucket;
    }
}
