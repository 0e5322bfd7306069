package dev.interpolationlab.core.science;

import java.util.Arrays;

/**
 * Sample quantiles by linear interpolation between order statistics (Hyndman & Fan's type 7, numpy's and R's default):
 * with the values sorted, x_(h) at h = (n − 1)p, interpolated between neighbours. The 0.5 quantile is {@link Median}.
 */
public final class Quantile {

    private Quantile() {
    }

    /** The p-quantiles of {@code values} (left unchanged), for each p in [0, 1]; NaNs when empty. */
    public static double[] of(double[] values, double... p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] quantiles = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            if (sorted.length == 0) {
                quantiles[i] = Double.NaN;
                continue;
            }
            double h = (sorted.length - 1) * p[i];
            int below = (int) Math.floor(h);
            int above = Math.min(below + 1, sorted.length - 1);
            quantiles[i] = sorted[below] + (h - below) * (sorted[above] - sorted[below]);
        }
        return quantiles;
    }
}
