package dev.interpolationlab.core.data;

/**
 * A data set, row-major. For regression the test targets are the noiseless teacher values where the data have a
 * teacher, so a test loss measured against them is the excess risk (the quantity the threshold and double-descent
 * analyses compare). For classification the labels are class indices 0…K−1 stored as doubles, and the test labels
 * are clean (label noise corrupts training labels only).
 *
 * @param x         n×d training inputs
 * @param y         n training labels
 * @param xTest     n_test×d test inputs
 * @param yTest     n_test test targets
 * @param teacher   the linear teacher β* (‖β*‖ = 1) that generated the labels, or null when the data have none
 * @param classes   K for classification, 0 for regression
 */
public record DataSet(int n, int d, double[] x, double[] y, int nTest, double[] xTest, double[] yTest, double[] teacher,
        int classes) {

    public static DataSet regression(int n, int d, double[] x, double[] y, int nTest, double[] xTest, double[] yTest,
            double[] teacher) {
        return new DataSet(n, d, x, y, nTest, xTest, yTest, teacher, 0);
    }

    public boolean isClassification() {
        return classes > 0;
    }

    /**
     * The same data with a constant 1 appended to every input: a hidden bias b_j is then the last weight of w_j, and
     * least squares on these inputs is the affine (intercept) fit.
     */
    public DataSet withBiasColumn() {
        return new DataSet(n, d + 1, appendOnes(x, n, d), y, nTest, appendOnes(xTest, nTest, d), yTest, null, classes);
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
