package dev.interpolationlab.core.theory;

/**
 * T3 (science.md §3): exact finite-n expectations for least squares with Gaussian design x ~ N(0, I_p), noise σ²,
 * ‖β‖² = r². They are the "simple solution" baselines of the threshold experiment: OLS on the d teacher inputs.
 */
public final class FiniteGaussianRisk {

    private FiniteGaussianRisk() {
    }

    /** E‖β̂ − β‖² (= the excess test risk): σ²p/(n − p − 1) for p &lt; n − 1, r²(1 − n/p) + σ²n/(p − n − 1) for p &gt; n + 1. */
    public static double excessRisk(int p, int n, double signal, double noise) {
        if (p < n - 1) {
            return noise * p / (n - p - 1.0);
        }
        if (p > n + 1) {
            return signal * (1 - (double) n / p) + noise * n / (p - n - 1.0);
        }
        return Double.POSITIVE_INFINITY;
    }

    /** E[train MSE]: σ²(1 − p/n) below the interpolation threshold, 0 above it. */
    public static double trainMse(int p, int n, double noise) {
        return p < n ? noise * (1 - (double) p / n) : 0.0;
    }
}
