package dev.interpolationlab.core.science;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MedianTest {

    @Test
    void middleValueOfAnOddCountAndMeanOfTheMiddlePairOfAnEvenCount() {
        double[] odd = {3, 1, 2};
        assertEquals(2.0, Median.of(odd));
        assertArrayEquals(new double[] {3, 1, 2}, odd, "the input is left as it was");
        assertEquals(2.5, Median.of(new double[] {4, 1, 3, 2}));
    }

    @Test
    void emptyHasNoMedian() {
        assertTrue(Double.isNaN(Median.of(new double[0])));
    }
}
