package dev.interpolationlab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.api.RunView;
import dev.interpolationlab.proto.v1.AnalysisResult;
import dev.interpolationlab.proto.v1.SweepSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RE-6C holds each certified run against its own continuation, matched by seed. */
class Re6CertificationTest {

    @Test
    void aCertifiedRunThatMovesWhenTrainedLongerFailsTheCheck(@TempDir Path dir) {
        // seed 1 spurious at loss 0.2 stays at 0.2; seed 2 spurious at 0.3 falls to 0.29 (a 3% move: a plateau)
        List<Check> checks = evaluate(dir,
                runs(run("1", "spurious", 0.2), run("2", "spurious", 0.3), run("3", "interpolating", 1e-6)),
                runs(run("2", "unresolved", 0.29), run("1", "unresolved", 0.2), run("3", "interpolating", 1e-9)),
                runs(run("1", "spurious", 0.2), run("2", "spurious", 0.3), run("3", "interpolating", 1e-7)));
        Check moved = checks.get(0);
        assertFalse(moved.pass(), moved.toString());
        assertTrue(moved.measured().startsWith("1 of 2"), moved.toString());
        assertTrue(checks.get(1).pass(), "the interpolating run still interpolates: " + checks.get(1));
        assertTrue(checks.get(2).pass(), "both end where they did at the smaller step: " + checks.get(2));
    }

    @Test
    void runsThatStayPutPassAndADifferentEndAtTheSmallerStepCounts(@TempDir Path dir) {
        List<Check> checks = evaluate(dir,
                runs(run("1", "spurious", 0.2), run("2", "ols-like", 0.3), run("3", "unresolved", 0.5)),
                runs(run("1", "spurious", 0.2 * (1 + 1e-4)), run("2", "ols-like", 0.3), run("3", "unresolved", 0.1)),
                runs(run("1", "interpolating", 1e-6), run("2", "ols-like", 0.301), run("3", "unresolved", 0.5)));
        assertTrue(checks.get(0).pass(), "moved by 1e-4 only; the unresolved run is not held to it: " + checks.get(0));
        assertFalse(checks.get(1).pass(), "no certified interpolating run to hold: " + checks.get(1));
        assertEquals("0.5", checks.get(2).measured(), "one of the two ends the same at lr 0.01 (the other interpolates)");
        assertTrue(checks.get(2).pass());
    }

    private static List<Check> evaluate(Path dir, List<RunView> certified, List<RunView> longer, List<RunView> smallerStep) {
        Experiment.Evaluation evaluation = new Experiment.Evaluation(dir, "");
        new Re6Certification().evaluate(List.of(sweep(certified), sweep(longer), sweep(smallerStep)), evaluation);
        return evaluation.findings().checks();
    }

    private static SweepResult sweep(List<RunView> runs) {
        return new SweepResult("x.yaml", "sw", null, SweepSpec.getDefaultInstance(), runs, AnalysisResult.getDefaultInstance(), 0, null,
                new HashMap<>());
    }

    private static List<RunView> runs(RunView... runs) {
        return List.of(runs);
    }

    private static RunView run(String seed, String state, double trainLoss) {
        return new RunView("run-" + seed, 0, Map.of("replicate", 0), 0, seed, "completed", "trainer-1", 20, trainLoss, null,
                trainLoss / 0.3, null, state, null, null, null, null, null, null, null, null, null, null, 1, null, null, null);
    }
}
