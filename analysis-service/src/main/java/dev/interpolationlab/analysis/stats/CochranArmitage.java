package dev.interpolationlab.analysis.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The Cochran–Armitage test for a trend in proportions (Armitage 1955, Biometrics 11:375): groups i with N_i trials,
 * x_i successes and scores t_i (here log n). With p̄ = Σx_i / ΣN_i,
 * <pre>
 *   T = Σ t_i (x_i − N_i p̄),   Var(T) = p̄(1 − p̄) [Σ N_i t_i² − (Σ N_i t_i)² / ΣN_i],   Z = T / √Var(T),
 * </pre>
 * and the one-sided p-value P(Z' ≥ Z) under no trend, for the rise the optimisation threshold predicts.
 */
public final class CochranArmitage {

    /** @param z the statistic, {@code p} its one-sided p-value for an increasing trend */
    public record Trend(double z, double p) {
    }

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private CochranArmitage() {
    }

    /** @return null when the statistic is undefined: fewer than two scores, or all outcomes alike */
    public static Trend test(double[] scores, int[] trials, int[] successes) {
        double total = 0;
        double hits = 0;
        for (int i = 0; i < scores.length; i++) {
            total += trials[i];
            hits += successes[i];
        }
        if (total == 0) {
            return null;
        }
        double pBar = hits / total;
        double statistic = 0;
        double sumT = 0;
        double sumT2 = 0;
        for (int i = 0; i < scores.length; i++) {
            statistic += scores[i] * (successes[i] - trials[i] * pBar);
            sumT += trials[i] * scores[i];
            sumT2 += trials[i] * scores[i] * scores[i];
        }
        double variance = pBar * (1 - pBar) * (sumT2 - sumT * sumT / total);
        if (!(variance > 0)) {
            return null;
        }
        double z = statistic / Math.sqrt(variance);
        return new Trend(z, STANDARD_NORMAL.cumulativeProbability(-z));
    }
}
