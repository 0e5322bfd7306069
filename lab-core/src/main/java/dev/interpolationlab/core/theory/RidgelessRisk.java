package dev.interpolationlab.core.theory;

/**
 * T1 (science.md §3; Hastie, Montanari, Rosset & Tibshirani, Thm 1): the excess risk E[(x₀ᵀβ̂ − x₀ᵀβ)²] of min-norm
 * least squares with isotropic features, as p, n → ∞ with p/n → γ; signal ‖β‖² = r², noise variance σ².
 */
public final class RidgelessRisk {

    private RidgelessRisk() {
    }

    /** σ²γ/(1 − γ) for γ < 1; r²(1 − 1/γ) + σ²/(γ − 1) for γ > 1; +∞ at γ = 1. */
    public static double risk(double gamma, double signal, double noise) {
        if (gamma < 1) {
            return noise * gamma / (1 - gamma);
        }
        if (gamma > 1) {
            return signal * (1 - 1 / gamma) + noise / (gamma - 1);
        }
        return Double.POSITIVE_INFINITY;
    }

    /** For SNR = r²/σ² > 1 the best overparametrised ratio γ* = √SNR/(√SNR − 1); NaN when SNR ≤ 1 (no interior optimum). */
    public static double bestOverparametrisedRatio(double signal, double noise) {
        double root = Math.sqrt(signal / noise);
        return root > 1 ? root / (root - 1) : Double.NaN;
    }
}
