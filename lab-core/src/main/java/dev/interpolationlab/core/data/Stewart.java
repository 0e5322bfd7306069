package dev.interpolationlab.core.data;

import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.proto.v1.DataSpec;

/**
 * The 1-D "Stewart" teacher of the authors' early-alignment code (science.md §1(b), RE-5): x ~ U[−1, 1] and y the
 * piecewise-linear interpolation through the knots below, plus optional label noise σξ. Test targets are noiseless.
 */
public final class Stewart {

    static final double[] KNOTS_X = {-1, -0.7, -0.55, -0.4, 0, 0.5, 0.6, 0.7, 1};
    static final double[] KNOTS_Y = {0, 0.7, 0.5, 1, 0, 1, 0.6, 0.7, 0};

    private Stewart() {
    }

    public static DataSet generate(DataSpec spec, long runSeed) {
        SplitMix64 random = SplitMix64.stream(runSeed, "data");
        int n = spec.getSamples();
        int nTest = spec.getTestSamples();
        double[] x = uniform(random, n);
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            y[k] = teacher(x[k]) + spec.getNoise() * random.nextGaussian();
        }
        double[] xTest = uniform(random, nTest);
        double[] yTest = new double[nTest];
        for (int k = 0; k < nTest; k++) {
            yTest[k] = teacher(xTest[k]);
        }
        return DataSet.regression(n, 1, x, y, nTest, xTest, yTest, null);
    }

    /** Linear interpolation through the knots (numpy.interp on [−1, 1]). */
    static double teacher(double x) {
        if (x <= KNOTS_X[0]) {
            return KNOTS_Y[0];
        }
        for (int i = 1; i < KNOTS_X.length; i++) {
            if (x <= KNOTS_X[i]) {
                double t = (x - KNOTS_X[i - 1]) / (KNOTS_X[i] - KNOTS_X[i - 1]);
                return KNOTS_Y[i - 1] + t * (KNOTS_Y[i] - KNOTS_Y[i - 1]);
            }
        }
        return KNOTS_Y[KNOTS_Y.length - 1];
    }

    private static double[] uniform(SplitMix64 random, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = 2.0 * random.nextDouble() - 1.0;
        }
        return values;
    }
}
