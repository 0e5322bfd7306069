package dev.interpolationlab.trainer.training;

/**
 * Gradient descent with heavy-ball momentum in PyTorch's convention (torch.optim.SGD, dampening 0), the optimiser of
 * Zhang et al.'s experiments: v ← μv + g, θ ← θ − lr·v. With μ = 0 it is plain (stochastic) gradient descent,
 * θ ← θ − lr·g, and keeps no state.
 */
final class HeavyBall implements Optimizer {

    private final double lr;
    private final double momentum;
    private final double[] velocity;

    HeavyBall(double lr, double momentum, int parameters) {
        this.lr = lr;
        this.momentum = momentum;
        this.velocity = new double[parameters];
    }

    @Override
    public void update(double[] theta, double[] gradient) {
        if (velocity.length == 0) {
            TrainingRun.gradientStep(theta, gradient, lr);
            return;
        }
        for (int i = 0; i < theta.length; i++) {
            velocity[i] = momentum * velocity[i] + gradient[i];
            theta[i] -= lr * velocity[i];
        }
    }

    @Override
    public double[] state() {
        return velocity.clone();
    }

    @Override
    public void restore(double[] state) {
        System.arraycopy(state, 0, velocity, 0, velocity.length);
    }

    @Override
    public int stateLength() {
        return velocity.length;
    }
}
