package dev.interpolationlab.trainer.training;

/**
 * The convergence stopping rule of science.md §2.2: stop once, over the last {@code window} steps, the train loss
 * changed by less than {@code lossTolerance} relative to its value at the start of the window and ‖∇L‖ stayed below
 * {@code gradTolerance}. Checked at every multiple of the window. Its state (loss at the window's start, largest
 * gradient norm since) is part of a checkpoint, so a resumed run stops at the same step as an uninterrupted one.
 */
final class ConvergenceRule {

    private final long window;
    private final double lossTolerance;
    private final double gradTolerance;
    private double windowStartLoss = Double.NaN;
    private double largestGradNorm;

    ConvergenceRule(long window, double lossTolerance, double gradTolerance) {
        this.window = window;
        this.lossTolerance = lossTolerance;
        this.gradTolerance = gradTolerance;
    }

    /** Sees step t's loss and gradient norm; true when the run has converged at t. */
    boolean converged(long t, double loss, double gradNorm) {
        largestGradNorm = Math.max(largestGradNorm, gradNorm);
        if (t % window != 0) {
            return false;
        }
        boolean converged = !Double.isNaN(windowStartLoss)
                && Math.abs(windowStartLoss - loss) <= lossTolerance * windowStartLoss
                && largestGradNorm <= gradTolerance;
        windowStartLoss = loss;
        largestGradNorm = gradNorm;
        return converged;
    }

    double[] state() {
        return new double[] {windowStartLoss, largestGradNorm};
    }

    void restore(double[] state) {
        if (state.length == 2) {
            windowStartLoss = state[0];
            largestGradNorm = state[1];
        }
    }
}
