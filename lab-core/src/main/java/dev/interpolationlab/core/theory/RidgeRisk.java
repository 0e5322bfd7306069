package dev.interpolationlab.core.theory;

/**
 * T2 (science.md §3): the excess risk of ridge regression with penalty λ and isotropic features, through the
 * Marchenko–Pastur Stieltjes transform m(z) = [1 − γ − z − √((1 − γ − z)² − 4γz)] / (2γz) at z = −λ:
 * R(λ; γ) = r² λ² m′(−λ) + σ² γ [m(−λ) − λ m′(−λ)]. The estimator is β̂ = (XᵀX/n + λI)⁻¹ Xᵀy/n.
 */
public final class RidgeRisk {

    private RidgeRisk() {
    }

    public static double risk(double lambda, double gamma, double signal, double noise) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("the ridge formula needs λ > 0 (λ → 0 is RidgelessRisk), got " + lambda);
        }
        double m = stieltjes(-lambda, gamma);
        double dm = stieltjesDerivative(-lambda, gamma);
        return signal * lambda * lambda * dm + noise * gamma * (m - lambda * dm);
    }

    /** λ* = γσ²/r², the risk-minimising penalty (Dicker; Hastie et al.). */
    public static double optimalPenalty(double gamma, double signal, double noise) {
        return gamma * noise / signal;
    }

    /** m(z) for z &lt; 0, the branch that is positive there (a Stieltjes transform of a measure on [0, ∞)). */
    static double stieltjes(double z, double gamma) {
        double b = 1 - gamma - z;
        double root = Math.sqrt(b * b - 4 * gamma * z);
        return (b - root) / (2 * gamma * z);
    }

    /** dm/dz by the quotient rule on the closed form. */
    static double stieltjesDerivative(double z, double gamma) {
        double b = 1 - gamma - z;
        double root = Math.sqrt(b * b - 4 * gamma * z);
        double numerator = b - root;
        double dRoot = (-b - 2 * gamma) / root;
        double dNumerator = -1 - dRoot;
        return (dNumerator * z - numerator) / (2 * gamma * z * z);
    }
}
