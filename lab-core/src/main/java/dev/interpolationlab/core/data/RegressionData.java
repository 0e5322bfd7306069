package dev.interpolationlab.core.data;

/**
 * A regression data set, row-major. The test targets are the noiseless teacher values, so a test loss measured
 * against them is the excess risk (the quantity the threshold and double-descent analyses compare).
 *
 * @param x         n×d training inputs
 * @param y         n training labels (teacher plus noise)
 * @param xTest     n_test×d test inputs
 * @param yTest     n_test noiseless test targets
 * @param teacher   the linear teacher β* (‖β*‖ = 1) that generated the labels, or null when the data have none
 */
public record RegressionData(int n, int d, double[] x, double[] y, int nTest, double[] xTest, double[] yTest, double[] teacher) {

    /**
     * The same data with a constant 1 appended to every input: a hidden bias b_j is then the last weight of w_j, and
     * least squares on these inputs is the affine (intercept) fit.
     */
    public RegressionData withBiasColumn() {
        return new RegressionData(n, d + 1, appendOnes(x, n, d), y, nTest, appendOnes(xTest, nTest, d), yTest, null);
    }

    private static double[] appendOnes(double[] rows, int count, int width) {
        double[] augmented = new double[count * (width + 1)];
        for (int k = 0; k < count; k++) {
            System.arraycopy(rows, k * width, augmented, k * (width + 1), width);
            augmented[k * (width + 1) + width] = 1.0;
        }
        return augmented;
    }
}
