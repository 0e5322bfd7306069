package dev.interpolationlab.core.data;

/**
 * A regression data set, row-major. The test targets are the noiseless teacher values, so a test loss measured
 * against them is the excess risk (the quantity the threshold and double-descent analyses compare).
 *
 * @param x         n×d training inputs
 * @param y         n training labels (teacher plus noise)
 * @param xTest     n_test×d test inputs
 * @param yTest     n_test noiseless test targets
 * @param teacher   the teacher β* (‖β*‖ = 1) that generated the labels
 */
public record RegressionData(int n, int d, double[] x, double[] y, int nTest, double[] xTest, double[] yTest, double[] teacher) {
}
