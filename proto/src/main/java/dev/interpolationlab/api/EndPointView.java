package dev.interpolationlab.api;

/**
 * What the analysis measured at a run's final parameters θ_T, from which its end state is decided (Boursier &
 * Flammarion 2024, §3: a stationary point is told apart by its gradient and the extreme eigenvalues of its Hessian):
 * ‖∇L(θ_T)‖, the extreme Hessian eigenvalues by Lanczos with the residual that certifies them, and the trained
 * function's alignment with and distance to the OLS predictor. {@code skipped} says why nothing was measured (every
 * other field is then null).
 */
public record EndPointView(Double trainLoss, Double gradNorm, Double hessianMin, Double hessianMax, Double hessianResidual,
        Integer lanczosSteps, Boolean hessianConverged, Double olsAlignment, Double olsDistance, String skipped) {
}
