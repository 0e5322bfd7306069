package dev.interpolationlab.api;

import java.util.List;
import java.util.Map;

/**
 * The loss curves of every run of a sweep, thinned for a log-log chart (the first recorded step of each of
 * {@code perDecade} logarithmic buckets per factor of ten, and each run's last step), so that a 1,000-run sweep loads in
 * one small answer.
 *
 * @param perDecade the thinning: kept steps per factor of ten
 * @param runs      one curve per run that recorded a step, in run order
 */
public record SweepCurves(int perDecade, List<Curve> runs) {

    /** One run's thinned curve: parallel arrays of step, train loss and test loss. */
    public record Curve(String id, Integer index, Map<String, Object> grid, String status, List<Long> step,
            List<Double> trainLoss, List<Double> testLoss) {
    }
}
