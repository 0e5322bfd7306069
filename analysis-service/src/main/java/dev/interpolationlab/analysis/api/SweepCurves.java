package dev.interpolationlab.analysis.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.analysis.store.LabStore;
import dev.interpolationlab.core.series.LogThinning;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The loss curves of every run of a sweep, thinned for a log-log chart ({@link LogThinning}: the first recorded step of
 * each bucket, and each run's last step) so that a 1,000-run sweep loads in one small answer. The store finds the kept
 * steps through its (run, step) index; it never reads the steps it leaves out.
 *
 * @param perDecade the thinning: kept steps per factor of ten
 * @param runs      one curve per run that recorded a step, in run order
 */
public record SweepCurves(int perDecade, List<Curve> runs) {

    /** Curves reach at most this step (the spec limit on steps is 10⁷). */
    static final long MAX_STEP = 1_000_000_000L;

    /** One run's thinned curve: parallel arrays of step, train loss and test loss. */
    public record Curve(String id, Integer index, JsonNode grid, String status, List<Long> step, List<Double> trainLoss,
            List<Double> testLoss) {
    }

    static SweepCurves read(LabStore store, ObjectMapper json, String sweepId, int perDecade) throws SQLException {
        List<Curve> curves = new ArrayList<>();
        store.thinnedCurves(sweepId, new LogThinning(perDecade).lowerBounds(MAX_STEP),
                (runId, index, gridJson, status, step, trainLoss, testLoss) -> {
                    Curve curve = curves.isEmpty() ? null : curves.get(curves.size() - 1);
                    if (curve == null || !curve.id().equals(runId)) {
                        curve = new Curve(runId, index, readGrid(json, gridJson), status, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                        curves.add(curve);
                    }
                    curve.step().add(step);
                    curve.trainLoss().add(trainLoss);
                    curve.testLoss().add(testLoss);
                });
        return new SweepCurves(perDecade, curves);
    }

    private static JsonNode readGrid(ObjectMapper json, String gridJson) {
        try {
            return json.readTree(gridJson);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored grid point does not parse: " + gridJson, e);
        }
    }
}
