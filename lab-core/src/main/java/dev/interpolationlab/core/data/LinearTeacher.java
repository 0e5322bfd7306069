package dev.interpolationlab.core.data;

import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.proto.v1.DataSpec;

/**
 * The noisy linear teacher of Boursier & Flammarion (science.md RE-6) over any input distribution: ‖β*‖ = 1,
 * y = β*·x + σξ with ξ ~ N(0, 1) for training, and the noiseless β*·x for testing. Drawn from the run seed in a fixed
 * order (β*, training inputs and noise, test inputs), so any service regenerates the same set. With
 * {@code labels: random-sign} every label is an independent uniform ±1 instead, and there is no teacher to align to.
 */
final class LinearTeacher {

    /** Draws one input row of dimension d into {@code row} at {@code offset}. */
    interface InputDistribution {
        void draw(SplitMix64 random, double[] rows, int offset, int d);
    }

    private LinearTeacher() {
    }

    static DataSet generate(DataSpec spec, long runSeed, InputDistribution inputs) {
        SplitMix64 random = SplitMix64.stream(runSeed, "data");
        int d = spec.getDim();
        int n = spec.getSamples();
        int nTest = spec.getTestSamples();
        double[] teacher = unitVector(random, d);
        boolean randomSign = spec.getLabels().equals("random-sign");
        double[] x = draw(random, inputs, n, d);
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            y[k] = randomSign ? randomSign(random) : dot(x, k, teacher, d) + spec.getNoise() * random.nextGaussian();
        }
        double[] xTest = draw(random, inputs, nTest, d);
        double[] yTest = new double[nTest];
        for (int k = 0; k < nTest; k++) {
            yTest[k] = randomSign ? randomSign(random) : dot(xTest, k, teacher, d);
        }
        return DataSet.regression(n, d, x, y, nTest, xTest, yTest, randomSign ? null : teacher);
    }

    /** A uniform ±1 label, independent of the input: the labels of Bubeck & Sellke's noisy fitting (science.md RE-8). */
    private static double randomSign(SplitMix64 random) {
        return random.nextDouble() < 0.5 ? -1.0 : 1.0;
    }

    static double[] unitVector(SplitMix64 random, int d) {
        double[] v = new double[d];
        double norm = 0.0;
        while (norm == 0.0) {
            norm = 0.0;
            for (int i = 0; i < d; i++) {
                v[i] = random.nextGaussian();
                norm += v[i] * v[i];
            }
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < d; i++) {
            v[i] /= norm;
        }
        return v;
    }

    private static double[] draw(SplitMix64 random, InputDistribution inputs, int rows, int d) {
        double[] x = new double[rows * d];
        for (int k = 0; k < rows; k++) {
            inputs.draw(random, x, k * d, d);
        }
        return x;
    }

    private static double dot(double[] rows, int row, double[] v, int d) {
        double sum = 0.0;
        for (int i = 0; i < d; i++) {
            sum += rows[row * d + i] * v[i];
        }
        return sum;
    }
}
