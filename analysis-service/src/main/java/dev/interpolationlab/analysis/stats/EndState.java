package dev.interpolationlab.analysis.stats;

import dev.interpolationlab.core.science.Stationarity;
import dev.interpolationlab.proto.v1.ThresholdCriteria;

/**
 * The certified end state of a completed run: the states of Boursier &amp; Flammarion (2024) — a global minimum that
 * interpolates, or a spurious local minimum close to the OLS solution — and the two ways of being neither. Made here,
 * from stored measurements, each time an analysis is computed, so that a change of {@link #CRITERIA} applies to every
 * stored run. Checked in this order:
 * <ol>
 *   <li>{@code INTERPOLATING}: train loss &lt; ε·Var(y) (science.md §2.2 item 2); classification: 100% train accuracy;</li>
 *   <li>{@code UNRESOLVED}: not certified stationary (below) — the horizon ended the run while it could still move;</li>
 *   <li>{@code OLS_LIKE}: |train/OLS-train − 1| ≤ band, and where the end point was measured the network's function is
 *       close to OLS's: |cos(β_eff, β̂)| ≥ the alignment bound (β_eff the linear predictor nearest the network);</li>
 *   <li>{@code SPURIOUS}: stationary elsewhere.</li>
 * </ol>
 * Certified stationary is either of
 * <ul>
 *   <li>first order: the convergence stopping rule stopped the run and a horizon-extension check agrees — the train
 *       loss moved by at most the tolerance (relative) over the last doubling of steps, from T/2 to T;</li>
 *   <li>second order: ‖∇L(θ_T)‖ ≤ ε_g and the smallest Hessian eigenvalue (Lanczos, converged) ≥ −ε_H·λ_max: a
 *       minimum to second order, where a plateau at a saddle is not.</li>
 * </ul>
 * The Hessian is a second-order test only where the loss is smooth, so a negative eigenvalue does not veto the first
 * order: most ReLU networks that stop short of interpolating stop at a kink (an activation boundary on a training
 * point), where ‖∇L‖ stays of order 1e-2 as gradient descent zigzags, the smooth piece's Hessian has eigenvalues
 * down to −3% of λ_max, and the point is still stationary — trained 4× longer, or with a 5× smaller step, it does not
 * move (RE-6C). The convergence rule's averaged gradient is the Clarke-stationarity test there.
 */
public enum EndState {
    INTERPOLATING, OLS_LIKE, SPURIOUS, UNRESOLVED;

    public static final ThresholdCriteria CRITERIA = ThresholdCriteria.newBuilder()
            .setInterpolatingEpsilon(1e-3)
            .setOlsLikeBand(0.1)
            .setOlsAlignment(0.95)
            .setStationaryLossChange(Stationarity.LOSS_CHANGE_OVER_DOUBLING)
            .setStationaryGradNorm(1e-5)
            .setHessianEpsilon(1e-6)
            .build();

    public static EndState of(RunOutcome run) {
        return of(run, CRITERIA);
    }

    /** @return null for a run that has not completed */
    public static EndState of(RunOutcome run, ThresholdCriteria criteria) {
        if (!run.completed()) {
            return null;
        }
        if (interpolates(run, criteria)) {
            return INTERPOLATING;
        }
        if (!stationary(run, criteria)) {
            return UNRESOLVED;
        }
        boolean nearOlsLoss = run.trainRatio() != null && Math.abs(run.trainRatio() - 1) <= criteria.getOlsLikeBand();
        boolean nearOlsFunction = run.endPoint() == null || run.endPoint().olsAlignment() == null
                || run.endPoint().olsAlignment() >= criteria.getOlsAlignment();
        return nearOlsLoss && nearOlsFunction ? OLS_LIKE : SPURIOUS;
    }

    private static boolean interpolates(RunOutcome run, ThresholdCriteria criteria) {
        if (run.finalTrainAccuracy() != null) {
            return run.finalTrainAccuracy() == 1.0;
        }
        return run.labelVariance() != null && run.finalTrainLoss() != null
                && run.finalTrainLoss() < criteria.getInterpolatingEpsilon() * run.labelVariance();
    }

    static boolean stationary(RunOutcome run, ThresholdCriteria criteria) {
        boolean firstOrder = "converged".equals(run.stopReason()) && run.lossChangeLastDoubling() != null
                && run.lossChangeLastDoubling() <= criteria.getStationaryLossChange();
        var end = run.endPoint();
        boolean secondOrder = end != null && end.hessianConverged() && end.gradNorm() <= criteria.getStationaryGradNorm()
                && end.hessianMin() >= -criteria.getHessianEpsilon() * Math.max(end.hessianMax(), 0.0);
        return firstOrder || secondOrder;
    }

    /** The state's name on the API: interpolating | ols-like | spurious | unresolved. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
