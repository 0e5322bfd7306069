package dev.interpolationlab.analysis.stats;

import dev.interpolationlab.core.science.EndPoint;
import dev.interpolationlab.proto.v1.GridValue;
import java.util.List;

/**
 * What the sweep analyses (threshold, theory) need of one run: measurements only, from which {@link EndState} makes
 * the verdict. Everything after {@code status} is known only for completed runs (null otherwise, and null where the
 * run's kind does not define it).
 *
 * @param gridPoint              the run's grid coordinates
 * @param samples                its n
 * @param status                 queued | running | completed | failed | cancelled
 * @param trainRatio             train loss / OLS train loss (regression with n &gt; d)
 * @param testRatio              test loss / OLS test loss, likewise
 * @param finalTrainLoss         the last recorded train loss
 * @param finalTestLoss          the last recorded test loss
 * @param labelVariance          Var(y) of the training labels (regression)
 * @param finalTrainAccuracy     classification: the final fraction of training samples predicted right
 * @param stopReason             horizon | converged | closed-form
 * @param lossChangeLastDoubling |L(T) − L(T/2)| / L(T) from the recorded curve (T/2: the last recorded step at or
 *                               before half the run's steps)
 * @param alignment              the last recorded mass-weighted |cos(ŵ_j, β̂)| of the neurons (two-layer, no bias)
 * @param endPoint               the measurements at θ_T (two-layer ReLU regression with final parameters), else null
 */
public record RunOutcome(String runId, List<GridValue> gridPoint, int samples, String status, Double trainRatio,
        Double testRatio, Double finalTrainLoss, Double finalTestLoss, Double labelVariance, Double finalTrainAccuracy,
        String stopReason, Double lossChangeLastDoubling, Double alignment, EndPoint endPoint) {

    public boolean completed() {
        return "completed".equals(status);
    }
}
