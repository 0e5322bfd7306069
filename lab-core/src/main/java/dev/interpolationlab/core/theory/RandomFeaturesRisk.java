package dev.interpolationlab.core.theory;

/**
 * T4 (science.md §3; Mei & Montanari 2019): the ridgeless-limit test error of ReLU random-features regression,
 * features σ(⟨w_a, x⟩)/√d with w_a ~ Unif(S^{d−1}) and x ~ Unif(S^{d−1}(√d)), as N, n, d → ∞ with ψ1 = N/d and
 * ψ2 = n/d. R = F1² B + (τ² + F*²) V + F*², excluding the label noise τ².
 */
public final class RandomFeaturesRisk {

    /** ReLU activation constants: μ1 = E[Gσ(G)] = 1/2, μ*² = E[σ(G)²] − μ0² − μ1² = 1/4 − 1/(2π). */
    static final double ZETA = 0.5 / Math.sqrt(0.25 - 1 / (2 * Math.PI));

    private RandomFeaturesRisk() {
    }

    /**
     * @param psi1     N/d, features per dimension
     * @param psi2     n/d, samples per dimension
     * @param linear   F1², the squared norm of the target's linear part
     * @param noise    τ², the label noise variance
     * @param nonlinear F*², the squared norm of the target's nonlinear part
     */
    public static double risk(double psi1, double psi2, double linear, double noise, double nonlinear) {
        if (psi1 == psi2) {
            return Double.POSITIVE_INFINITY;
        }
        double z2 = ZETA * ZETA;
        double z4 = z2 * z2;
        double z6 = z4 * z2;
        double psi = Math.min(psi1, psi2);
        double a = psi * z2 - z2 - 1;
        double chi = -(a + Math.sqrt(a * a + 4 * z2 * psi)) / (2 * z2);
        double c2 = chi * chi;
        double c3 = c2 * chi;
        double c4 = c3 * chi;
        double c5 = c4 * chi;
        double p12 = psi1 * psi2;
        double e0 = -c5 * z6 + 3 * c4 * z4 + (p12 - psi2 - psi1 + 1) * c3 * z6 - 2 * c3 * z4 - 3 * c3 * z2
                + (psi1 + psi2 - 3 * p12 + 1) * c2 * z4 + 2 * c2 * z2 + c2 + 3 * p12 * chi * z2 - p12;
        double e1 = psi2 * c3 * z4 - psi2 * c2 * z2 + p12 * chi * z2 - p12;
        double e2 = c5 * z6 - 3 * c4 * z4 + (psi1 - 1) * c3 * z6 + 2 * c3 * z4 + 3 * c3 * z2 + (-psi1 - 1) * c2 * z4
                - 2 * c2 * z2 - c2;
        double bias = e1 / e0;
        double variance = e2 / e0;
        return linear * bias + (noise + nonlinear) * variance + nonlinear;
    }
}
