package dev.interpolationlab.cli.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
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
        for (JsonNode run : sweep.completedRuns()) {
            String scheme = SweepResult.gridText(run, "model.init.scheme");
            double scale = SweepResult.grid(run, "model.init.scale");
            String label = scheme + " λ = " + Check.number(scale);
            double loss = run.path("finalTrainLoss").asDouble(Double.NaN);
            if (scheme.equals("balanced") && scale <= 1e-3) {
                evaluation.check(Check.near("final MSE, " + label, loss, AFFINE_OLS_MSE, 1e-4));
                evaluation.check(new Check("neuron directions (≥ 1% of the mass), " + label, "1",
                        run.path("directionClusters").asText("–"), run.path("directionClusters").asInt(-1) == 1));
                evaluation.check(Check.below("final ‖∇L‖, " + label + " (a stationary point)", run.path("gradNorm").asDouble(Double.NaN), 1e-6));
            } else if (scheme.equals("unbalanced") && scale >= 1) {
                evaluation.check(Check.below("final MSE, " + label, loss, 1e-12));
            } else {
                evaluation.note("Outside the claim, for reference: " + label + " ended at MSE " + Check.number(loss) + " with "
                        + run.path("directionClusters").asText("–") + " direction(s).");
                continue;
            }
            JsonNode steps = sweep.metrics(run.path("id").asText());
            losses.add(label, SweepResult.column(steps, "step"), SweepResult.column(steps, "trainLoss"), Plot.Style.LINE);
        }
        losses.add("affine OLS MSE 0.17504", new double[] {1, 2e5}, new double[] {AFFINE_OLS_MSE, AFFINE_OLS_MSE}, Plot.Style.DASHED,
                java.awt.Color.GRAY);
        evaluation.figure(slug(), losses, "Train MSE against GD step: the balanced small initialisations stop on the affine "
                + "least-squares value, the unbalanced large ones go to the global minimum.");
    }
}
