package dev.interpolationlab.cli.reproduce;

import dev.interpolationlab.proto.v1.GeometryPoint;
import java.util.List;
import java.util.TreeMap;

/**
 * RE-8 (science.md §5, §1(d); Bubeck &amp; Sellke 2021): a model with p parameters that fits n random labels in d
 * dimensions has Lipschitz constant at least of order √(nd/p). Min-norm ReLU random-features interpolators of random
 * ±1 labels, with the analysis' lower estimate max ‖∇ₓh‖ over the training and test points.
 */
final class Re8Robustness extends Experiment {

    Re8Robustness() {
        super("RE-8", "Law of robustness sanity check (Bubeck & Sellke)", "re8-robustness.yaml");
    }

    @Override
    void evaluate(List<SweepResult> sweeps, Evaluation evaluation) {
        SweepResult sweep = sweeps.get(0);
        int d = sweep.spec().getBase().getData().getDim();
        // the lab's sphere has radius √d; on the unit sphere of science.md the same interpolator has √d times the gradient
        double toUnitSphere = Math.sqrt(d);
        TreeMap<Integer, double[]> byWidth = new TreeMap<>();
        for (GeometryPoint point : sweep.analysis().getGeometryList()) {
            if (point.hasLipschitzLower() && point.hasLipschitzScale()) {
                byWidth.put(point.getParameters(), new double[] {toUnitSphere * point.getLipschitzLower(), point.getLipschitzScale()});
            }
        }
        if (byWidth.isEmpty()) {
            evaluation.check(new Check("Lipschitz estimates in the analysis", "one per width", "none", false));
            return;
        }
        byWidth.forEach((p, lipschitz) -> evaluation.check(Check.atLeast("max ‖∇f‖ (unit sphere) ≥ √(nd/p), p = " + p, lipschitz[0], lipschitz[1])));
        int rises = 0;
        Double previous = null;
        for (double[] lipschitz : byWidth.values()) {
            rises += previous != null && lipschitz[0] > previous ? 1 : 0;
            previous = lipschitz[0];
        }
        evaluation.check(new Check("max ‖∇f‖ falling as p grows", "no rise", rises + " rise(s)", rises == 0));
        double first = byWidth.firstEntry().getValue()[0];
        double last = byWidth.lastEntry().getValue()[0];
        evaluation.note("max ‖∇f‖ on the unit sphere from p = " + byWidth.firstKey() + " to p = " + byWidth.lastKey() + ": " + Check.number(first)
                + " → " + Check.number(last) + "; science.md [SIM]: 323 → 8.6. It need not approach O(1) for this learner (science.md).");
        evaluation.note("The training fits are exact interpolations: every run's final train MSE is at most "
                + Check.number(sweep.completedRuns().stream().mapToDouble(r -> SweepResult.orNaN(r.finalTrainLoss())).max().orElse(Double.NaN))
                + " on labels ±1.");
        double[] p = byWidth.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        Plot plot = new Plot("RE-8: Lipschitz constant of random-features interpolators", "p (parameters)", "Lipschitz constant").logX().logY()
                .add("measured max ‖∇f‖", p, byWidth.values().stream().mapToDouble(v -> v[0]).toArray(), Plot.Style.LINE_POINTS)
                .add("√(nd/p)", p, byWidth.values().stream().mapToDouble(v -> v[1]).toArray(), Plot.Style.DASHED);
        evaluation.figure(slug(), plot, "The measured lower estimate of the Lipschitz constant (max ‖∇f‖ over training and test points, "
                + "inputs on the unit sphere) of min-norm random-features interpolators of n = 400 random ±1 labels in d = 20, beside "
                + "Bubeck & Sellke's √(nd/p).");
    }
}
