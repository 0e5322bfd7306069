package dev.interpolationlab.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.interpolationlab.core.spec.SpecLimits;
import dev.interpolationlab.core.spec.SpecParser;
import dev.interpolationlab.core.spec.ValidatedSweep;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GridExpanderTest {

    private static final String SPEC = """
            name: grid
            seed: 11
            repeats: 3
            model: {kind: two-layer, width: 8}
            data: {kind: gaussian-teacher, dim: 2, samples: 10}
            optimizer: {kind: gd, lr: 0.1, steps: 10}
            grid: {data.samples: [10, 20], model.init.scale: [0.001, 1.0]}
            """;

    private final SpecParser parser = new SpecParser(SpecLimits.DEFAULTS);

    @Test
    void runsAreTheCartesianProductTimesRepeatsWithTheGridApplied() {
        List<PlannedRun> runs = GridExpander.runs("sw", parser.parseYaml(SPEC));
        assertEquals(2 * 2 * 3, runs.size());
        // first axis slowest, repeats innermost
        PlannedRun last = runs.get(runs.size() - 1);
        assertEquals(20, last.spec().getData().getSamples());
        assertEquals(1.0, last.spec().getModel().getInit().getScale());
        assertEquals(2, last.ref().getRepeat());
        PlannedRun first = runs.get(0);
        assertEquals(10, first.spec().getData().getSamples());
        assertEquals(0.001, first.spec().getModel().getInit().getScale());
        assertEquals("sw-0000", first.ref().getRunId());
        assertEquals("sw-0011", last.ref().getRunId());
    }

    @Test
    void aStoredRunsSpecIsRebuiltFromItsGridPoint() {
        ValidatedSweep sweep = parser.parseYaml(SPEC);
        for (PlannedRun run : GridExpander.runs("sw", sweep)) {
            var rebuilt = TrainingSpecs.fromNormalised(GridExpander.specAt(sweep.normalised(), run.ref().getGridPointList()));
            assertEquals(run.spec(), rebuilt);
        }
    }

    @Test
    void replicatesRepeatTheWholeSweepFromSuccessiveBaseSeeds() {
        ValidatedSweep single = parser.parseYaml(SPEC);
        ValidatedSweep replicated = parser.parseYaml(SPEC + "replicates: 3\n");
        List<PlannedRun> once = GridExpander.runs("sw", single);
        List<PlannedRun> thrice = GridExpander.runs("sw", replicated);
        assertEquals(3 * once.size(), thrice.size());
        assertEquals(thrice.size(), GridExpander.runCount(replicated.normalised()));
        Set<Long> seeds = new HashSet<>();
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < once.size(); i++) {
                PlannedRun run = thrice.get(r * once.size() + i);
                // the replicate is the first coordinate, then the grid point the run shares with the single sweep
                assertEquals("replicate=" + r, run.ref().getGridPoint(0).getPath() + "=" + run.ref().getGridPoint(0).getValue());
                assertEquals(once.get(i).ref().getGridPointList(), run.ref().getGridPointList().subList(1, run.ref().getGridPointCount()));
                assertEquals(once.get(i).spec(), run.spec());
                // base seed 11 + r: replicate 0 is the sweep without replicates, run for run
                assertEquals(dev.interpolationlab.core.random.SeedDerivation.runSeed(11 + r, once.get(i).ref().getGridPointList(),
                        once.get(i).ref().getRepeat()), run.ref().getSeed());
                seeds.add(run.ref().getSeed());
                // the replicate coordinate applies to no training field
                assertEquals(run.spec(), TrainingSpecs.fromNormalised(GridExpander.specAt(replicated.normalised(), run.ref().getGridPointList())));
            }
        }
        assertEquals(thrice.size(), seeds.size());
    }

    @Test
    void seedsAreDeterministicAndDistinct() {
        ValidatedSweep sweep = parser.parseYaml(SPEC);
        List<PlannedRun> once = GridExpander.runs("a", sweep);
        List<PlannedRun> again = GridExpander.runs("b", parser.parseYaml(SPEC));
        Set<Long> seeds = new HashSet<>();
        for (int i = 0; i < once.size(); i++) {
            assertEquals(once.get(i).ref().getSeed(), again.get(i).ref().getSeed());
            seeds.add(once.get(i).ref().getSeed());
        }
        assertEquals(once.size(), seeds.size());
        List<PlannedRun> otherSeed = GridExpander.runs("a", parser.parseYaml(SPEC.replace("seed: 11", "seed: 12")));
        assertNotEquals(once.get(0).ref().getSeed(), otherSeed.get(0).ref().getSeed());
    }

    @Test
    void aSweepWithoutGridHasOnePointPerRepeat() {
        List<PlannedRun> runs = GridExpander.runs("s", parser.parseYaml(SPEC.replaceAll("grid: .*\\n", "")));
        assertEquals(3, runs.size());
        assertEquals(0, runs.get(0).ref().getGridPointCount());
    }
}
