package dev.interpolationlab.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.core.spec.SpecLimits;
import dev.interpolationlab.core.spec.SpecParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs are requested longest first: a threshold sweep's largest n and widest networks go out before the small ones. */
class ExpectedCostTest {

    @Test
    void aTwoLayerRunCostsSamplesTimesParametersTimesSteps() throws Exception {
        var sweep = new SpecParser(SpecLimits.DEFAULTS).parseJson("""
                {"name": "cost", "seed": 1, "model": {"kind": "two-layer", "width": 500},
                 "data": {"kind": "gaussian-teacher", "dim": 5, "samples": 640, "testSamples": 10},
                 "optimizer": {"kind": "gd", "lr": 0.05, "steps": 1000}}""");
        PlannedRun run = GridExpander.runs("sw-c", sweep).get(0);
        // m (d + 1) first-layer weights and biases, m output weights
        assertEquals(640.0 * 500 * (5 + 2) * 1000, ExpectedCost.of(run.spec()));
    }

    @Test
    void aSweepIsOrderedByDescendingCostAndTiesKeepTheirOrder() throws Exception {
        var sweep = new SpecParser(SpecLimits.DEFAULTS).parseJson("""
                {"name": "order", "seed": 1, "repeats": 2, "model": {"kind": "two-layer", "width": 50},
                 "data": {"kind": "gaussian-teacher", "dim": 5, "samples": 20, "testSamples": 10},
                 "optimizer": {"kind": "gd", "lr": 0.05, "steps": 100},
                 "grid": {"data.samples": [20, 80, 40], "model.width": [50, 100]}}""");
        List<PlannedRun> runs = GridExpander.runs("sw-o", sweep);
        List<PlannedRun> ordered = ExpectedCost.longestFirst(runs);
        assertEquals(runs.size(), ordered.size());
        assertEquals(80, ordered.get(0).spec().getData().getSamples());
        assertEquals(100, ordered.get(0).spec().getModel().getWidth());
        for (int i = 0; i + 1 < ordered.size(); i++) {
            // n·m·(d + 2)·T, worked out here from the grid values
            long cost = (long) samples(ordered.get(i)) * width(ordered.get(i));
            long next = (long) samples(ordered.get(i + 1)) * width(ordered.get(i + 1));
            assertTrue(cost >= next, "descending cost at " + i);
            if (cost == next) {
                assertTrue(runs.indexOf(ordered.get(i)) < runs.indexOf(ordered.get(i + 1)), "ties keep their planned order at " + i);
            }
        }
    }

    private static int samples(PlannedRun run) {
        return run.spec().getData().getSamples();
    }

    private static int width(PlannedRun run) {
        return run.spec().getModel().getWidth();
    }
}
