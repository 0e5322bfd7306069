package dev.interpolationlab.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.proto.v1.GridValue;
import dev.interpolationlab.proto.v1.ThresholdGroup;
import dev.interpolationlab.proto.v1.ThresholdRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdTableTest {

    private static RunOutcome run(int n, String scale, String status, double trainRatio, double testRatio) {
        return new RunOutcome(List.of(
                GridValue.newBuilder().setPath("data.samples").setValue(Integer.toString(n)).build(),
                GridValue.newBuilder().setPath("model.init.scale").setValue(scale).build()),
                n, status, trainRatio <= 0.5, trainRatio, testRatio, 0.25 * trainRatio * trainRatio, null, 1.25, 1e-3, 0.9);
    }

    @Test
    void groupsByTheOtherGridValuesAndFindsTheFirstSampleSizeWhereMostRunsStopInterpolating() throws Exception {
        List<RunOutcome> runs = new ArrayList<>();
        // small init: 0/2 non-interpolating at n=20, 1/2 at n=40 (reaches 0.5: n* = 40), 2/2 at n=80
        runs.add(run(20, "1e-05", "completed", 0.01, 20.0));
        runs.add(run(20, "1e-05", "completed", 0.02, 30.0));
        runs.add(run(40, "1e-05", "completed", 0.90, 4.0));
        runs.add(run(40, "1e-05", "completed", 0.10, 6.0));
        runs.add(run(80, "1e-05", "completed", 0.96, 3.0));
        runs.add(run(80, "1e-05", "completed", 0.97, 3.5));
        // large init: always interpolating, one run still going, one failed
        runs.add(run(20, "1.0", "completed", 0.0, 40.0));
        runs.add(run(80, "1.0", "completed", 0.3, 30.0));
        runs.add(run(80, "1.0", "running", 0, 0));
        runs.add(run(40, "1.0", "failed", 0, 0));

        JsonNode spec = new ObjectMapper().readTree("""
                {"model": {"width": 500, "init": {"scale": 1e-5}}, "optimizer": {"lr": 0.05, "steps": 40000}}""");
        List<ThresholdGroup> table = ThresholdTable.compute(runs, spec);
        assertEquals(2, table.size());

        ThresholdGroup small = table.get(0);
        assertEquals("1e-05", small.getFixed(0).getValue());
        assertEquals(List.of(20, 40, 80), small.getRowsList().stream().map(ThresholdRow::getSamples).toList());
        assertEquals(List.of(0.0, 0.5, 1.0), small.getRowsList().stream().map(ThresholdRow::getFractionNonInterpolating).toList());
        assertEquals(40, small.getNStar());
        assertEquals(0.015, small.getRows(0).getMedianTrainRatio(), 1e-12);
        assertEquals(5.0, small.getRows(1).getMedianTestRatio(), 1e-12);
        assertEquals(2, small.getSeeds());
        // the grid's init scale, then the spec's width, lr and horizon; the spec names no stopping rule
        assertEquals(List.of("model.init.scale=1e-05", "model.width=500", "optimizer.lr=0.05", "optimizer.steps=40000"),
                small.getSettingList().stream().map(v -> v.getPath() + "=" + v.getValue()).toList());
        assertEquals(1.0, small.getSpearman(), 1e-12);
        double nStar = small.getNStarLogistic();
        assertTrue(nStar > 20 && nStar < 80, "n* = " + nStar);
        // 1/2 at n = 40: Wilson's 95% interval for 1 of 2
        assertEquals(0.0945, small.getRows(1).getWilsonLow(), 1e-4);
        assertEquals(0.9055, small.getRows(1).getWilsonHigh(), 1e-4);
        assertEquals(0.9, small.getRows(0).getMedianAlignment(), 1e-12);
        // train loss 0.25·ratio² against ε·Var(y) = 1.25e-3: ratios 0.01 and 0.02 interpolate, 0.9 to 0.97 are OLS-like,
        // 0.1 is neither, with ‖∇L‖ = 1e-3 above the stationarity bound (still moving)
        assertEquals(2, small.getRows(0).getInterpolatingRuns());
        assertEquals(2, small.getRows(2).getOlsLikeRuns());
        assertEquals(1, small.getRows(1).getStillMovingRuns());
        assertEquals(1, small.getRows(1).getOlsLikeRuns());

        ThresholdGroup large = table.get(1);
        assertFalse(large.hasNStar());
        ThresholdRow at40 = large.getRows(1);
        assertEquals(1, at40.getFailed());
        assertEquals(0, at40.getCompleted());
        assertFalse(at40.hasFractionNonInterpolating(), "no completed run: no fraction");
        ThresholdRow at80 = large.getRows(2);
        assertEquals(2, at80.getRuns());
        assertEquals(1, at80.getCompleted());
        assertEquals(0.0, at80.getFractionNonInterpolating());
    }
}
