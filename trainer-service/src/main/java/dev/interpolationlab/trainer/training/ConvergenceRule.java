package dev.interpolationlab.trainer.training;

/**
 * The convergence stopping rule of science.md §2.2: stop once, over the last {@code window} steps, the train loss
 * changed by less than {@code lossTolerance} relative to its value at the start of the window and the gradient
 * averaged over the window, ‖(1/W) Σ_{s ∈ window} ∇L(θ_s)‖, is below {@code gradTolerance}. Checked at every multiple
 * of the window.
 *
 * <p>The averaged gradient, not the last one, is what says a ReLU network is stationary: at an end point where a
 * neuron's activation boundary sits on a training point the loss is not differentiable, and gradient descent zigzags
 * across the kink with ‖∇L‖ of order 1e-2 for ever while θ and the loss stand still. The average of the gradients met
 * there tends to an element of the Clarke subdifferential, which holds 0 at a (nonsmooth) stationary point
 * (Clarke, Optimization and Nonsmooth Analysis, 1983, §2.1). Its state (loss at the window's start, the running sum of
 * the window's gradients) is part of a checkpoint, so a resumed run stops at the same step as an uninterrupted one.
 */
final class ConvergenceRule {

    private final long window;
    private final double lossTolerance;
    private final double gradTolerance;
    private final double[] gradientSum;
    private double windowStartLoss = Double.NaN;

    ConvergenceRule(long window, double lossTolerance, double gradTolerance, int parameters) {
        this.window = window;
        this.lossTolerance = lossTolerance;
        this.gradTolerance = gradTolerance;
        this.gradientSum = new double[parameters];
    }

    /** Sees step t's loss and gradient; true when the run has converged at t. */
    boolean converged(long t, double loss, double[] gradient) {
        for (int i = 0; i < gradientSum.length; i++) {
            gradientSum[i] += gradient[i];
        }
        if (t % window != 0) {
            return false;
        }
        double squares = 0.0;
        for (int i = 0; i < gradientSum.length; i++) {
            squares += gradientSum[i] * gradientSum[i];
        }
        double averageGradNorm = Math.sqrt(squares) / window;
        boolean converged = !Double.isNaN(windowStartLoss)
                && Math.abs(windowStartLoss - loss) <= lossTolerance * windowStartLoss
                && averageGradNorm <= gradTolerance;
        windowStartLoss = loss;
        java.util.Arrays.fill(gradientSum, 0.0);
        return converged;
    }

    double[] state() {
        double[] state = new double[1 + gradientSum.length];
        state[0] = windowStartLoss;
        System.arraycopy(gradientSum, 0, state, 1, gradientSum.length);
        return state;
    }

    /** A state of another length (a checkpoint of an earlier rule) starts a fresh window. */
    void restore(double[] state) {
        if (state.length == 1 + gradientSum.length) {
            windowStartLoss = state[0];
            System.arraycopy(state, 1, gradientSum, 0, gradientSum.length);
        }
    }
}
