package dev.interpolationlab.analysis.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interpolationlab.analysis.dispatch.RunTimeline;

/**
 * One run of a sweep with its summary, as the REST API shows it; summary fields are null until it completes, and
 * those a run does not report (OLS ratios without a baseline, accuracies for regression) stay null. {@code attempts}
 * counts the attempts at the run that have started (a retry of a failed attempt, or of one whose trainer died, is
 * one more); {@code resumedFromStep} is the checkpoint step the latest attempt resumed from. {@code endState} is the
 * analysis' certified end state (interpolating | ols-like | spurious | unresolved), null until the run completes.
 * {@code endPoint} is what the analysis measured at θ_T that the end state is decided from (‖∇L‖, the extreme Hessian
 * eigenvalues, the alignment with OLS), or {@code {"skipped": why}}; null for a run it does not measure or has not yet.
 * {@code timeline}: when the run was queued, started and finished, and each attempt at it by trainer.
 */
public record RunRow(String id, Integer index, JsonNode grid, Integer repeat, String seed, String status, String trainer,
        Integer samples, Double finalTrainLoss, Double finalTestLoss, Double olsTrainRatio, Double olsTestRatio,
        String endState, Double gradNorm, Long steps, String stopReason, Long wallMs, String reason, JsonNode provenance,
        Integer directionClusters, Double finalTrainAccuracy, Double finalTestAccuracy, String parameterLayout, Integer attempts,
        Long resumedFromStep, JsonNode endPoint, RunTimeline timeline) {

    public RunRow withEndState(String state) {
        return new RunRow(id, index, grid, repeat, seed, status, trainer, samples, finalTrainLoss, finalTestLoss, olsTrainRatio,
                olsTestRatio, state, gradNorm, steps, stopReason, wallMs, reason, provenance, directionClusters,
                finalTrainAccuracy, finalTestAccuracy, parameterLayout, attempts, resumedFromStep, endPoint, timeline);
    }
}
