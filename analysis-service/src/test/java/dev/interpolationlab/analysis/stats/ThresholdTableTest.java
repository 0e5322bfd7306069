package dev.interpolationlab.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.proto.v1.GridValue;
import dev.interpolationlab.proto.v1.Threshold;
import dev.interpolationlab.proto.v1.ThresholdGroup;
import dev.interpolationlab.proto.v1.ThresholdRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdTableTest {

    /**
     * A run with train loss 0.25·ratio² against ε·Var(y) = 1.25e-3 (ratios ≤ 0.07 interpolate); stopped by the
     * convergence rule with a flat last doubling (certified), or still moving.
     */
    private static RunOutcome run(int n, String scale, String status, double trainRatio, double testRatio, boolean settled) {
        return new RunOutcome(n + "/" + trainRatio, List.of(
                GridValue.newBuilder().setPath("data.samples").setValue(Integer.toString(n)).build(),
                GridValue.newBuilder().setPath("model.init.scale").setValue(scale).build()),
                n, status, trainRatio, testRatio, 0.25 * trainRatio * trainRatio, null, 1.25, null,
                settled ? "converged" : "horizon", settled ? 1e-6 : 0.2, 0.9, null);
    }

    private static RunOutcome run(int n, String scale, double trainRatio, double testRatio) {
        return run(n, scale, "completed", trainRatio, testRatio, true);
    }

    @Test
    void countsCertifiedStatesAndBracketsBothThresholds() throws Exception {
        List<RunOutcome> runs = new ArrayList<>();
        // small init: n = 20 interpolates; n = 40 one OLS-like, one spurious (0.6), one still moving; n = 80, 160 OLS-like
        runs.add(run(20, "1e-05", 0.01, 20.0));
        runs.add(run(20, "1e-05", 0.02, 30.0));
        runs.add(run(40, "1e-05", 0.95, 4.0));
        runs.add(run(40, "1e-05", 0.60, 6.0));
        runs.add(run(40, "1e-05", "completed", 0.80, 5.0, false));
        runs.add(run(80, "1e-05", 0.96, 3.0));
        runs.add(run(80, "1e-05", 0.97, 3.5));
        runs.add(run(160, "1e-05", 0.98, 3.0));
        runs.add(run(160, "1e-05", 0.99, 3.2));
        // large init: always interpolating, one run still going, one failed
        runs.add(run(20, "1.0", 0.0, 40.0));
        runs.add(run(80, "1.0", 0.03, 30.0));
        runs.add(run(80, "1.0", "running", 0, 0, false));
        runs.add(run(40, "1.0", "failed", 0, 0, false));

        JsonNode spec = new ObjectMapper().readTree("""
                {"model": {"width": 500, "init": {"scale": 1e-5}}, "optimizer": {"lr": 0.05, "steps": 40000}}""");
        List<ThresholdGroup> table = ThresholdTable.compute(runs, spec);
        assertEquals(2, table.size());

        ThresholdGroup small = table.get(0);
        assertEquals("1e-05", small.getFixed(0).getValue());
        assertEquals(List.of(20, 40, 80, 160), small.getRowsList().stream().map(ThresholdRow::getSamples).toList());
        ThresholdRow at40 = small.getRows(1);
        assertEquals(3, at40.getCompleted());
        assertEquals(1, at40.getUnresolvedRuns());
        assertEquals(2, at40.getCertified());
        assertEquals(1, at40.getOlsLikeRuns());
        assertEquals(1, at40.getSpuriousRuns());
        // the unresolved run is out of every fraction and median: 2/2 do not interpolate, 1/2 is OLS-like
        assertEquals(1.0, at40.getFractionNonInterpolating());
        assertEquals(0.5, at40.getFractionOlsLike());
        assertEquals(0.775, at40.getMedianTrainRatio(), 1e-12);
        // Wilson's 95% interval for 1 of 2
        assertEquals(0.0945, at40.getOlsLikeLow(), 1e-4);
        assertEquals(0.9055, at40.getOlsLikeHigh(), 1e-4);
        assertEquals(List.of(0.0, 1.0, 1.0, 1.0), small.getRowsList().stream().map(ThresholdRow::getFractionNonInterpolating).toList());
        assertEquals(1, small.getUnresolved());
        assertEquals(3, small.getSeeds());
        // the grid's init scale, then the spec's width, lr and horizon; the spec names no stopping rule
        assertEquals(List.of("model.init.scale=1e-05", "model.width=500", "optimizer.lr=0.05", "optimizer.steps=40000"),
                small.getSettingList().stream().map(v -> v.getPath() + "=" + v.getValue()).toList());

        // n*_interp in (20, 40]; n*_OLS in (40, 80]: at 40 only half the certified runs are OLS-like, not most
        Threshold interpolation = small.getInterpolation();
        assertEquals(20, interpolation.getBelow());
        assertEquals(40, interpolation.getAt());
        Threshold ols = small.getOls();
        assertEquals(40, ols.getBelow());
        assertEquals(80, ols.getAt());
        // separated outcomes: the logistic estimate lies in the gap and its interval is wider than the gap
        assertTrue(interpolation.getLogistic() > 20 && interpolation.getLogistic() < 40, interpolation.toString());
        assertTrue(!interpolation.hasLow() || interpolation.getLow() < 20, interpolation.toString());
        assertTrue(!interpolation.hasHigh() || interpolation.getHigh() > 40, interpolation.toString());
        assertTrue(ols.getTrendZ() > 0 && ols.getTrendP() < 0.05, ols.toString());

        ThresholdGroup large = table.get(1);
        assertFalse(large.getInterpolation().hasAt(), "never most non-interpolating: no bracket");
        assertFalse(large.getInterpolation().hasLogistic());
        ThresholdRow large40 = large.getRows(1);
        assertEquals(1, large40.getFailed());
        assertEquals(0, large40.getCompleted());
        assertFalse(large40.hasFractionNonInterpolating(), "no certified run: no fraction");
        ThresholdRow large80 = large.getRows(2);
        assertEquals(2, large80.getRuns());
        assertEquals(1, large80.getCompleted());
        assertEquals(0.0, large80.getFractionNonInterpolating());
    }

    @Test
    void aMajorityThatComesBackIsNotYetTheThreshold() {
        // non-interpolating at 40, interpolating again at 80, then from 160 on: n* is in (80, 160], not at 40
        List<RunOutcome> runs = new ArrayList<>();
        for (double[] nRatio : new double[][] {{20, 0.01}, {40, 0.95}, {80, 0.01}, {160, 0.97}, {320, 0.98}}) {
            runs.add(run((int) nRatio[0], "1e-05", nRatio[1], 3.0));
        }
        Threshold interpolation = ThresholdTable.compute(runs, null).get(0).getInterpolation();
        assertEquals(80, interpolation.getBelow());
        assertEquals(160, interpolation.getAt());
    }

    @Test
    void replicatesGetOneThresholdEachAndTheirSpread() {
        List<RunOutcome> runs = new ArrayList<>();
        // replicate 0 crosses in (20, 40], replicate 1 in (40, 80], replicate 2 never
        double[][] ratios = {{0.01, 0.97, 0.98}, {0.01, 0.02, 0.98}, {0.01, 0.02, 0.03}};
        int[] n = {20, 40, 80};
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < 3; k++) {
                RunOutcome run = run(n[k], "1e-05", ratios[r][k], 3.0);
                List<GridValue> point = new ArrayList<>();
                point.add(GridValue.newBuilder().setPath("replicate").setValue(Integer.toString(r)).build());
                point.addAll(run.gridPoint());
                runs.add(new RunOutcome(run.runId() + "/" + r, point, run.samples(), run.status(), run.trainRatio(), run.testRatio(),
                        run.finalTrainLoss(), run.finalTestLoss(), run.labelVariance(), null, run.stopReason(), run.lossChangeLastDoubling(),
                        null, null));
            }
        }
        List<ThresholdGroup> groups = ThresholdTable.compute(runs, null);
        assertEquals(3, groups.size());
        List<dev.interpolationlab.proto.v1.ReplicateSpread> spreads = ThresholdTable.spread(groups);
        assertEquals(1, spreads.size());
        var spread = spreads.get(0);
        assertEquals(List.of("model.init.scale=1e-05"), spread.getFixedList().stream().map(v -> v.getPath() + "=" + v.getValue()).toList());
        assertEquals(3, spread.getReplicates());
        assertEquals(List.of(40, 80, 0), spread.getInterpolationAtList());
        assertEquals(2, spread.getInterpolationReached());
        assertEquals(40, spread.getInterpolationMin());
        assertEquals(80, spread.getInterpolationMax());
        assertTrue(ThresholdTable.spread(ThresholdTable.compute(runs.subList(0, 3), null)).get(0).getReplicates() == 1);
    }
}
