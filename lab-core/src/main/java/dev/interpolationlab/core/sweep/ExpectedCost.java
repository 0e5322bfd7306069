package dev.interpolationlab.core.sweep;

import dev.interpolationlab.proto.v1.TrainingSpec;
import java.util.Comparator;
import java.util.List;

/**
 * What a run is expected to cost, in multiply-adds: samples per step × parameters × steps, since a gradient step of
 * these models touches every parameter once per sample (forward and backward); a closed-form fit costs n·p².
 * The horizon bounds a run that may stop early. Used to request a sweep's runs longest first, so that the last runs
 * to start are short and the trainers finish together (the longest-processing-time rule of list scheduling).
 */
public final class ExpectedCost {

    private ExpectedCost() {
    }

    public static double of(TrainingSpec spec) {
        double n = spec.getData().getSamples();
        double d = spec.getData().getDim();
        double m = spec.getModel().getWidth();
        double outputs = Math.max(1, spec.getData().getClasses());
        double parameters = switch (spec.getModel().getKind()) {
            case "two-layer" -> m * (d + 2);
            case "mlp" -> m * d + (Math.max(1, spec.getModel().getDepth()) - 1) * m * m + m * outputs;
            case "random-features" -> m;
            case "linear" -> d + 1;
            default -> m * (d + 1) + 1;
        };
        var optimizer = spec.getOptimizer();
        if (optimizer.getKind().equals("closed-form")) {
            return n * parameters * parameters;
        }
        double perStep = optimizer.getKind().equals("sgd") && optimizer.getBatch() > 0 ? Math.min(n, optimizer.getBatch()) : n;
        return perStep * parameters * optimizer.getSteps();
    }

    /** The runs by descending expected cost; runs of equal cost keep their order. */
    public static List<PlannedRun> longestFirst(List<PlannedRun> runs) {
        return runs.stream().sorted(Comparator.comparingDouble((PlannedRun run) -> of(run.spec())).reversed()).toList();
    }
}
