package dev.interpolationlab.trainer.training;

import dev.interpolationlab.core.data.RegressionData;
import dev.interpolationlab.core.linalg.LeastSquares;

/**
 * The "simple solution" the optimisation threshold is measured against (science.md §2.2): OLS fitted on the same
 * training set, its half-MSE on that set (≈ σ²(1 − d/n)/2) and on the test targets.
 */
public record OlsBaseline(double[] beta, double trainLoss, double testLoss) {

    public static OlsBaseline fit(RegressionData data) {
        double[] beta = LeastSquares.solve(data.x(), data.y(), data.n(), data.d());
        return new OlsBaseline(beta,
                LeastSquares.halfMse(data.x(), beta, data.y(), data.n(), data.d()),
                LeastSquares.halfMse(data.xTest(), beta, data.yTest(), data.nTest(), data.d()));
    }
}
