package dev.interpolationlab.analysis.stats;

import java.util.Arrays;

/**
 * n* from a logistic fit of a 0/1 outcome per run against the standardised log sample size u = (log n − μ)/s:
 * P(outcome | n) = σ(a + b·u), n* = exp(μ + s·u*) with u* = −a/b the point where the curve crosses ½.
 *
 * <p>The fit maximises Firth's penalised log-likelihood ℓ*(a, b) = ℓ(a, b) + ½ log det I(a, b) (Firth 1993, Biometrika
 * 80:27), whose maximum is finite even when the outcomes are separated in n — the usual case with few seeds, where the
 * plain maximum-likelihood estimate runs off to b = ∞. The 95% interval of n* is the penalised profile-likelihood
 * interval (Heinze &amp; Schemper 2002, Stat. Med. 21:2409): every u* whose profile ℓ*_p(u*) = max_b ℓ*(−b·u*, b) lies
 * within χ²₁(0.95)/2 of the maximum. On separated data the profile is flat across the gap between the outcomes, so
 * the interval spans it and more; where it does not close within the scanned range (three standard deviations of log n
 * beyond the grid) a side is reported open, never clipped to a number.
 */
public final class LogisticThreshold {

    /** χ²₁ quantile at 0.95: the deviance drop a 95% profile interval allows. */
    static final double CHI_SQUARE_95 = 3.841458820694124;
    /** How far beyond the observed log n the interval is looked for, in standard deviations of log n. */
    static final double SCAN_MARGIN = 3.0;
    /** The steepest slope b (per standard deviation of log n) the profile considers. */
    static final double MAX_SLOPE = 200.0;
    private static final int SCAN_POINTS = 400;
    /** The slopes |b| on which the profile's maximum over b is bracketed: a log grid from 1e-3 to {@link #MAX_SLOPE}. */
    private static final double[] SLOPE_GRID = new double[81];

    static {
        for (int i = 0; i < SLOPE_GRID.length; i++) {
            SLOPE_GRID[i] = 1e-3 * Math.pow(MAX_SLOPE / 1e-3, i / (SLOPE_GRID.length - 1.0));
        }
    }

    /**
     * @param nStar    the crossing of the penalised fit
     * @param low      the lower end of its 95% profile interval, NaN when open (below the scanned range)
     * @param high     the upper end, NaN when open
     */
    public record Estimate(double nStar, double low, double high) {
    }

    private final double[] u;
    private final double[] y;
    private final double mean;
    private final double spread;

    private LogisticThreshold(int[] samples, boolean[] outcome) {
        double[] logN = Arrays.stream(samples).mapToDouble(Math::log).toArray();
        mean = Arrays.stream(logN).average().orElse(0);
        spread = Math.sqrt(Arrays.stream(logN).map(v -> (v - mean) * (v - mean)).average().orElse(0));
        u = Arrays.stream(logN).map(v -> (v - mean) / spread).toArray();
        y = new double[outcome.length];
        for (int i = 0; i < outcome.length; i++) {
            y[i] = outcome[i] ? 1 : 0;
        }
    }

    /**
     * @param samples n of each run with a certified outcome
     * @param outcome the outcome (e.g. does not interpolate)
     * @return null unless there are two distinct n and both outcomes, and the penalised fit rises with n
     */
    public static Estimate estimate(int[] samples, boolean[] outcome) {
        if (samples.length < 2 || allSame(outcome) || Arrays.stream(samples).distinct().count() < 2) {
            return null;
        }
        return new LogisticThreshold(samples, outcome).fit();
    }

    private Estimate fit() {
        double[] ab = firth();
        if (!(ab[1] > 0)) {
            return null;
        }
        double uStar = -ab[0] / ab[1];
        double best = Math.max(penalisedLogLikelihood(ab[0], ab[1]), profile(uStar));
        double cut = best - CHI_SQUARE_95 / 2;
        double lowest = Arrays.stream(u).min().orElseThrow() - SCAN_MARGIN;
        double highest = Arrays.stream(u).max().orElseThrow() + SCAN_MARGIN;
        double low = boundary(uStar, lowest, cut);
        double high = boundary(uStar, highest, cut);
        return new Estimate(toSamples(uStar), Double.isNaN(low) ? Double.NaN : toSamples(low),
                Double.isNaN(high) ? Double.NaN : toSamples(high));
    }

    /** Where the profile first falls below {@code cut} going from the estimate towards {@code limit}, or NaN if never. */
    private double boundary(double from, double limit, double cut) {
        double step = (limit - from) / SCAN_POINTS;
        double inside = from;
        for (int i = 1; i <= SCAN_POINTS; i++) {
            double at = from + i * step;
            if (profile(at) < cut) {
                double outside = at;
                for (int bisection = 0; bisection < 50; bisection++) {
                    double middle = 0.5 * (inside + outside);
                    if (profile(middle) < cut) {
                        outside = middle;
                    } else {
                        inside = middle;
                    }
                }
                return 0.5 * (inside + outside);
            }
            inside = at;
        }
        return Double.NaN;
    }

