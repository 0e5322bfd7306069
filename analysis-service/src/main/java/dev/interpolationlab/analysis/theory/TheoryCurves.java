package dev.interpolationlab.analysis.theory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interpolationlab.analysis.stats.RunOutcome;
import dev.interpolationlab.core.science.Median;
import dev.interpolationlab.core.sweep.GridExpander;
import dev.interpolationlab.core.sweep.TrainingSpecs;
import dev.interpolationlab.core.theory.FiniteGaussianRisk;
import dev.interpolationlab.core.theory.RandomFeaturesRisk;
import dev.interpolationlab.core.theory.RidgeRisk;
import dev.interpolationlab.core.theory.RidgelessRisk;
import dev.interpolationlab.proto.v1.GridValue;
import dev.interpolationlab.proto.v1.TheoryCurve;
import dev.interpolationlab.proto.v1.TheoryPoint;
import dev.interpolationlab.proto.v1.TrainingSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds a sweep's measured risks against the asymptotic formulas of science.md §3 (the RE-3 comparison): min-norm
 * and ridge least squares on isotropic inputs against T1 and T2 as functions of γ = d/n, ReLU random features against
 * T4 as a function of ψ1 = N/d.
 *
 * <p>A run qualifies when it regresses (half-mse or mse) the linear teacher (gaussian-teacher or sphere data) with a
 * model without bias, and random features without ridge. The teacher has ‖β*‖ = 1 and noiseless test labels, so a
 * run's test MSE is its excess risk. Runs that share everything but the axis form one curve; each grid point is one
 * point, at the median over its repeats (the median resists the heavy right tail of the risk near the peak).
 */
public final class TheoryCurves {

    /** RE-3: the formulas are held to account where |γ − 1| ≥ 0.2 ... */
    static final double RIDGELESS_PEAK_BAND = 0.2;
    /** ... and where |ψ1/ψ2 − 1| ≥ 0.15; closer to the peak finite-n fluctuations dominate. */
    static final double FEATURES_PEAK_BAND = 0.15;
    /** The linear teacher draws β* on the unit sphere (LinearTeacher). */
    static final double SIGNAL = 1.0;

    /** The grid paths that move a run along a curve's axis rather than onto another curve. */
    private static final Set<String> AXIS_PATHS = Set.of("data.dim", "data.samples", "model.width");

    /**
     * Whether a distance from the peak is at least the band, up to rounding: γ = 160/200 gives |γ − 1| =
     * 0.19999999999999996, which is the band's edge and is held to account.
     */
    static boolean inBand(double distance, double band) {
        return distance >= band * (1 - 1e-12);
    }

    private TheoryCurves() {
    }

    /**
     * @param runs            every run of the sweep (runs not completed yet give points without a measurement)
     * @param normalisedSweep the sweep's normalised spec, from which each run's training spec is rebuilt; null (or not
     *                        a normalised sweep) while the sweep itself is not stored yet
     */
    public static List<TheoryCurve> compute(List<RunOutcome> runs, JsonNode normalisedSweep) {
        if (normalisedSweep == null || !normalisedSweep.hasNonNull("model")) {
            return List.of();
        }
        Map<List<GridValue>, List<Double>> risksByPoint = new LinkedHashMap<>();
        for (RunOutcome run : runs) {
            List<Double> risks = risksByPoint.computeIfAbsent(run.gridPoint(), point -> new ArrayList<>());
            if (run.completed() && run.finalTestLoss() != null) {
                risks.add(run.finalTestLoss());
            }
        }
        Map<CurveKey, CurveBuilder> curves = new LinkedHashMap<>();
        risksByPoint.forEach((gridPoint, testLosses) -> {
            TrainingSpec spec = TrainingSpecs.fromNormalised(GridExpander.specAt(normalisedSweep, gridPoint));
            Setting setting = Setting.of(spec);
            if (setting == null) {
                return;
            }
            List<GridValue> fixed = gridPoint.stream().filter(value -> !AXIS_PATHS.contains(value.getPath())).toList();
            CurveKey key = new CurveKey(setting.formula(), spec.getData().getKind(), setting.noiseVariance(), setting.ridge(),
                    setting.psi2(), fixed);
            double[] risks = testLosses.stream().mapToDouble(loss -> loss * setting.lossToMse()).toArray();
            curves.computeIfAbsent(key, CurveBuilder::new).add(setting, gridPoint, risks);
        });
        return curves.values().stream().map(CurveBuilder::build).toList();
    }

    /** What a curve holds fixed: the formula, the data, its parameters, and the grid values off the axis. */
    private record CurveKey(String formula, String data, double noiseVariance, double ridge, Double psi2, List<GridValue> fixed) {
    }

