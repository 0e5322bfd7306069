package dev.interpolationlab.cli.reproduce;

import dev.interpolationlab.api.MetricRow;
import dev.interpolationlab.api.RunView;
import java.util.List;

/**
 * RE-4 (science.md §5; Boursier &amp; Flammarion 2024, 3-point example): from a small balanced initialisation, GD stops
 * at the affine least-squares fit, a spurious stationary point with one neuron direction; a large unbalanced
 * initialisation reaches the global minimum.
 */
final class Re4ThreePoint extends Experiment {

    /** The MSE of the affine least-squares fit of the three points (science.md §1(b)). */
    static final double AFFINE_OLS_MSE = 0.17504;

    Re4ThreePoint() {
        super("RE-4", "No convergence at small initialisation (Boursier & Flammarion's 3-point example)", "re4-three-point.yaml");
    }

    @Override
    void evaluate(List<SweepResult> sweeps, Evaluation evaluation) {
        SweepResult sweep = sweeps.get(0);
        Plot losses = new Plot("RE-4: three points, m = 1000, GD lr 1e-2", "step", "train MSE").logX().logY();
        for (RunView run : sweep.completedRuns()) {
            String scheme = run.gridText("model.init.scheme");
            double scale = run.gridNumber("model.init.scale");
            String label = scheme + " λ = " + Check.number(scale);
            double loss = SweepResult.orNaN(run.finalTrainLoss());
            String directions = run.directionClusters() == null ? "–" : String.valueOf(run.directionClusters());
            if (scheme.equals("balanced") && scale <= 1e-3) {
                evaluation.check(Check.near("final MSE, " + label, loss, AFFINE_OLS_MSE, 1e-4));
                evaluation.check(new Check("neuron directions (≥ 1% of the mass), " + label, "1",
                        directions, Integer.valueOf(1).equals(run.directionClusters())));
                evaluation.check(Check.below("final ‖∇L‖, " + label + " (a stationary point)", SweepResult.orNaN(run.gradNorm()), 1e-6));
            } else if (scheme.equals("unbalanced") && scale >= 1) {
                evaluation.check(Check.below("final MSE, " + label, loss, 1e-12));
            } else {
                evaluation.note("Outside the claim, for reference: " + label + " ended at MSE " + Check.number(loss) + " with "
                        + directions + " direction(s).");
                continue;
            }
            List<MetricRow> steps = sweep.metrics(run.id());
            losses.add(label, SweepResult.column(steps, MetricRow::step), SweepResult.column(steps, MetricRow::trainLoss), Plot.Style.LINE);
        }
        losses.add("affine OLS MSE 0.17504", new double[] {1, 2e5}, new double[] {AFFINE_OLS_MSE, AFFINE_OLS_MSE}, Plot.Style.DASHED,
                java.awt.Color.GRAY);
        evaluation.figure(slug(), losses, "Train MSE against GD step: the balanced small initialisations stop on the affine "
                + "least-squares value, the unbalanced large ones go to the global minimum.");
    }
}
