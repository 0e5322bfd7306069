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

    /**
     * The smallest step of each bucket up to {@code maxStep}: 0 (its own bucket), then ⌈10^(k/K)⌉ for k = 0, 1, … The
     * first recorded step at or above each bound, deduplicated, is the thinned curve: a store can look those up in its
     * (run, step) index instead of reading every step.
     */
    public long[] lowerBounds(long maxStep) {
        long buckets = bucket(Math.max(1, maxStep));
        long[] bounds = new long[(int) buckets + 2];
        for (int k = 0; k <= buckets; k++) {
            long bound = (long) Math.ceil(Math.pow(10, k / perDecade));
            while (bucket(bound) < k) { // ⌈10^(k/K)⌉ can round below the bucket by an ulp: step up to its first step
                bound++;
            }
            while (bound > 1 && bucket(bound - 1) >= k) {
                bound--;
            }
            bounds[k + 1] = bound;
        }
        return bounds; // bounds[0] = 0
    }

    /** Whether a step opens a new bucket after the last kept step ({@code Long.MIN_VALUE} when none was kept yet). */
    public boolean keeps(long step, long lastKeptBucket) {
        return bucket(step) != lastKeptBucket;
    }
}