    /**
     * One grid point's place in theory.
     *
     * @param lossToMse the factor that turns the run's loss into the mean squared error (2 for half-mse)
     * @param finiteN   T3's exact finite-n expectation, for Gaussian design without ridge; null elsewhere
     */
    private record Setting(String formula, String axis, double x, double theory, Double finiteN, boolean compared,
            double noiseVariance, double ridge, Double psi2, double peakBand, double lossToMse) {

        static Setting of(TrainingSpec spec) {
            double lossToMse = switch (spec.getLoss()) {
                case "half-mse" -> 2.0;
                case "mse" -> 1.0;
                default -> 0.0;
            };
            String data = spec.getData().getKind();
            boolean linearTeacher = (data.equals("gaussian-teacher") || data.equals("sphere"))
                    && !spec.getData().getLabels().equals("random-sign");
            if (lossToMse == 0.0 || !linearTeacher || spec.getModel().getBias()) {
                return null;
            }
            int d = spec.getData().getDim();
            int n = spec.getData().getSamples();
            double noiseVariance = spec.getData().getNoise() * spec.getData().getNoise();
            double ridge = spec.getModel().getRidge();
            return switch (spec.getModel().getKind()) {
                case "linear" -> {
                    double gamma = (double) d / n;
                    boolean ridgeless = ridge == 0.0;
                    double theory = ridgeless ? RidgelessRisk.risk(gamma, SIGNAL, noiseVariance)
                            : RidgeRisk.risk(ridge, gamma, SIGNAL, noiseVariance);
                    Double finiteN = ridgeless && data.equals("gaussian-teacher")
                            ? FiniteGaussianRisk.excessRisk(d, n, SIGNAL, noiseVariance) : null;
                    yield new Setting(ridgeless ? "T1" : "T2", "gamma", gamma, theory, finiteN,
                            inBand(Math.abs(gamma - 1), RIDGELESS_PEAK_BAND), noiseVariance, ridge, null, RIDGELESS_PEAK_BAND, lossToMse);
                }
                case "random-features" -> {
                    if (ridge != 0.0) {
                        yield null;
                    }
                    double psi1 = (double) spec.getModel().getWidth() / d;
                    double psi2 = (double) n / d;
                    double theory = RandomFeaturesRisk.risk(psi1, psi2, SIGNAL, noiseVariance, 0.0);
                    yield new Setting("T4", "psi1", psi1, theory, null, inBand(Math.abs(psi1 / psi2 - 1), FEATURES_PEAK_BAND),
                            noiseVariance, 0.0, psi2, FEATURES_PEAK_BAND, lossToMse);
                }
                default -> null;
            };
        }
    }

    private static final class CurveBuilder {

        private final CurveKey key;
        private final List<TheoryPoint> points = new ArrayList<>();
        private Setting setting;

        CurveBuilder(CurveKey key) {
            this.key = key;
        }

        void add(Setting setting, List<GridValue> gridPoint, double[] risks) {
            this.setting = setting;
            TheoryPoint.Builder point = TheoryPoint.newBuilder()
                    .setX(setting.x())
                    .setTheory(setting.theory())
                    .setRuns(risks.length)
                    .setCompared(setting.compared())
                    .addAllGridPoint(gridPoint);
            if (Double.isFinite(setting.theory()) && setting.finiteN() != null && Double.isFinite(setting.finiteN())) {
                point.setFiniteN(setting.finiteN());
            }
            if (risks.length > 0) {
                double measured = Median.of(risks);
                point.setMeasured(measured);
                if (Double.isFinite(setting.theory())) {
                    point.setRelativeError(Math.abs(measured - setting.theory()) / setting.theory());
                }
            }
            points.add(point.build());
        }

        TheoryCurve build() {
            points.sort(Comparator.comparingDouble(TheoryPoint::getX));
            TheoryCurve.Builder curve = TheoryCurve.newBuilder()
                    .setFormula(key.formula())
                    .setAxis(setting.axis())
                    .setData(key.data())
                    .setSignal(SIGNAL)
                    .setNoiseVariance(key.noiseVariance())
                    .setRidge(key.ridge())
                    .setPeakBand(setting.peakBand())
                    .addAllFixed(key.fixed())
                    .addAllPoints(points);
            if (key.psi2() != null) {
                curve.setPsi2(key.psi2());
            }
            points.stream().filter(p -> p.getCompared() && p.hasRelativeError()).mapToDouble(TheoryPoint::getRelativeError).max()
                    .ifPresent(curve::setMaxRelativeError);
            if (key.formula().equals("T1") && SIGNAL > key.noiseVariance()) {
                double best = RidgelessRisk.bestOverparametrisedRatio(SIGNAL, key.noiseVariance());
                curve.setOptimumX(best).setOptimumRisk(RidgelessRisk.risk(best, SIGNAL, key.noiseVariance()));
            }
            return curve.build();
        }
    }
}
