package dev.interpolationlab.analysis.stats;

import dev.interpolationlab.proto.v1.GridValue;
import java.util.List;

/**
 * What the threshold analysis needs of one run.
 *
 * @param gridPoint     the run's grid coordinates
 * @param samples       its n
 * @param status        queued | running | completed | failed | cancelled
 * @param interpolating the trainer's verdict (completed runs): train/OLS ≤ 0.5 for regression (science.md §2.2)
 * @param trainRatio    train loss / OLS train loss (completed regression runs with n > d), else null
 * @param testRatio     test loss / OLS test loss, likewise
 */
public record RunOutcome(List<GridValue> gridPoint, int samples, String status, boolean interpolating, Double trainRatio,
        Double testRatio) {

    public boolean completed() {
        return "completed".equals(status);
    }
}
