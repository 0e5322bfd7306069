package dev.interpolationlab.core.science;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuantileTest {

    @Test
    void interpolatesBetweenOrderStatisticsAsNumpyDoes() {
        // numpy.quantile([4, 1, 3, 2], [0, 0.1, 0.25, 0.5, 0.9, 1]) = [1, 1.3, 1.75, 2.5, 3.7, 4]
        assertArrayEquals(new double[] {1, 1.3, 1.75, 2.5, 3.7, 4}, Quantile.of(new double[] {4, 1, 3, 2}, 0, 0.1, 0.25, 0.5, 0.9, 1), 1e-12);
    }

    @Test
    void theMiddleQuantileIsTheMedian() {
        double[] odd = {5, 1, 9, 3, 7};
        double[] even = {5, 1, 9, 3, 7, 2};
        assertEquals(Median.of(odd), Quantile.of(odd, 0.5)[0]);
        assertEquals(Median.of(even), Quantile.of(even, 0.5)[0]);
    }

    @Test
    void emptyValuesHaveNoQuantile() {
        assertTrue(Double.isNaN(Quantile.of(new double[0], 0.5)[0]));
    }
}
