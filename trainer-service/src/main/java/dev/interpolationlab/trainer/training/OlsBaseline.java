package dev.interpolationlab.trainer.training;

import dev.interpolationlab.core.data.DataSet;
import dev.interpolationlab.core.linalg.LeastSquares;
import dev.interpolationlab.trainer.model.Loss;

/**
 * The "simple solution" the optimisation threshold is measured against (science.md §2.2): OLS fitted on the same
 * training inputs as the network (with the bias column, an affine fit), its loss on that set (≈ σ²(1 − d/n)/2 for
 * the half-MSE of a linear teacher) and on the test targets, in the network's loss.
 */
public record OlsBaseline(double[] beta, double trainLoss, double testLoss) {

    public static OlsBaseline fit(DataSet data, Loss loss) {
        double[] beta = LeastSquares.solve(data.x(), data.y(), data.n(), data.d());
        return new OlsBaseline(beta,
                loss.scale() * LeastSquares.halfMse(data.x(), beta, data.y(), data.n(), data.d()),
                loss.scale() * LeastSquares.halfMse(data.xTest(), beta, data.yTest(), data.nTest(), data.d()));
    }
}
