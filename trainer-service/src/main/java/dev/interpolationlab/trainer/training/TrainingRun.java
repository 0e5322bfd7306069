package dev.interpolationlab.trainer.training;

import dev.interpolationlab.core.data.DataSets;
import dev.interpolationlab.core.data.RegressionData;
import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.core.science.Interpolation;
import dev.interpolationlab.core.sweep.RecordSchedule;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.ModelSpec;
import dev.interpolationlab.proto.v1.OptimizerSpec;
import dev.interpolationlab.proto.v1.RunSummary;
import dev.interpolationlab.proto.v1.TrainingSpec;
import dev.interpolationlab.trainer.model.Activation;
import dev.interpolationlab.trainer.model.Initialisation;
import dev.interpolationlab.trainer.model.Loss;
import dev.interpolationlab.trainer.model.Objective;
import dev.interpolationlab.trainer.model.Parallel;
import dev.interpolationlab.trainer.model.TwoLayer;

/**
 * One training run of a two-layer network (science.md RE-4 to RE-6): data drawn from the run seed, an initialisation
 * of scale λ, full-batch gradient descent on a squared loss until the horizon or, with the convergence rule, until the
 * loss and gradient settle. Metrics at step t are those of θ_t, the parameters after t updates; a run resumed from a
 * checkpoint of θ_t records the remaining steps with the same numbers as an uninterrupted run (wall time counts from
 * the resume). Knows nothing of Kafka.
 */
public final class TrainingRun {

    private TrainingRun() {
    }

