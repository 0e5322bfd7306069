package dev.interpolationlab.core.science;

import java.util.Arrays;

/** The sample median: the middle value, or the mean of the two middle values of an even count. */
public final class Median {

    private Median() {
    }

    /** The median of {@code values} (left unchanged); NaN when empty. */
    public static double of(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle]);
    }
}
