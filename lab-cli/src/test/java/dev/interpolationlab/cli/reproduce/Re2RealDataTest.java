package dev.interpolationlab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.api.RunView;
import dev.interpolationlab.proto.v1.AnalysisResult;
import dev.interpolationlab.proto.v1.DataSpec;
import dev.interpolationlab.proto.v1.GeometryPoint;
import dev.interpolationlab.proto.v1.GridValue;
import dev.interpolationlab.proto.v1.SweepSpec;
import dev.interpolationlab.proto.v1.TrainingSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RE-2R's checks read the geometry table by (N, k), with the pixels (data.pca = 0) as the largest k. */
class Re2RealDataTest {

    private static final int[] SAMPLES = {100, 1000, 10000};
    private static final int[] PCA = {0, 2, 4, 8, 16, 32, 64};

    /** The paper's picture: inside only at a few components, more with N, none in pixels or hidden features. */
    private static double paperLike(int n, int k) {
        return k == 0 ? 0.0 : Math.min(1.0, Math.max(0.0, 1.0 - k / 16.0 + Math.log10(n) / 20));
    }

    @Test
    void thePapersPicturePassesEveryCheck(@TempDir Path dir) {
        List<Check> checks = evaluate(dir, Re2RealDataTest::paperLike, 0.0);
        assertTrue(checks.stream().allMatch(Check::pass), checks.toString());
        assertEquals(9, checks.size(), "3 pixel-space cells, hidden, k = 2 at N = 1000 and 10000, k ≥ 32, and both trends");
    }

    @Test
    void testImagesInsideInPixelSpaceOrHiddenFeaturesFail(@TempDir Path dir) {
        Map<String, Check> checks = byName(evaluate(dir, (n, k) -> k == 0 && n == 1000 ? 0.03 : paperLike(n, k), 0.1));
        assertFalse(checks.get("fraction inside, pixel space (d = 784), N = 1000").pass());
        assertTrue(checks.get("fraction inside, pixel space (d = 784), N = 100").pass());
        assertFalse(checks.values().stream().filter(check -> check.what().contains("hidden features")).findFirst().orElseThrow().pass());
    }

    @Test
    void aRiseWithKBeyondTwoStandardErrorsAndAFallWithNAreFound(@TempDir Path dir) {
        // at N = 1000 the fraction jumps from 0.15 (k = 16) to 0.5 (k = 32), then to 0 at N = 10000: each some 8 s.e.
        // with 200 queries a cell
        Map<String, Check> checks = byName(evaluate(dir, (n, k) -> n == 1000 && k == 32 ? 0.5 : paperLike(n, k), 0.0));
        Check inK = checks.get("fraction inside falling with k at each N (beyond 2 s.e.)");
        assertFalse(inK.pass(), inK.toString());
        assertTrue(inK.measured().contains("N=1000 k=32"), inK.toString());
        Check inN = checks.get("fraction inside not falling with N at each k (beyond 2 s.e.)");
        assertFalse(inN.pass(), "0.5 at N = 1000 then 0 at N = 10000: " + inN);
        assertTrue(inN.measured().contains("k=32 N=10000"), inN.toString());
    }

    private static Map<String, Check> byName(List<Check> checks) {
        return checks.stream().collect(Collectors.toMap(Check::what, check -> check));
    }

    private static List<Check> evaluate(Path dir, BiFunction<Integer, Integer, Double> inside, double hiddenAtPixels) {
        AnalysisResult.Builder analysis = AnalysisResult.newBuilder();
        List<RunView> runs = new ArrayList<>();
        for (int n : SAMPLES) {
            for (int k : PCA) {
                analysis.addGeometry(GeometryPoint.newBuilder().setRuns(2)
                        .addGridPoint(GridValue.newBuilder().setPath("data.pca").setValue(Integer.toString(k)))
                        .addGridPoint(GridValue.newBuilder().setPath("data.samples").setValue(Integer.toString(n)))
                        .setInputFractionInsidePooled(inside.apply(n, k)).setInputMedianDistance(k == 0 ? 0.7 : 0.1)
                        .setHiddenFractionInside(k == 0 ? hiddenAtPixels : 0.0));
                for (int repeat = 0; repeat < 2; repeat++) {
                    runs.add(new RunView("run-" + runs.size(), runs.size(), Map.of("data.samples", n, "data.pca", k), repeat, "1",
                            "completed", "trainer-1", n, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                            null, 1, null, null, null));
                }
            }
        }
        SweepSpec spec = SweepSpec.newBuilder()
                .setBase(TrainingSpec.newBuilder().setData(DataSpec.newBuilder().setTestSamples(100))).build();
        Experiment.Evaluation evaluation = new Experiment.Evaluation(dir, "");
        new Re2RealData().evaluate(List.of(new SweepResult("x.yaml", "sw", null, spec, runs, analysis.build(), 0, null, new HashMap<>())),
                evaluation);
        return evaluation.findings().checks();
    }
}
