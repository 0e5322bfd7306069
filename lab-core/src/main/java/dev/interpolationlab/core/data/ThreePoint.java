package dev.interpolationlab.core.data;

/**
 * The 3-point data set of Boursier & Flammarion's no-convergence example (science.md §1(b), RE-4; values as in the
 * authors' code): x = (−0.75, −0.5, 0.125), y = (1.1, 0.1, 0.8). The middle point lies below the best affine fit,
 * so with small initialisation gradient descent stops at a spurious stationary point. It has no distribution to
 * draw a test set from: its test set is its training set.
 */
public final class ThreePoint {

    static final double[] X = {-0.75, -0.5, 0.125};
    static final double[] Y = {1.1, 0.1, 0.8};

    private ThreePoint() {
    }

    public static DataSet generate() {
        return DataSet.regression(3, 1, X.clone(), Y.clone(), 3, X.clone(), Y.clone(), null);
    }
}
