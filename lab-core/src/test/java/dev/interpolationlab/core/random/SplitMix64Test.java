package dev.interpolationlab.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class SplitMix64Test {

    @Test
    void matchesTheReferenceSplitMix64Output() {
        // First outputs of Vigna's reference splitmix64.c with state 0.
        SplitMix64 random = new SplitMix64(0);
        assertEquals(0xE220A8397B1DCDAFL, random.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, random.nextLong());
    }

    @Test
    void gaussiansHaveUnitVarianceAndStreamsDiffer() {
        SplitMix64 random = SplitMix64.stream(42, "data");
        int count = 200_000;
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < count; i++) {
            double z = random.nextGaussian();
            sum += z;
            sumSquares += z * z;
        }
        double mean = sum / count;
        assertEquals(0.0, mean, 5 * Math.sqrt(1.0 / count));
        assertEquals(1.0, sumSquares / count - mean * mean, 5 * Math.sqrt(2.0 / count));
        assertNotEquals(SplitMix64.stream(42, "data").nextLong(), SplitMix64.stream(42, "init").nextLong());
    }
}
