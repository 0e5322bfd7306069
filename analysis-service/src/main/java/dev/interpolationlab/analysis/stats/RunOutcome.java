package dev.interpolationlab.analysis.stats;

import dev.interpolationlab.proto.v1.GridValue;
import java.util.List;

/**
 * What the threshold analysis needs of one run.
 *
 * @param gridPoint     the run's grid coordinates
 * @param samples       its n
 * @param status        queued | running | completed | failed | cancelled
 * @param trainRatio    train loss / OLS train loss (completed runs)
 * @param testRatio     test loss / OLS test loss (completed runs)
 */
public record RunOutcome(List<GridValue> gridPoint, int samples, String status, double trainRatio, double testRatio) {

    public boolean completed() {
        return "completed".equals(status);
    }
}
