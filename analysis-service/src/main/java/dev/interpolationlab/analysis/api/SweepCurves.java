package dev.interpolationlab.analysis.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interpolationlab.analysis.store.LabStore;
import dev.interpolationlab.analysis.store.MetricRow;
import dev.interpolationlab.analysis.store.RunRow;
import dev.interpolationlab.core.series.LogThinning;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The loss curves of every run of a sweep, thinned for a log-log chart ({@link LogThinning}) so that a 1,000-run sweep
 * loads in one small answer; each curve keeps its last recorded step.
 *
 * @param perDecade the thinning: kept steps per factor of ten
 * @param runs      one curve per run that recorded a step, in run order
 */
public record SweepCurves(int perDecade, List<Curve> runs) {

    /** One run's thinned curve: parallel arrays of step, train loss and test loss. */
    public record Curve(String id, Integer index, JsonNode grid, String status, List<Long> step, List<Double> trainLoss,
            List<Double> testLoss) {

        void add(MetricRow row) {
            step.add(row.step());
            trainLoss.add(row.trainLoss());
            testLoss.add(row.testLoss());
        }
    }

    static SweepCurves read(LabStore store, String sweepId, int perDecade) throws SQLException {
        LogThinning thinning = new LogThinning(perDecade);
        List<Curve> curves = new ArrayList<>();
        var builder = new Object() {
            Curve curve;
            long lastBucket;
            MetricRow unkept; // the run's latest step when it was thinned away: kept if it turns out to be the last

            void finishRun() {
                if (curve != null && unkept != null) {
                    curve.add(unkept);
                }
            }
        };
        try {
            store.sweepSteps(sweepId, (RunRow run, MetricRow row) -> {
                if (builder.curve == null || !builder.curve.id().equals(run.id())) {
                    builder.finishRun();
                    builder.curve = new Curve(run.id(), run.index(), run.grid(), run.status(), new ArrayList<>(),
                            new ArrayList<>(), new ArrayList<>());
                    curves.add(builder.curve);
                    builder.lastBucket = Long.MIN_VALUE;
                }
                if (thinning.keeps(row.step(), builder.lastBucket)) {
                    builder.curve.add(row);
                    builder.lastBucket = thinning.bucket(row.step());
                    builder.unkept = null;
                } else {
                    builder.unkept = row;
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e); // the sink above does no I/O
        }
        builder.finishRun();
        return new SweepCurves(perDecade, curves);
    }
}
