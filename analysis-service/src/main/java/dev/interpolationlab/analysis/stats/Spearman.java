package dev.interpolationlab.analysis.stats;

import java.util.Arrays;

/** Spearman's rank correlation: Pearson's correlation of the ranks, ties given their average rank. */
public final class Spearman {

    private Spearman() {
    }

    /** ρ of the pairs (x_i, y_i); NaN when fewer than two pairs or either side is constant. */
    public static double rho(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        if (x.length < 2) {
            return Double.NaN;
        }
        return pearson(ranks(x), ranks(y));
    }

    static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[values.length];
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double average = (start + end) / 2.0 + 1;
            for (int i = start; i <= end; i++) {
                ranks[order[i]] = average;
            }
            start = end + 1;
        }
        return ranks;
    }

    private static double pearson(double[] a, double[] b) {
        double meanA = Arrays.stream(a).average().orElseThrow();
        double meanB = Arrays.stream(b).average().orElseThrow();
        double covariance = 0;
        double varianceA = 0;
        double varianceB = 0;
        for (int i = 0; i < a.length; i++) {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }
        return varianceA == 0 || varianceB == 0 ? Double.NaN : covariance / Math.sqrt(varianceA * varianceB);
    }
}
