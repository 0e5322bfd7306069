package dev.interpolationlab.analysis.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.analysis.stats.RunOutcome;
import dev.interpolationlab.core.data.DataSet;
import dev.interpolationlab.core.data.DataSets;
import dev.interpolationlab.core.features.RandomReluFeatures;
import dev.interpolationlab.core.linalg.LeastSquares;
import dev.interpolationlab.core.linalg.Ridge;
import dev.interpolationlab.core.spec.SpecLimits;
import dev.interpolationlab.core.spec.SpecParser;
import dev.interpolationlab.core.spec.ValidatedSweep;
import dev.interpolationlab.core.sweep.GridExpander;
import dev.interpolationlab.core.sweep.PlannedRun;
import dev.interpolationlab.proto.v1.TheoryCurve;
import dev.interpolationlab.proto.v1.TheoryPoint;
import dev.interpolationlab.proto.v1.TrainingSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sweeps of science.md RE-3, simulated with the lab's own data and closed forms (the trainer's code path for
 * closed-form runs), then held against T1 and T4. The reference values are science.md's formula rows.
 */
class TheoryCurvesTest {

    private static final SpecParser PARSER = new SpecParser(SpecLimits.DEFAULTS);

    @Test
    void minNormLeastSquaresFollowsT1AwayFromThePeak() {
        ValidatedSweep sweep = PARSER.parseYaml("""
                name: re3-linear
                seed: 3
                repeats: 15
                model: {kind: linear}
                data: {kind: gaussian-teacher, dim: 100, samples: 200, noise: 0.5, testSamples: 400}
                optimizer: {kind: closed-form}
                grid: {data.dim: [100, 180, 400, 1000]}
                """);
        List<TheoryCurve> curves = TheoryCurves.compute(simulate(sweep), sweep.normalised());

        assertEquals(1, curves.size());
        TheoryCurve curve = curves.get(0);
        assertEquals("T1", curve.getFormula());
        assertEquals("gamma", curve.getAxis());
        assertEquals(0.25, curve.getNoiseVariance(), 1e-15);
        // science.md §3 T1 formula row (r² = 1, σ² = 0.25): γ 0.5 → .250, 0.9 → 2.25, 2 → .750, 5 → .863
        double[] expectedTheory = {0.250, 2.25, 0.750, 0.8625};
        double[] expectedGamma = {0.5, 0.9, 2.0, 5.0};
        for (int i = 0; i < 4; i++) {
            TheoryPoint point = curve.getPoints(i);
            assertEquals(expectedGamma[i], point.getX(), 1e-12);
            assertEquals(expectedTheory[i], point.getTheory(), 1e-3);
            assertEquals(15, point.getRuns());
            assertTrue(point.hasFiniteN(), "Gaussian design without ridge has the exact finite-n value");
        }
        assertFalse(curve.getPoints(1).getCompared(), "γ = 0.9 lies within the peak band");
        // the band's edges are held to account although |0.8 − 1| is 0.19999999999999996 in floating point
        assertTrue(TheoryCurves.inBand(Math.abs(160 / 200.0 - 1), TheoryCurves.RIDGELESS_PEAK_BAND));
        assertTrue(TheoryCurves.inBand(Math.abs(240 / 200.0 - 1), TheoryCurves.RIDGELESS_PEAK_BAND));
        assertFalse(TheoryCurves.inBand(Math.abs(180 / 200.0 - 1), TheoryCurves.RIDGELESS_PEAK_BAND));
        assertTrue(curve.getMaxRelativeError() < 0.10, "RE-3 tolerance: " + curve);
        // γ* = √SNR/(√SNR − 1) = 2 with R* = 2rσ − σ² = 0.75 (science.md T1)
        assertEquals(2.0, curve.getOptimumX(), 1e-12);
        assertEquals(0.75, curve.getOptimumRisk(), 1e-12);
    }

    @Test
    void randomSignLabelsHaveNoTheoryCurve() {
        ValidatedSweep sweep = PARSER.parseYaml("""
                name: re8-like
                seed: 8
                repeats: 2
                model: {kind: random-features, width: 40}
                data: {kind: sphere, dim: 10, samples: 40, testSamples: 50, labels: random-sign}
                optimizer: {kind: closed-form}
                loss: mse
                grid: {model.width: [40, 80]}
                """);
        ValidatedSweep teacher = PARSER.parseYaml("""
                name: re8-like
                seed: 8
                repeats: 2
                model: {kind: random-features, width: 40}
                data: {kind: sphere, dim: 10, samples: 40, testSamples: 50, labels: teacher}
                optimizer: {kind: closed-form}
                loss: mse
                grid: {model.width: [40, 80]}
                """);
        assertEquals(1, TheoryCurves.compute(simulate(teacher), teacher.normalised()).size(), "the same sweep on the teacher's labels has T4");
        assertEquals(List.of(), TheoryCurves.compute(simulate(sweep), sweep.normalised()), "T4 predicts the teacher's risk, not noise's");
    }

