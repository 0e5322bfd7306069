package dev.interpolationlab.cli.reproduce;

import dev.interpolationlab.core.theory.RandomFeaturesRisk;
import dev.interpolationlab.core.theory.RidgelessRisk;
import dev.interpolationlab.proto.v1.TheoryCurve;
import dev.interpolationlab.proto.v1.TheoryPoint;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * RE-3 (science.md §5): double descent of min-norm least squares against Hastie et al.'s T1, and of ReLU random
 * features against Mei &amp; Montanari's T4, through the analysis' theory curves.
 */
final class Re3DoubleDescent extends Experiment {

    /** The tolerance of science.md RE-3 on every point away from the peak. */
    static final double TOLERANCE = 0.10;

    Re3DoubleDescent() {
        super("RE-3", "Double descent against theory (Hastie et al. T1 and T2, Mei & Montanari T4)", "re3-linear.yaml", "re3-features.yaml",
                "re3-ridge.yaml");
    }

    @Override
    void evaluate(List<SweepResult> sweeps, Evaluation evaluation) {
        TheoryCurve linear = curve(sweeps.get(0), "T1");
        TheoryCurve features = curve(sweeps.get(1), "T4");
        if (linear == null || features == null) {
            evaluation.check(new Check("theory curves in the analysis", "T1 and T4", (linear == null ? "no T1 " : "") + (features == null ? "no T4" : ""), false));
            return;
        }
        // (i) min-norm least squares: T1 within 10% off the peak, the peak at γ ≈ 1, the best γ > 1 at γ* = 2, R* = 0.75
        evaluation.check(Check.atMost("T1: largest relative error, |γ − 1| ≥ 0.2", maxRelativeError(linear), TOLERANCE));
        List<TheoryPoint> linearPoints = linear.getPointsList();
        double peak = argExtreme(linearPoints, x -> true, true);
        evaluation.check(new Check("T1: γ of the measured peak", "0.8 ≤ γ ≤ 1.2", Check.number(peak), peak >= 0.8 && peak <= 1.2));
        double best = argExtreme(linearPoints, x -> x > 1, false);
        evaluation.check(Check.near("T1: γ of the measured minimum over γ > 1", best, 2.0, 1e-9));
        evaluation.check(Check.relative("T1: measured risk at γ* = 2", measuredAt(linearPoints, 2.0), 0.75, TOLERANCE));
        // (i') ridge: T2 within 10% at every penalty; at λ* = γσ²/r² below the min-norm risk at the same γ
        for (TheoryCurve ridge : sweeps.get(2).analysis().getTheoryList()) {
            if (!ridge.getFormula().equals("T2")) {
                continue;
            }
            double lambda = ridge.getRidge();
            evaluation.check(Check.atMost("T2 at λ = " + lambda + ": largest relative error, |γ − 1| ≥ 0.2",
                    maxRelativeError(ridge), TOLERANCE));
            double gamma = lambda / ridge.getNoiseVariance() * ridge.getSignal();
            double atOptimum = measuredAt(ridge.getPointsList(), gamma);
            double minNorm = measuredAt(linearPoints, gamma);
            evaluation.check(new Check("ridge at its optimal λ* = " + lambda + " (γ = " + Check.number(gamma) + ") below min-norm", "<",
                    Check.number(atOptimum) + " vs " + Check.number(minNorm), atOptimum < minNorm));
        }
        // (ii) random features: T4 within 10% off the peak, the peak next to N = n
        double psi2 = features.getPsi2();
        evaluation.check(Check.atMost("T4: largest relative error, |ψ1/ψ2 − 1| ≥ 0.15", maxRelativeError(features), TOLERANCE));
        double featuresPeak = argExtreme(features.getPointsList(), x -> true, true) / psi2;
        evaluation.check(new Check("T4: ψ1/ψ2 of the measured peak", "0.8 ≤ ψ1/ψ2 ≤ 1.2", Check.number(featuresPeak),
                featuresPeak >= 0.8 && featuresPeak <= 1.2));

        double signal = linear.getSignal();
        double noise = linear.getNoiseVariance();
        evaluation.figure(slug() + "-linear", theoryPlot("RE-3 (i): min-norm least squares, n = 200", "γ = d/n", linearPoints,
                        gamma -> RidgelessRisk.risk(gamma, signal, noise), "T1 (Hastie et al.)"),
                "Excess risk of the min-norm least-squares fit against γ = d/n: the median of 40 draws per γ (points) beside T1 (line).");
        double featuresSignal = features.getSignal();
        double featuresNoise = features.getNoiseVariance();
        evaluation.figure(slug() + "-features", theoryPlot("RE-3 (ii): ReLU random features, d = 100, n = 300", "ψ1 = N/d",
                        features.getPointsList(), psi1 -> RandomFeaturesRisk.risk(psi1, psi2, featuresSignal, featuresNoise, 0),
                        "T4 (Mei & Montanari)"),
                "Test error of the ridgeless random-features fit against ψ1 = N/d at ψ2 = 3: the median of 20 draws (points) beside T4 (line).");
    }

    private static TheoryCurve curve(SweepResult sweep, String formula) {
        for (TheoryCurve curve : sweep.analysis().getTheoryList()) {
            if (curve.getFormula().equals(formula)) {
                return curve;
            }
        }
        return null;
    }

    /** The axis value of the largest (or smallest) measured point among those whose axis value {@code keep} accepts. */
    private static double maxRelativeError(TheoryCurve curve) {
        return curve.hasMaxRelativeError() ? curve.getMaxRelativeError() : Double.NaN;
    }

    private static double argExtreme(List<TheoryPoint> points, java.util.function.DoublePredicate keep, boolean largest) {
        double at = Double.NaN;
        double extreme = largest ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (TheoryPoint point : points) {
            double x = point.getX();
            if (!point.hasMeasured() || !keep.test(x)) {
                continue;
            }
            double value = point.getMeasured();
            if (largest ? value > extreme : value < extreme) {
                extreme = value;
                at = x;
            }
        }
        return at;
    }

    private static double measuredAt(List<TheoryPoint> points, double x) {
        for (TheoryPoint point : points) {
            if (Math.abs(point.getX() - x) < 1e-9 && point.hasMeasured()) {
                return point.getMeasured();
            }
        }
        return Double.NaN;
    }

    /** The measured medians as points, and the formula drawn densely over the same axis range (log spaced). */
    private static Plot theoryPlot(String title, String axis, List<TheoryPoint> points, DoubleUnaryOperator formula, String formulaName) {
        double[] x = SweepResult.column(points, TheoryPoint::getX);
        double[] measured = SweepResult.column(points, point -> point.hasMeasured() ? point.getMeasured() : Double.NaN);
        double low = java.util.Arrays.stream(x).min().orElse(0.1);
        double high = java.util.Arrays.stream(x).max().orElse(10);
        // the formulas diverge at the peak; beyond a few times the largest measurement they would only stretch the axis
        double ceiling = 5 * java.util.Arrays.stream(measured).filter(Double::isFinite).max().orElse(Double.POSITIVE_INFINITY);
        int samples = 400;
        double[] dense = new double[samples];
        double[] theory = new double[samples];
        for (int i = 0; i < samples; i++) {
            dense[i] = low * Math.pow(high / low, i / (samples - 1.0));
            double value = formula.applyAsDouble(dense[i]);
            theory[i] = value <= ceiling ? value : Double.NaN;
        }
        return new Plot(title, axis, "excess test risk").logX().logY()
                .add(formulaName, dense, theory, Plot.Style.LINE)
                .add("measured (median)", x, measured, Plot.Style.POINTS);
    }
}
