package dev.interpolationlab.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.proto.v1.DataSpec;
import dev.interpolationlab.proto.v1.InitSpec;
import dev.interpolationlab.proto.v1.ModelSpec;
import dev.interpolationlab.proto.v1.OptimizerSpec;
import dev.interpolationlab.proto.v1.RecordSpec;
import dev.interpolationlab.proto.v1.RunSummary;
import dev.interpolationlab.proto.v1.TrainingSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sharp reference experiments of science.md §5, run by the trainer's training loop. */
class ReferenceExperimentsTest {

    /** The MSE of the best affine fit to the 3 points, computed in closed form in the test below. */
    private static double affineOlsMse() {
        double[] x = {-0.75, -0.5, 0.125};
        double[] y = {1.1, 0.1, 0.8};
        double meanX = (x[0] + x[1] + x[2]) / 3;
        double meanY = (y[0] + y[1] + y[2]) / 3;
        double sxy = 0;
        double sxx = 0;
        for (int k = 0; k < 3; k++) {
            sxy += (x[k] - meanX) * (y[k] - meanY);
            sxx += (x[k] - meanX) * (x[k] - meanX);
        }
        double slope = sxy / sxx;
        double mse = 0;
        for (int k = 0; k < 3; k++) {
            double r = meanY + slope * (x[k] - meanX) - y[k];
            mse += r * r / 3;
        }
        return mse;
    }

    /**
     * RE-4 (Boursier & Flammarion's no-convergence example): three points, hidden bias, m = 1000, GD with lr 1e-2 for
     * 2·10⁵ steps on the MSE. Small balanced initialisation stops at the affine-OLS MSE 0.17504 with one neuron
     * direction, a spurious stationary point; a large unbalanced initialisation reaches the global minimum.
     */
    @ParameterizedTest(name = "{0} init, scale {1}")
    @CsvSource({"balanced, 1e-3", "balanced, 1e-6", "unbalanced, 1.0"})
    void threePointsSmallInitialisationStopsAtTheAffineFit(String scheme, double scale) {
        TrainingSpec spec = TrainingSpec.newBuilder()
                .setModel(ModelSpec.newBuilder().setKind("two-layer").setWidth(1000).setActivation("relu").setBias(true)
                        .setInit(InitSpec.newBuilder().setScheme(scheme).setScale(scale)))
                .setData(DataSpec.newBuilder().setKind("three-point").setDim(1).setSamples(3).setTestSamples(3))
                .setOptimizer(OptimizerSpec.newBuilder().setKind("gd").setLr(1e-2).setSteps(200_000))
                .setLoss("mse")
                .setRecord(RecordSpec.newBuilder().setGeometricRatio(2.0))
                .build();
        RunSummary summary = TrainingRun.execute(spec, 1, RunOptions.metricsOnly(metrics -> { }));

        assertEquals(0.17504, affineOlsMse(), 1e-5);
        if (scheme.equals("balanced")) {
            assertEquals(affineOlsMse(), summary.getFinalTrainLoss(), 1e-4, summary.toString());
            assertEquals(1.0, summary.getOlsTrainRatio(), 1e-3);
            assertEquals(1, summary.getDirectionClusters(), "all the mass in one direction");
            assertTrue(summary.getGradNorm() < 1e-4, "a stationary point: ‖∇L‖ = " + summary.getGradNorm());
        } else {
            assertTrue(summary.getFinalTrainLoss() < 1e-12, "global minimum: " + summary.getFinalTrainLoss());
        }
    }
}