    /**
     * ℓ*_p(u*) = max over b of ℓ*(−b·u*, b). Along the ray the likelihood part is concave in b; the maximum is
     * bracketed on a log grid of |b| (both signs) and refined by golden-section search.
     */
    double profile(double uStar) {
        double bestB = 0;
        double bestValue = penalisedLogLikelihood(0, 0);
        for (int sign : new int[] {1, -1}) {
            for (double magnitude : SLOPE_GRID) {
                double b = sign * magnitude;
                double value = penalisedLogLikelihood(-b * uStar, b);
                if (value > bestValue) {
                    bestValue = value;
                    bestB = b;
                }
            }
        }
        double lo = bestB == 0 ? -1e-3 : bestB / 1.2;
        double hi = bestB == 0 ? 1e-3 : bestB * 1.2;
        if (lo > hi) {
            double swap = lo;
            lo = hi;
            hi = swap;
        }
        double ratio = (Math.sqrt(5) - 1) / 2;
        double c = hi - ratio * (hi - lo);
        double d = lo + ratio * (hi - lo);
        double fc = penalisedLogLikelihood(-c * uStar, c);
        double fd = penalisedLogLikelihood(-d * uStar, d);
        for (int i = 0; i < 60; i++) {
            if (fc > fd) {
                hi = d;
                d = c;
                fd = fc;
                c = hi - ratio * (hi - lo);
                fc = penalisedLogLikelihood(-c * uStar, c);
            } else {
                lo = c;
                c = d;
                fc = fd;
                d = lo + ratio * (hi - lo);
                fd = penalisedLogLikelihood(-d * uStar, d);
            }
        }
        return Math.max(bestValue, Math.max(fc, fd));
    }

    /** ℓ(a, b) + ½ log det I(a, b), with I = Σ p(1 − p)·(1, u)(1, u)ᵀ the Fisher information. */
    double penalisedLogLikelihood(double a, double b) {
        double logLikelihood = 0;
        double i00 = 0;
        double i01 = 0;
        double i11 = 0;
        for (int k = 0; k < u.length; k++) {
            double eta = a + b * u[k];
            // log σ(η) and log(1 − σ(η)) without overflow
            double logP = -Math.log1p(Math.exp(-Math.abs(eta))) + Math.min(eta, 0);
            double logQ = -Math.log1p(Math.exp(-Math.abs(eta))) - Math.max(eta, 0);
            logLikelihood += y[k] * logP + (1 - y[k]) * logQ;
            double weight = Math.exp(logP + logQ);
            i00 += weight;
            i01 += weight * u[k];
            i11 += weight * u[k] * u[k];
        }
        double determinant = i00 * i11 - i01 * i01;
        return logLikelihood + 0.5 * Math.log(Math.max(determinant, Double.MIN_NORMAL));
    }

    /**
     * Firth's estimate by his modified score U*_r = Σ (y_k − p_k + h_k(½ − p_k))·x_kr, with h_k the leverages of the
     * weighted design, and Fisher-scoring steps halved until ℓ* rises.
     */
    double[] firth() {
        double a = 0;
        double b = 0;
        double current = penalisedLogLikelihood(a, b);
        for (int iteration = 0; iteration < 200; iteration++) {
            double i00 = 0;
            double i01 = 0;
            double i11 = 0;
            double[] p = new double[u.length];
            for (int k = 0; k < u.length; k++) {
                p[k] = 1 / (1 + Math.exp(-(a + b * u[k])));
                double weight = p[k] * (1 - p[k]);
                i00 += weight;
                i01 += weight * u[k];
                i11 += weight * u[k] * u[k];
            }
            double determinant = i00 * i11 - i01 * i01;
            double s0 = 0;
            double s1 = 0;
            for (int k = 0; k < u.length; k++) {
                double weight = p[k] * (1 - p[k]);
                // h_k = w_k·(1, u_k) I⁻¹ (1, u_k)ᵀ
                double leverage = weight * (i11 - 2 * i01 * u[k] + i00 * u[k] * u[k]) / determinant;
                double score = y[k] - p[k] + leverage * (0.5 - p[k]);
                s0 += score;
                s1 += score * u[k];
            }
            double da = (i11 * s0 - i01 * s1) / determinant;
            double db = (i00 * s1 - i01 * s0) / determinant;
            double factor = 1;
            double next = penalisedLogLikelihood(a + da, b + db);
            while (next < current - 1e-12 && factor > 1e-6) {
                factor /= 2;
                next = penalisedLogLikelihood(a + factor * da, b + factor * db);
            }
            a += factor * da;
            b += factor * db;
            current = next;
            if (Math.abs(factor * da) + Math.abs(factor * db) < 1e-10) {
                break;
            }
        }
        return new double[] {a, b};
    }

    private double toSamples(double standardised) {
        return Math.exp(mean + spread * standardised);
    }

    private static boolean allSame(boolean[] values) {
        for (boolean v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }
}
