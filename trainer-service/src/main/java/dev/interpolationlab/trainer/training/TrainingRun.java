package dev.interpolationlab.trainer.training;

import dev.interpolationlab.core.data.GaussianTeacher;
import dev.interpolationlab.core.data.RegressionData;
import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.core.science.Interpolation;
import dev.interpolationlab.core.sweep.RecordSchedule;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.RunSummary;
import dev.interpolationlab.proto.v1.TrainingSpec;
import dev.interpolationlab.trainer.model.TwoLayerRelu;
import java.util.function.BooleanSupplier;

/**
 * One run of science.md RE-6: a two-layer ReLU network with balanced initialisation of scale λ, trained by
 * full-batch gradient descent on the half-MSE of a noisy Gaussian linear teacher, for a fixed horizon.
 * Metrics at step t are those of θ_t, the parameters after t updates. Knows nothing of Kafka.
 */
public final class TrainingRun {

    private TrainingRun() {
    }

    public static RunSummary execute(TrainingSpec spec, long seed, MetricsSink sink, BooleanSupplier stopRequested) {
        long started = System.nanoTime();
        RegressionData data = GaussianTeacher.generate(spec.getData(), seed);
        OlsBaseline ols = OlsBaseline.fit(data);
        TwoLayerRelu network = new TwoLayerRelu(data.x(), data.y(), data.n(), data.d(), spec.getModel().getWidth());
        network.initBalanced(spec.getModel().getInit().getScale(), SplitMix64.stream(seed, "init"));
        TwoLayerRelu.EvaluationSet test = network.evaluationSet(data.xTest(), data.yTest(), data.nTest());

        long steps = spec.getOptimizer().getSteps();
        double lr = spec.getOptimizer().getLr();
        RecordSchedule schedule = RecordSchedule.of(spec.getRecord(), steps);
        long nextRecord = schedule.first();
        double trainLoss;
        double testLoss = Double.NaN;
        for (long t = 0; ; t++) {
            trainLoss = network.lossAndGradient();
            if (t == nextRecord) {
                testLoss = test.halfMse();
                sink.record(EpochMetrics.newBuilder()
                        .setStep(t)
                        .setTrainLoss(trainLoss)
                        .setTestLoss(testLoss)
                        .setGradNorm(network.gradientNorm())
                        .setOlsTrainRatio(trainLoss / ols.trainLoss())
                        .setOlsTestRatio(testLoss / ols.testLoss())
                        .setParamNorm(network.parameterNorm())
                        .setWallMs((System.nanoTime() - started) / 1_000_000));
                nextRecord = schedule.next(t);
            }
            if (t == steps) {
                break;
            }
            if (stopRequested.getAsBoolean()) {
                throw new TrainingStoppedException(t);
            }
            network.gradientStep(lr);
        }
        double trainRatio = trainLoss / ols.trainLoss();
        return RunSummary.newBuilder()
                .setSteps(steps)
                .setStopReason("horizon")
                .setFinalTrainLoss(trainLoss)
                .setFinalTestLoss(testLoss)
                .setOlsTrainLoss(ols.trainLoss())
                .setOlsTestLoss(ols.testLoss())
                .setOlsTrainRatio(trainRatio)
                .setOlsTestRatio(testLoss / ols.testLoss())
                .setGradNorm(network.gradientNorm())
                .setInterpolating(Interpolation.isInterpolating(trainRatio))
                .setWallMs((System.nanoTime() - started) / 1_000_000)
                .setSamples(data.n())
                .build();
    }
}