    public static RunSummary execute(TrainingSpec spec, long seed, RunOptions options) {
        long started = System.nanoTime();
        RegressionData drawn = DataSets.generate(spec.getData(), seed);
        ModelSpec model = spec.getModel();
        boolean bias = model.getBias();
        RegressionData data = bias ? drawn.withBiasColumn() : drawn;
        Loss loss = Loss.of(spec.getLoss());
        Activation activation = Activation.of(model.getActivation());
        OlsBaseline ols = OlsBaseline.fit(data, loss);
        int width = model.getWidth();
        try (Parallel parallel = new Parallel(options.threads())) {
            Objective train = TwoLayer.bind(data.x(), data.y(), data.n(), data.d(), width, loss, activation, parallel);
            Objective test = TwoLayer.bind(data.xTest(), data.yTest(), data.nTest(), data.d(), width, loss, activation, parallel);
            double[] theta = Initialisation.draw(model.getInit(), width, data.d(), SplitMix64.stream(seed, "init"));
            OptimizerSpec optimizer = spec.getOptimizer();
            ConvergenceRule convergence = optimizer.getStop().equals("convergence")
                    ? new ConvergenceRule(optimizer.getWindow(), optimizer.getLossTolerance(), optimizer.getGradTolerance())
                    : null;
            long firstStep = 0;
            if (options.resume().isPresent()) {
                Resume resume = options.resume().get();
                if (resume.parameters().length != theta.length) {
                    throw new IllegalArgumentException("checkpoint has " + resume.parameters().length + " parameters, the model " + theta.length);
                }
                theta = resume.parameters().clone();
                firstStep = resume.step();
                if (convergence != null) {
                    convergence.restore(resume.state());
                }
            }
            double[] gradient = new double[theta.length];
            // Alignment to β̂ and β* is defined for a linear teacher fitted without bias (science.md §2.3).
            boolean linearTeacher = drawn.teacher() != null && !bias;
            NeuronDirections directions = new NeuronDirections(width, data.d(), linearTeacher ? ols.beta() : null,
                    linearTeacher ? drawn.teacher() : null);

            long horizon = optimizer.getSteps();
            double lr = optimizer.getLr();
            RecordSchedule schedule = RecordSchedule.of(spec.getRecord(), horizon);
            long nextRecord = schedule.first();
            while (nextRecord >= 0 && nextRecord < firstStep) {
                nextRecord = schedule.next(nextRecord);
            }
            long lastCheckpointStep = firstStep;
            long lastCheckpointNanos = System.nanoTime();
            String stopReason = "horizon";
            double trainLoss;
            double testLoss = Double.NaN;
            int clusters = 0;
            long t = firstStep;
            for (; ; t++) {
                trainLoss = train.lossAndGradient(theta, gradient);
                boolean converged = convergence != null && convergence.converged(t, trainLoss, norm(gradient));
                if (converged) {
                    stopReason = "converged";
                }
                if (t == nextRecord || t == horizon || converged) {
                    testLoss = test.loss(theta);
                    NeuronDirections.Measurement measured = directions.measure(theta);
                    clusters = measured.clusters();
                    EpochMetrics.Builder metrics = EpochMetrics.newBuilder()
                            .setStep(t)
                            .setTrainLoss(trainLoss)
                            .setTestLoss(testLoss)
                            .setGradNorm(norm(gradient))
                            .setOlsTrainRatio(trainLoss / ols.trainLoss())
                            .setOlsTestRatio(testLoss / ols.testLoss())
                            .setParamNorm(norm(theta))
                            .setWallMs((System.nanoTime() - started) / 1_000_000)
                            .setDirectionClusters(clusters);
                    if (linearTeacher) {
                        metrics.setAlignmentOls(measured.alignmentOls()).setAlignmentTeacher(measured.alignmentTeacher());
                    }
                    options.metrics().record(metrics);
                    if (t == nextRecord) {
                        nextRecord = schedule.next(t);
                    }
                }
                if (t == horizon || converged) {
                    break;
                }
                if (t - lastCheckpointStep >= options.checkpointSteps()
                        || System.nanoTime() - lastCheckpointNanos >= options.checkpointInterval().toNanos()) {
                    options.checkpoints().save(t, theta.clone(), state(convergence));
                    lastCheckpointStep = t;
                    lastCheckpointNanos = System.nanoTime();
                }
                if (options.stopRequested().getAsBoolean()) {
                    options.checkpoints().save(t, theta.clone(), state(convergence)); // whoever resumes loses nothing
                    throw new TrainingStoppedException(t);
                }
                gradientStep(theta, gradient, lr);
            }
            double trainRatio = trainLoss / ols.trainLoss();
            return RunSummary.newBuilder()
                    .setSteps(t)
                    .setStopReason(stopReason)
                    .setFinalTrainLoss(trainLoss)
                    .setFinalTestLoss(testLoss)
                    .setOlsTrainLoss(ols.trainLoss())
                    .setOlsTestLoss(ols.testLoss())
                    .setOlsTrainRatio(trainRatio)
                    .setOlsTestRatio(testLoss / ols.testLoss())
                    .setGradNorm(norm(gradient))
                    .setInterpolating(Interpolation.isInterpolating(trainRatio))
                    .setWallMs((System.nanoTime() - started) / 1_000_000)
                    .setSamples(data.n())
                    .setDirectionClusters(clusters)
                    .setRecordedSteps(recordedSteps(schedule, t))
                    .build();
        }
    }

    /** The steps recorded up to the last one, t: the schedule's, plus t itself (the horizon, or where the run converged). */
    static int recordedSteps(RecordSchedule schedule, long last) {
        int count = 0;
        boolean lastScheduled = false;
        for (long step = schedule.first(); step >= 0 && step <= last; step = schedule.next(step)) {
            count++;
            lastScheduled |= step == last;
        }
        return lastScheduled ? count : count + 1;
    }

    /** θ ← θ − lr ∇L(θ). */
    public static void gradientStep(double[] theta, double[] gradient, double lr) {
        for (int i = 0; i < theta.length; i++) {
            theta[i] -= lr * gradient[i];
        }
    }

    static double norm(double[] v) {
        double sum = 0.0;
        for (double x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    private static double[] state(ConvergenceRule convergence) {
        return convergence == null ? new double[0] : convergence.state();
    }
}
