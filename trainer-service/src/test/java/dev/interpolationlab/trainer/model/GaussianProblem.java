package dev.interpolationlab.trainer.model;

import dev.interpolationlab.core.random.SplitMix64;

/** Gaussian inputs and labels with an unbalanced θ of scale 1, drawn from a seed: a two-layer network to evaluate. */
record GaussianProblem(int n, int d, int m, double[] x, double[] y, double[] theta) {

    static GaussianProblem draw(long seed, int n, int d, int m) {
        SplitMix64 random = new SplitMix64(seed);
        double[] x = new double[n * d];
        double[] y = new double[n];
        java.util.Arrays.setAll(x, i -> random.nextGaussian());
        java.util.Arrays.setAll(y, i -> random.nextGaussian());
        return new GaussianProblem(n, d, m, x, y, Initialisation.draw("unbalanced", 1.0, m, m, d, random));
    }
}
