package dev.interpolationlab.trainer.training;

import dev.interpolationlab.core.science.Stationarity;

/**
 * The convergence stopping rule of science.md §2.2, checked at every multiple t of the {@code window}: stop once
 * <ol>
 *   <li>over the last window the train loss changed by less than {@code lossTolerance} relative to its value at the
 *       window's start,</li>
 *   <li>the gradient averaged over the window, ‖(1/W) Σ_{s ∈ window} ∇L(θ_s)‖, is below {@code gradTolerance}, and</li>
 *   <li>over the last doubling of steps, from the window end at or before t/2 to t, the loss moved by at most
 *       {@link Stationarity#LOSS_CHANGE_OVER_DOUBLING} of its value — the horizon-extension check the analysis
 *       certifies with, so that one flat window after a fast descent does not stop a run that is only pausing.</li>
 * </ol>
 *
 * <p>The averaged gradient, not the last one, is what says a ReLU network is stationary: at an end point where a
 * neuron's activation boundary sits on a training point the loss is not differentiable, and gradient descent zigzags
 * across the kink with ‖∇L‖ of order 1e-2 for ever while θ and the loss stand still. The average of the gradients met
 * there tends to an element of the Clarke subdifferential, which holds 0 at a (nonsmooth) stationary point
 * (Clarke, Optimization and Nonsmooth Analysis, 1983, §2.1). Its state (the loss at every window end so far, the
 * running sum of the window's gradients) is part of a checkpoint, so a resumed run stops at the same step as an
 * uninterrupted one. It allocates nothing per step.
 */
final class ConvergenceRule {

    private final long window;
    private final double lossTolerance;
    private final double gradTolerance;
    private final double[] gradientSum;
    private final double[] windowEndLoss; // L(kW) for k = 0, 1, …; NaN until seen

    /** @param horizon the most steps the run takes, which bounds the window ends to remember */
    ConvergenceRule(long window, double lossTolerance, double gradTolerance, int parameters, long horizon) {
        this.window = window;
        this.lossTolerance = lossTolerance;
        this.gradTolerance = gradTolerance;
        this.gradientSum = new double[parameters];
        this.windowEndLoss = new double[(int) (horizon / window) + 1];
        java.util.Arrays.fill(windowEndLoss, Double.NaN);
    }

    /** Sees step t's loss and gradient; true when the run has converged at t. */
    boolean converged(long t, double loss, double[] gradient) {
        for (int i = 0; i < gradientSum.length; i++) {
            gradientSum[i] += gradient[i];
        }
        if (t % window != 0) {
            return false;
        }
        int k = (int) (t / window);
        double squares = 0.0;
        for (int i = 0; i < gradientSum.length; i++) {
            squares += gradientSum[i] * gradientSum[i];
        }
        java.util.Arrays.fill(gradientSum, 0.0);
        if (k >= windowEndLoss.length) {
            return false;
        }
        windowEndLoss[k] = loss;
        if (k < 2) {
            return false;
        }
        double windowStart = windowEndLoss[k - 1];
        double halfway = windowEndLoss[k / 2];
        return Math.abs(windowStart - loss) <= lossTolerance * windowStart
                && Math.sqrt(squares) / window <= gradTolerance
                && Stationarity.lossChangeOverDoubling(halfway, loss) <= Stationarity.LOSS_CHANGE_OVER_DOUBLING;
    }

    /** The window-end losses, then the running gradient sum. */
    double[] state() {
        double[] state = new double[windowEndLoss.length + gradientSum.length];
        System.arraycopy(windowEndLoss, 0, state, 0, windowEndLoss.length);
        System.arraycopy(gradientSum, 0, state, windowEndLoss.length, gradientSum.length);
        return state;
    }

    /** A state of another length (a checkpoint of an earlier rule) starts afresh. */
    void restore(double[] state) {
        if (state.length == windowEndLoss.length + gradientSum.length) {
            System.arraycopy(state, 0, windowEndLoss, 0, windowEndLoss.length);
            System.arraycopy(state, windowEndLoss.length, gradientSum, 0, gradientSum.length);
        }
    }
}
