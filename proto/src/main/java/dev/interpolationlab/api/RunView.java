package dev.interpolationlab.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One run of a sweep with its summary, as the REST API shows it; summary fields are null until it completes, and
 * those a run does not report (OLS ratios without a baseline, accuracies for regression) stay null. {@code attempts}
 * counts the attempts at the run that have started (a retry of a failed attempt, or of one whose trainer died, is
 * one more); {@code resumedFromStep} is the checkpoint step the latest attempt resumed from. {@code endState} is the
 * analysis' certified end state (interpolating | ols-like | spurious | unresolved), null until the run completes.
 * {@code endPoint} is what the analysis measured at θ_T that the end state is decided from (‖∇L‖, the extreme Hessian
 * eigenvalues, the alignment with OLS), or only why it was skipped; null for a run it does not measure or has not yet.
 * {@code grid}: the run's grid point, each swept path (dotted, as in the spec) to its value (a JSON scalar: number,
 * text or boolean). {@code provenance}: {@code Provenance} of the lab's protobuf contract, in its JSON form.
 * {@code timeline}: when the run was queued, started and finished, and each attempt at it by trainer.
 */
public record RunView(String id, Integer index, Map<String, Object> grid, Integer repeat, String seed, String status, String trainer,
        Integer samples, Double finalTrainLoss, Double finalTestLoss, Double olsTrainRatio, Double olsTestRatio,
        String endState, Double gradNorm, Long steps, String stopReason, Long wallMs, String reason, @Schema(ref = "Provenance") JsonNode provenance,
        Integer directionClusters, Double finalTrainAccuracy, Double finalTestAccuracy, String parameterLayout, Integer attempts,
        Long resumedFromStep, EndPointView endPoint, RunTimeline timeline) {

    /** The run's value of a numeric grid path; NaN when the path is not swept or its value is not a number. */
    public double gridNumber(String path) {
        return grid != null && grid.get(path) instanceof Number number ? number.doubleValue() : Double.NaN;
    }

    /** The run's value of a grid path as text; empty when the path is not swept. */
    public String gridText(String path) {
        Object value = grid == null ? null : grid.get(path);
        return value == null ? "" : value.toString();
    }

    public boolean completed() {
        return "completed".equals(status);
    }

    public RunView withEndState(String state) {
        return new RunView(id, index, grid, repeat, seed, status, trainer, samples, finalTrainLoss, finalTestLoss, olsTrainRatio,
                olsTestRatio, state, gradNorm, steps, stopReason, wallMs, reason, provenance, directionClusters,
                finalTrainAccuracy, finalTestAccuracy, parameterLayout, attempts, resumedFromStep, endPoint, timeline);
    }
}
