package dev.interpolationlab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RE-6C holds each certified run against its own continuation, matched by seed. */
class Re6CertificationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    private static List<Check> evaluate(Path dir, ArrayNode certified, ArrayNode longer, ArrayNode smallerStep) {
        Experiment.Evaluation evaluation = new Experiment.Evaluation(dir, "");
        new Re6Certification().evaluate(List.of(sweep(certified), sweep(longer), sweep(smallerStep)), evaluation);
        return evaluation.findings().checks();
    }

    private static SweepResult sweep(ArrayNode runs) {
        return new SweepResult("x.yaml", "sw", JSON.createObjectNode(), runs, JSON.createObjectNode(), 0, null, new HashMap<>());
    }

    private static ArrayNode runs(JsonNode... runs) {
        ArrayNode array = JSON.createArrayNode();
        for (JsonNode run : runs) {
            array.add(run);
        }
        return array;
    }

    private static ObjectNode run(String seed, String state, double trainLoss) {
        ObjectNode run = JSON.createObjectNode().put("seed", seed).put("status", "completed").put("endState", state)
                .put("finalTrainLoss", trainLoss).put("olsTrainRatio", trainLoss / 0.3).put("samples", 20).put("repeat", 0);
        run.putObject("grid").put("replicate", 0);
        return run;
    }
}
