package dev.interpolationlab.core.data;

import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.proto.v1.DataSpec;

/**
 * The noisy linear teacher of Boursier & Flammarion (science.md RE-6): x ~ N(0, I_d), ‖β*‖ = 1,
 * y = β*·x + σ ξ with ξ ~ N(0, 1). Everything is drawn from the run seed, so any service regenerates the same set.
 */
public final class GaussianTeacher {

    private GaussianTeacher() {
    }

    public static RegressionData generate(DataSpec spec, long runSeed) {
        SplitMix64 random = SplitMix64.stream(runSeed, "data");
        int d = spec.getDim();
        int n = spec.getSamples();
        int nTest = spec.getTestSamples();
        double[] teacher = unitVector(random, d);
        double[] x = gaussianMatrix(random, n, d);
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            y[k] = dot(x, k, teacher, d) + spec.getNoise() * random.nextGaussian();
        }
        double[] xTest = gaussianMatrix(random, nTest, d);
        double[] yTest = new double[nTest];
        for (int k = 0; k < nTest; k++) {
            yTest[k] = dot(xTest, k, teacher, d);
        }
        return new RegressionData(n, d, x, y, nTest, xTest, yTest, teacher);
    }

    private static double[] unitVector(SplitMix64 random, int d) {
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

    private static double[] gaussianMatrix(SplitMix64 random, int rows, int cols) {
        double[] m = new double[rows * cols];
        for (int i = 0; i < m.length; i++) {
            m[i] = random.nextGaussian();
        }
        return m;
    }

    private static double dot(double[] rows, int row, double[] v, int d) {
        double sum = 0.0;
        for (int i = 0; i < d; i++) {
            sum += rows[row * d + i] * v[i];
        }
        return sum;
    }
}
