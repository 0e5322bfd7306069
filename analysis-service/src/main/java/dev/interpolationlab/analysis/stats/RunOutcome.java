package dev.interpolationlab.analysis.stats;

import dev.interpolationlab.proto.v1.GridValue;
import java.util.List;

/**
 * What the sweep analyses (threshold, theory) need of one run. Everything after {@code status} is known only for completed runs
 * (null otherwise, and null where the run's kind does not define it).
 *
 * @param gridPoint      the run's grid coordinates
 * @param samples        its n
 * @param status         queued | running | completed | failed | cancelled
 * @param interpolating  the trainer's verdict: train/OLS ≤ 0.5 for regression (science.md §2.2)
 * @param trainRatio     train loss / OLS train loss (regression with n > d)
 * @param testRatio      test loss / OLS test loss, likewise
 * @param finalTrainLoss the last recorded train loss
 * @param finalTestLoss  the last recorded test loss
 * @param labelVariance  Var(y) of the training labels (regression)
 * @param recentGradNorm the largest ‖∇L‖ among the run's last recorded steps
 * @param alignment      the last recorded mass-weighted |cos(ŵ_j, β̂)| (two-layer, linear teacher)
 */
public record RunOutcome(List<GridValue> gridPoint, int samples, String status, boolean interpolating, Double trainRatio,
        Double testRatio, Double finalTrainLoss, Double finalTestLoss, Double labelVariance, Double recentGradNorm, Double alignment) {

    public boolean completed() {
        return "completed".equals(status);
    }
}