    @Test
    void reluRandomFeaturesFollowT4AwayFromThePeak() {
        ValidatedSweep sweep = PARSER.parseYaml("""
                name: re3-features
                seed: 4
                repeats: 6
                model: {kind: random-features, width: 50, bias: false}
                data: {kind: sphere, dim: 100, samples: 300, noise: 0.5, testSamples: 400}
                optimizer: {kind: closed-form}
                loss: mse
                grid: {model.width: [50, 1000]}
                """);
        List<TheoryCurve> curves = TheoryCurves.compute(simulate(sweep), sweep.normalised());

        assertEquals(1, curves.size());
        TheoryCurve curve = curves.get(0);
        assertEquals("T4", curve.getFormula());
        assertEquals(3.0, curve.getPsi2(), 1e-12);
        // science.md §3 T4 formula row (d = 100, ψ2 = 3, F1 = 1, τ = 0.5): ψ1 0.5 → .860, 10 → .278
        assertEquals(0.860, curve.getPoints(0).getTheory(), 0.01);
        assertEquals(0.278, curve.getPoints(1).getTheory(), 0.005);
        assertTrue(curve.getPoints(0).getCompared() && curve.getPoints(1).getCompared());
        assertTrue(curve.getMaxRelativeError() < 0.10, "RE-3 tolerance: " + curve);
    }

    @Test
    void curvesSplitByTheOtherGridValuesAndShowPendingPointsWithoutAMeasurement() {
        ValidatedSweep sweep = PARSER.parseYaml("""
                name: split
                seed: 1
                repeats: 2
                model: {kind: linear}
                data: {kind: gaussian-teacher, dim: 10, samples: 50, noise: 0.5, testSamples: 10}
                optimizer: {kind: closed-form}
                grid: {data.noise: [0.5, 1.0], data.dim: [10, 100]}
                """);
        List<RunOutcome> runs = new ArrayList<>();
        for (PlannedRun run : GridExpander.runs("s", sweep)) {
            boolean done = run.spec().getData().getDim() == 10;
            runs.add(outcome(run, done ? "completed" : "queued", done ? 0.1 : null));
        }
        List<TheoryCurve> curves = TheoryCurves.compute(runs, sweep.normalised());

        assertEquals(2, curves.size());
        assertEquals(0.25, curves.get(0).getNoiseVariance(), 1e-15);
        assertEquals(1.0, curves.get(1).getNoiseVariance(), 1e-15);
        for (TheoryCurve curve : curves) {
            assertEquals("data.noise", curve.getFixed(0).getPath());
            TheoryPoint done = curve.getPoints(0);
            TheoryPoint pending = curve.getPoints(1);
            assertEquals(0.2, done.getX(), 1e-12);
            assertEquals(0.2, done.getMeasured(), 1e-15, "half-mse 0.1 is a mean squared error of 0.2");
            assertEquals(2, done.getRuns());
            assertEquals(2.0, pending.getX(), 1e-12);
            assertFalse(pending.hasMeasured());
            assertEquals(0, pending.getRuns());
        }
        assertFalse(curves.get(1).hasOptimumX(), "SNR = 1 has no interior optimum");
    }

    @Test
    void modelsOutsideTheTheoryGiveNoCurve() {
        ValidatedSweep sweep = PARSER.parseYaml("""
                name: two-layer
                seed: 1
                repeats: 1
                model: {kind: two-layer, width: 10}
                data: {kind: gaussian-teacher, dim: 2, samples: 10}
                optimizer: {kind: gd, lr: 0.1, steps: 10}
                """);
        List<RunOutcome> runs = GridExpander.runs("s", sweep).stream().map(run -> outcome(run, "completed", 0.1)).toList();
        assertTrue(TheoryCurves.compute(runs, sweep.normalised()).isEmpty());
        assertTrue(TheoryCurves.compute(runs, null).isEmpty(), "a run whose sweep is not stored yet");
    }

    /** Every run of the sweep trained as the trainer trains closed-form runs: the lab's data, features and solvers. */
    private static List<RunOutcome> simulate(ValidatedSweep sweep) {
        List<RunOutcome> runs = new ArrayList<>();
        for (PlannedRun run : GridExpander.runs("sim", sweep)) {
            TrainingSpec spec = run.spec();
            DataSet data = DataSets.generate(spec.getData(), run.ref().getSeed());
            double[] phi = data.x();
            double[] phiTest = data.xTest();
            int p = data.d();
            if (spec.getModel().getKind().equals("random-features")) {
                RandomReluFeatures features = RandomReluFeatures.draw(spec.getModel().getWidth(), data.d(), run.ref().getSeed());
                phi = features.map(data.x(), data.n());
                phiTest = features.map(data.xTest(), data.nTest());
                p = spec.getModel().getWidth();
            }
            double[] theta = Ridge.solve(phi, data.y(), data.n(), p, spec.getModel().getRidge());
            double halfMse = LeastSquares.halfMse(phiTest, theta, data.yTest(), data.nTest(), p);
            double testLoss = spec.getLoss().equals("mse") ? 2 * halfMse : halfMse;
            runs.add(outcome(run, "completed", testLoss));
        }
        return runs;
    }

    private static RunOutcome outcome(PlannedRun run, String status, Double testLoss) {
        return new RunOutcome(run.ref().getRunId(), run.ref().getGridPointList(), run.spec().getData().getSamples(), status, null, null, null,
                testLoss, null, null, null, null, null, null);
    }
}
