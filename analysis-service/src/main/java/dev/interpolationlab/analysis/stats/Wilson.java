package dev.interpolationlab.analysis.stats;

/**
 * The Wilson score interval for a binomial proportion (Wilson 1927): unlike p̂ ± z·√(p̂(1 − p̂)/n) it stays inside
 * [0, 1] and keeps its coverage at p̂ = 0 or 1, which is where a threshold curve spends most of its points.
 */
public final class Wilson {

    /** z for a two-sided 95% interval. */
    static final double Z95 = 1.959963984540054;

    private Wilson() {
    }

    /** {low, high} for k successes out of n ≥ 1 trials at 95%. */
    public static double[] interval(int successes, int trials) {
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 ≤ k ≤ n and n ≥ 1, got k=" + successes + ", n=" + trials);
        }
        double n = trials;
        double p = successes / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new double[] {Math.max(0.0, centre - half), Math.min(1.0, centre + half)};
    }
}
