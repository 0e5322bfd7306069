package dev.interpolationlab.analysis.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.analysis.store.LabStore;
import dev.interpolationlab.api.SweepCurves.Curve;
import dev.interpolationlab.api.SweepCurves;
import dev.interpolationlab.core.series.LogThinning;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a sweep's {@link SweepCurves} thinned by {@link LogThinning}: the store finds the kept steps through its
 * (run, step) index; it never reads the steps it leaves out.
 */
final class CurvesQuery {

    /** Curves reach at most this step (the spec limit on steps is 10⁷). */
    static final long MAX_STEP = 1_000_000_000L;

    private static final TypeReference<Map<String, Object>> GRID = new TypeReference<>() { };

    private CurvesQuery() {
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

    private static Map<String, Object> readGrid(ObjectMapper json, String gridJson) {
        try {
            return json.readValue(gridJson, GRID);
        } catch (IOException e) {
            throw new IllegalStateException("stored grid point does not parse: " + gridJson, e);
        }
    }
}
