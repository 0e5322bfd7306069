package dev.interpolationlab.trainer.training;

/**
 * Adam (Kingma & Ba 2015, Algorithm 1) with β₁ = 0.9, β₂ = 0.999, ε = 1e-8, as torch.optim.Adam's defaults:
 * m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − lr·m̂/(√v̂ + ε)  with  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
 * State: t, then m, then v.
 */
final class Adam implements Optimizer {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private final double lr;
    private final double[] first;
    private final double[] second;
    private long t;

    Adam(double lr, int parameters) {
        this.lr = lr;
        this.first = new double[parameters];
        this.second = new double[parameters];
    }

    @Override
    public void update(double[] theta, double[] gradient) {
        t++;
        double firstCorrection = 1.0 - Math.pow(BETA1, t);
        double secondCorrection = 1.0 - Math.pow(BETA2, t);
        for (int i = 0; i < theta.length; i++) {
            double g = gradient[i];
            first[i] = BETA1 * first[i] + (1.0 - BETA1) * g;
            second[i] = BETA2 * second[i] + (1.0 - BETA2) * g * g;
            theta[i] -= lr * (first[i] / firstCorrection) / (Math.sqrt(second[i] / secondCorrection) + EPSILON);
        }
    }

    @Override
    public double[] state() {
        double[] state = new double[stateLength()];
        state[0] = t;
        System.arraycopy(first, 0, state, 1, first.length);
        System.arraycopy(second, 0, state, 1 + first.length, second.length);
        return state;
    }

    @Override
    public void restore(double[] state) {
        t = (long) state[0];
        System.arraycopy(state, 1, first, 0, first.length);
        System.arraycopy(state, 1 + first.length, second, 0, second.length);
    }

    @Override
    public int stateLength() {
        return 1 + 2 * first.length;
    }
}
