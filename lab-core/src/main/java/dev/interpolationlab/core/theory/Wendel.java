package dev.interpolationlab.core.theory;

/**
 * Wendel (1962; science.md §2.1, T5): for N i.i.d. points of a distribution symmetric about 0 in general position in
 * R^d, P(0 ∈ conv(X_1..X_N)) = 1 − 2^{1−N} Σ_{k<d} C(N−1, k). Exactly ½ at N = 2d and 2^{−d} at N = d + 1.
 */
public final class Wendel {

    private Wendel() {
    }

    public static double probabilityInside(int points, int dim) {
        if (points <= dim) {
            return 0.0;
        }
        // Σ_{k=0}^{N−1} C(N−1, k) = 2^{N−1}, so P = 2^{1−N} Σ_{k=d}^{N−1} C(N−1, k): a sum of positive terms, accurate
        // also where P is tiny (1 − Σ_{k<d} would cancel). Terms in logs to stay finite for large N.
        double logTerm = (1 - points) * Math.log(2);
        for (int k = 0; k < dim; k++) {
            logTerm += Math.log((double) (points - 1 - k) / (k + 1));
        }
        double sum = 0.0;
        for (int k = dim; k < points; k++) {
            sum += Math.exp(logTerm);
            logTerm += Math.log((double) (points - 1 - k) / (k + 1));
        }
        return Math.min(1.0, sum);
    }
}
