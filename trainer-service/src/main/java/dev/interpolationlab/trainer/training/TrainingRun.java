package dev.interpolationlab.trainer.training;

import dev.interpolationlab.core.data.DataSets;
import dev.interpolationlab.core.data.RegressionData;
import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.core.science.Interpolation;
import dev.interpolationlab.core.sweep.RecordSchedule;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.RunSummary;
import dev.interpolationlab.proto.v1.TrainingSpec;
import dev.interpolationlab.trainer.model.Initialisation;
import dev.interpolationlab.trainer.model.Loss;
import dev.interpolationlab.trainer.model.TwoLayerRelu;

/**
 * One training run of a two-layer ReLU network (science.md RE-4 to RE-6): data drawn from the run seed, an
 * initialisation of scale λ, full-batch gradient descent on a squared loss for a fixed horizon. Metrics at step t
 * are those of θ_t, the parameters after t updates; a run resumed from a checkpoint of θ_t records the remaining
 * steps with the same numbers as an uninterrupted run (wall time counts from the resume). Knows nothing of Kafka.
 */
public final class TrainingRun {

    private TrainingRun() {
    }

    public static RunSummary execute(TrainingSpec spec, long seed, RunOptions options) {
        long started = System.nanoTime();
        RegressionData drawn = DataSets.generate(spec.getData(), seed);
        boolean bias = spec.getModel().getBias();
        RegressionData data = bias ? drawn.withBiasColumn() : drawn;
        Loss loss = Loss.of(spec.getLoss());
        OlsBaseline ols = OlsBaseline.fit(data, loss);
        int width = spec.getModel().getWidth();
        TwoLayerRelu network = new TwoLayerRelu(data.x(), data.y(), data.n(), data.d(), width, loss);
        double[] initial = Initialisation.draw(spec.getModel().getInit().getScheme(), spec.getModel().getInit().getScale(),
                width, data.d(), SplitMix64.stream(seed, "init"));
        long firstStep = 0;
        if (options.resume().isPresent()) {
            Resume resume = options.resume().get();
            if (resume.parameters().length != initial.length) {
                throw new IllegalArgumentException("checkpoint has " + resume.parameters().length + " parameters, the model " + initial.length);
            }
            initial = resume.parameters();
            firstStep = resume.step();
        }
        network.setParameters(initial);
        TwoLayerRelu.EvaluationSet test = network.evaluationSet(data.xTest(), data.yTest(), data.nTest());
        // Alignment to β̂ and β* is defined for a linear teacher fitted without bias (science.md §2.3).
        boolean linearTeacher = drawn.teacher() != null && !bias;
        NeuronDirections directions = new NeuronDirections(width, data.d(), linearTeacher ? ols.beta() : null,
                linearTeacher ? drawn.teacher() : null);
        NeuronDirections.Measurement last = null;

        long steps = spec.getOptimizer().getSteps();
        double lr = spec.getOptimizer().getLr();
        RecordSchedule schedule = RecordSchedule.of(spec.getRecord(), steps);
        long nextRecord = schedule.first();
        while (nextRecord >= 0 && nextRecord < firstStep) {
            nextRecord = schedule.next(nextRecord);
        }
        long lastCheckpointStep = firstStep;
        long lastCheckpointNanos = System.nanoTime();
        double trainLoss;
        double testLoss = Double.NaN;
        for (long t = firstStep; ; t++) {
            trainLoss = network.lossAndGradient();
            if (t == nextRecord) {
                testLoss = test.loss();
                last = directions.measure(network.parameters());
                EpochMetrics.Builder metrics = EpochMetrics.newBuilder()
                        .setStep(t)
                        .setTrainLoss(trainLoss)
                        .setTestLoss(testLoss)
                        .setGradNorm(network.gradientNorm())
                        .setOlsTrainRatio(trainLoss / ols.trainLoss())
                        .setOlsTestRatio(testLoss / ols.testLoss())
                        .setParamNorm(network.parameterNorm())
                        .setWallMs((System.nanoTime() - started) / 1_000_000)
                        .setDirectionClusters(last.clusters());
                if (linearTeacher) {
                    metrics.setAlignmentOls(last.alignmentOls()).setAlignmentTeacher(last.alignmentTeacher());
                }
                options.metrics().record(metrics);
                nextRecord = schedule.next(t);
            }
            if (t == steps) {
                break;
            }
            if (t - lastCheckpointStep >= options.checkpointSteps()
                    || System.nanoTime() - lastCheckpointNanos >= options.checkpointInterval().toNanos()) {
                options.checkpoints().save(t, network.parameters());
                lastCheckpointStep = t;
                lastCheckpointNanos = System.nanoTime();
            }
            if (options.stopRequested().getAsBoolean()) {
                options.checkpoints().save(t, network.parameters()); // whoever resumes loses nothing
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
                .setDirectionClusters(last.clusters())
                .build();
    }
}
