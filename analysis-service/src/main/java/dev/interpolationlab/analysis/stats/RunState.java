package dev.interpolationlab.analysis.stats;

import dev.interpolationlab.proto.v1.ThresholdCriteria;

/**
 * Where a completed run ended (science.md §2.2), checked in this order:
 * <ol>
 *   <li>interpolating: train loss &lt; ε·Var(y) (for classification: the trainer's verdict, 100% train accuracy);</li>
 *   <li>OLS-like: |train/OLS-train − 1| ≤ the band — the simple solution of Boursier &amp; Flammarion;</li>
 *   <li>spurious stationary: neither, yet ‖∇L‖ stayed below ε_g over the last recorded steps;</li>
 *   <li>still moving: anything else — the horizon ended the run before it settled.</li>
 * </ol>
 */
public enum RunState {
    INTERPOLATING, OLS_LIKE, SPURIOUS_STATIONARY, STILL_MOVING;

    public static final ThresholdCriteria CRITERIA = ThresholdCriteria.newBuilder()
            .setInterpolationCutoff(dev.interpolationlab.core.science.Interpolation.CUTOFF)
            .setInterpolatingEpsilon(1e-3)
            .setOlsLikeBand(0.1)
            .setStationaryGradNorm(1e-4)
            .build();

    public static RunState of(RunOutcome run) {
        boolean fits = run.labelVariance() != null && run.finalTrainLoss() != null
                ? run.finalTrainLoss() < CRITERIA.getInterpolatingEpsilon() * run.labelVariance()
                : run.interpolating();
        if (fits) {
            return INTERPOLATING;
        }
        if (run.trainRatio() != null && Math.abs(run.trainRatio() - 1) <= CRITERIA.getOlsLikeBand()) {
            return OLS_LIKE;
        }
        if (run.recentGradNorm() != null && run.recentGradNorm() < CRITERIA.getStationaryGradNorm()) {
            return SPURIOUS_STATIONARY;
        }
        return STILL_MOVING;
    }
}
