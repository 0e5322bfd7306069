package dev.interpolationlab.trainer.training;

import dev.interpolationlab.proto.v1.DataSpec;
import dev.interpolationlab.proto.v1.InitSpec;
import dev.interpolationlab.proto.v1.ModelSpec;
import dev.interpolationlab.proto.v1.OptimizerSpec;
import dev.interpolationlab.proto.v1.RecordSpec;
import dev.interpolationlab.proto.v1.TrainingSpec;

/** Small training specs for tests: d = 5, m = 100, σ = 0.5, GD with lr 0.1. */
public final class TestSpecs {

    private TestSpecs() {
    }

    public static TrainingSpec spec(int samples, double scale, long steps) {
        return TrainingSpec.newBuilder()
                .setModel(ModelSpec.newBuilder().setKind("two-layer").setWidth(100).setActivation("relu")
                        .setInit(InitSpec.newBuilder().setScheme("balanced").setScale(scale)))
                .setData(DataSpec.newBuilder().setKind("gaussian-teacher").setDim(5).setSamples(samples).setNoise(0.5).setTestSamples(500))
                .setOptimizer(OptimizerSpec.newBuilder().setKind("gd").setLr(0.1).setSteps(steps))
                .setLoss("half-mse")
                .setRecord(RecordSpec.newBuilder().setGeometricRatio(1.5))
                .build();
    }

}
