package dev.interpolationlab.core.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogThinningTest {

    private static List<Long> thin(LogThinning thinning, long lastStep) {
        List<Long> kept = new ArrayList<>();
        long lastBucket = Long.MIN_VALUE;
        for (long step = 0; step <= lastStep; step++) {
            if (thinning.keeps(step, lastBucket)) {
                kept.add(step);
                lastBucket = thinning.bucket(step);
            }
        }
        return kept;
    }

    @Test
    void everyStepRecordedKeepsAtMostKPointsPerDecade() {
        List<Long> kept = thin(new LogThinning(10), 100_000);
        // ⌊10·log₁₀ t⌋ for t = 1, 2, 3, …, 13 is 0, 3, 4, 6, 6, 7, 8, 9, 9, 10, 10, 10, 11: buckets 1, 2 and 5 hold no
        // integer step, so of step 0 and the 51 buckets 0 … 50 of t ≤ 10⁵, 49 keep a point.
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 6L, 7L, 8L, 10L, 13L), kept.subList(0, 10));
        assertEquals(49, kept.size());
        assertEquals(100_000L, kept.get(kept.size() - 1));
    }

    @Test
    void keptStepsAreEvenlySpacedInLogStep() {
        List<Long> kept = thin(new LogThinning(20), 1_000_000);
        for (int i = 80; i < kept.size(); i++) { // steps ≥ 10⁴, where rounding to integers is below 10⁻³
            double ratio = (double) kept.get(i) / kept.get(i - 1);
            assertEquals(Math.pow(10, 1.0 / 20), ratio, 2e-3);
        }
    }

    @Test
    void aCoarserGeometricRecordingIsKeptWhole() {
        LogThinning thinning = new LogThinning(20); // buckets of ratio 10^(1/20) = 1.122
        long lastBucket = Long.MIN_VALUE;
        int recorded = 0;
        int kept = 0;
        for (long step = 0; step < 1_000_000; step = (long) Math.floor(1.3 * step) + 1) {
            recorded++;
            if (thinning.keeps(step, lastBucket)) {
                kept++;
                lastBucket = thinning.bucket(step);
            }
        }
        assertTrue(recorded > 40);
        assertEquals(recorded, kept);
    }

    @Test
    void theFirstRecordedStepAtOrAboveEachLowerBoundIsTheThinnedCurve() {
        LogThinning thinning = new LogThinning(20);
        long[] bounds = thinning.lowerBounds(10_000_000);
        java.util.TreeSet<Long> recorded = new java.util.TreeSet<>();
        for (long step = 0; step <= 200_000; step += 7) { // a recording that skips steps
            recorded.add(step);
        }
        recorded.add(200_003L);
        java.util.TreeSet<Long> byBounds = new java.util.TreeSet<>();
        for (long bound : bounds) {
            Long first = recorded.ceiling(bound);
            if (first != null) {
                byBounds.add(first);
            }
        }
        List<Long> byScan = new ArrayList<>();
        long lastBucket = Long.MIN_VALUE;
        for (long step : recorded) {
            if (thinning.keeps(step, lastBucket)) {
                byScan.add(step);
                lastBucket = thinning.bucket(step);
            }
        }
        assertEquals(byScan, List.copyOf(byBounds));
        assertEquals(0, bounds[0]);
        assertEquals(1, bounds[1]);
        assertEquals(10, bounds[21], "bucket 20 of ⌊20·log₁₀ t⌋ starts at t = 10");
    }

    @Test
    void rejectsFewerThanOneBucketPerDecade() {
        assertThrows(IllegalArgumentException.class, () -> new LogThinning(0));
    }
}
