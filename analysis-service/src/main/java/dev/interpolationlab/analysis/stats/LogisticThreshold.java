package dev.interpolationlab.analysis.stats;

import dev.interpolationlab.core.random.SplitMix64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * n* from a logistic fit (science.md §2.2, item 5): P(non-interpolating | n) = σ(a + b·u) with u = (log n − μ)/s the
 * standardised log sample size, fitted by Newton's method on the log-likelihood with a weak ridge penalty
 * {@value #RIDGE}·(a² + b²)/2. The penalty keeps the estimate finite when the outcomes are perfectly separated in n
 * (all interpolating below some n, none above), which is the common case with few seeds; n* then lands between the
 * last all-interpolating and the first all-non-interpolating n. n* = exp(μ − s·a/b) is where the curve crosses ½,
 * defined for a rising fit (b &gt; 0). The 95% interval is the percentile interval of n* over
 * {@value #RESAMPLES} stratified bootstrap resamples (runs redrawn with replacement within each n), from a fixed seed
 * so that the same runs always give the same interval.
 */
public final class LogisticThreshold {

    static final double RIDGE = 0.01;
    static final int RESAMPLES = 400;
    private static final long BOOTSTRAP_SEED = 0x2410_0234_8L;

    /** @param nStar the crossing, {@code low}/{@code high} its interval (NaN where too few resamples rise) */
    public record Estimate(double nStar, double low, double high) {
    }

    private LogisticThreshold() {
    }

    /**
     * @param samples        n of each completed run
     * @param nonInterpolating its outcome
     * @return null unless there are two distinct n, both outcomes, and the fit rises with n
     */
    public static Estimate estimate(int[] samples, boolean[] nonInterpolating) {
        double[] logN = Arrays.stream(samples).mapToDouble(Math::log).toArray();
        double mean = Arrays.stream(logN).average().orElse(0);
        double spread = Math.sqrt(Arrays.stream(logN).map(v -> (v - mean) * (v - mean)).average().orElse(0));
        if (spread == 0 || allSame(nonInterpolating)) {
            return null;
        }
        double[] u = Arrays.stream(logN).map(v -> (v - mean) / spread).toArray();
        double nStar = crossing(u, nonInterpolating, mean, spread);
        if (Double.isNaN(nStar)) {
            return null;
        }
        List<int[]> strata = strata(samples);
        SplitMix64 random = new SplitMix64(BOOTSTRAP_SEED);
        double[] resampledU = new double[u.length];
        boolean[] resampledY = new boolean[u.length];
        List<Double> crossings = new ArrayList<>();
        for (int b = 0; b < RESAMPLES; b++) {
            int at = 0;
            for (int[] stratum : strata) {
                for (int k = 0; k < stratum.length; k++) {
                    int pick = stratum[random.nextInt(stratum.length)];
                    resampledU[at] = u[pick];
                    resampledY[at++] = nonInterpolating[pick];
                }
            }
            double resampled = allSame(resampledY) ? Double.NaN : crossing(resampledU, resampledY, mean, spread);
            if (!Double.isNaN(resampled)) {
                crossings.add(resampled);
            }
        }
        if (crossings.size() < 0.9 * RESAMPLES) {
            return new Estimate(nStar, Double.NaN, Double.NaN);
        }
        crossings.sort(Double::compare);
        return new Estimate(nStar, percentile(crossings, 0.025), percentile(crossings, 0.975));
    }

    /** Newton's method on the penalised log-likelihood; the crossing exp(μ − s·a/b), or NaN unless b &gt; 0. */
    static double crossing(double[] u, boolean[] y, double mean, double spread) {
        double a = 0;
        double b = 0;
        for (int iteration = 0; iteration < 100; iteration++) {
            double ga = -RIDGE * a;
            double gb = -RIDGE * b;
            double haa = RIDGE;
            double hab = 0;
            double hbb = RIDGE;
            for (int i = 0; i < u.length; i++) {
                double p = 1 / (1 + Math.exp(-(a + b * u[i])));
                double residual = (y[i] ? 1 : 0) - p;
                double weight = p * (1 - p);
                ga += residual;
                gb += residual * u[i];
                haa += weight;
                hab += weight * u[i];
                hbb += weight * u[i] * u[i];
            }
            double determinant = haa * hbb - hab * hab;
            double da = (hbb * ga - hab * gb) / determinant;
            double db = (haa * gb - hab * ga) / determinant;
            a += da;
            b += db;
            if (Math.abs(da) + Math.abs(db) < 1e-10) {
                break;
            }
        }
        return b > 0 ? Math.exp(mean - spread * a / b) : Double.NaN;
    }

    private static List<int[]> strata(int[] samples) {
        List<int[]> strata = new ArrayList<>();
        int[] distinct = Arrays.stream(samples).distinct().sorted().toArray();
        for (int n : distinct) {
            strata.add(java.util.stream.IntStream.range(0, samples.length).filter(i -> samples[i] == n).toArray());
        }
        return strata;
    }

    private static boolean allSame(boolean[] values) {
        for (boolean v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }

    /** Linear interpolation between order statistics (the "type 7" definition of R and numpy). */
    private static double percentile(List<Double> sorted, double q) {
        double position = q * (sorted.size() - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.size() - 1, below + 1);
        return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
    }
}
