package dev.interpolationlab.trainer.training;

import dev.interpolationlab.core.data.DataSet;
import dev.interpolationlab.core.data.DataSets;
import dev.interpolationlab.core.sweep.RecordSchedule;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.OptimizerSpec;
import dev.interpolationlab.proto.v1.RunSummary;
import dev.interpolationlab.proto.v1.TrainingSpec;
import dev.interpolationlab.trainer.model.Classifier;
import dev.interpolationlab.trainer.model.Loss;
import dev.interpolationlab.trainer.model.Parallel;

/**
 * One training run (science.md RE-3 to RE-7): data drawn from the run seed, the model bound to it, then either the
 * closed form or an optimiser (full-batch gd or adam, minibatch sgd) until the horizon or, with the convergence rule,
 * until the loss and gradient settle. Metrics at step t are those of θ_t, the parameters after t updates, on the full
 * training set; a run resumed from a checkpoint of θ_t records the remaining steps with the same numbers as an
 * uninterrupted run (wall time counts from the resume). Knows nothing of Kafka.
 */
public final class TrainingRun {

    private TrainingRun() {
    }

    /** Trains a run: its summary. */
    public static RunSummary execute(TrainingSpec spec, long seed, RunOptions options) {
        return train(spec, seed, options).summary();
    }

    /** Trains a run: its summary and the kernel that trained it. */
    public static Trained train(TrainingSpec spec, long seed, RunOptions options) {
        long started = System.nanoTime();
        DataSet drawn = DataSets.generate(spec.getData(), seed);
        DataSet data = spec.getModel().getBias() ? drawn.withBiasColumn() : drawn;
        Loss loss = drawn.isClassification() ? null : Loss.of(spec.getLoss());
        OlsBaseline ols = loss != null && data.n() > data.d() ? OlsBaseline.fit(data, loss) : null;
        try (Parallel parallel = new Parallel(options.threads())) {
            BoundModel model = Models.bind(spec, drawn, data, ols == null ? null : ols.beta(), seed, loss, parallel, options.kernel());
            Recorder recorder = new Recorder(model, ols, options.metrics(), started);
            OptimizerSpec optimizer = spec.getOptimizer();
            if (optimizer.getKind().equals("closed-form")) {
                double[] theta = model.closedForm().get();
                double[] gradient = new double[theta.length];
                double trainLoss = model.train().lossAndGradient(theta, gradient);
                recorder.record(0, theta, trainLoss, norm(gradient));
                return new Trained(recorder.summary(0, "closed-form", theta, drawn, 1, options.finalParametersMax()), "closed-form, "
                        + model.train().kernel());
            }
            return new Trained(iterate(spec, seed, options, model, recorder, drawn), model.train().kernel());
        }
    }

    /** A trained run: its summary and the compute kernel that trained it (for its provenance). */
    public record Trained(RunSummary summary, String kernel) {
    }

    private static RunSummary iterate(TrainingSpec spec, long seed, RunOptions options, BoundModel model, Recorder recorder, DataSet drawn) {
        OptimizerSpec optimizerSpec = spec.getOptimizer();
        double[] theta = model.initial().clone();
        Optimizer optimizer = Optimizer.of(optimizerSpec, theta.length);
        ConvergenceRule convergence = optimizerSpec.getStop().equals("convergence")
                ? new ConvergenceRule(optimizerSpec.getWindow(), optimizerSpec.getLossTolerance(), optimizerSpec.getGradTolerance(), theta.length,
                        optimizerSpec.getSteps())
                : null;
        long firstStep = 0;
        if (options.resume().isPresent()) {
            Resume resume = options.resume().get();
            if (resume.parameters().length != theta.length) {
                throw new IllegalArgumentException("checkpoint has " + resume.parameters().length + " parameters, the model " + theta.length);
            }
            theta = resume.parameters().clone();
            firstStep = resume.step();
            optimizer.restore(resume.state());
            if (convergence != null) {
                convergence.restore(java.util.Arrays.copyOfRange(resume.state(), optimizer.stateLength(), resume.state().length));
            }
        }
        double[] gradient = new double[theta.length];
        boolean minibatch = model.batch() != null;
        Minibatches batches = minibatch ? new Minibatches(drawn.n(), optimizerSpec.getBatch(), seed) : null;
        double[] fullGradient = minibatch ? new double[theta.length] : gradient;

        long horizon = optimizerSpec.getSteps();
        RecordSchedule recorded = RecordSchedule.of(spec.getRecord(), horizon);
        RecordSchedule schedule = convergence == null ? recorded : recorded.withMultiplesOf(optimizerSpec.getWindow());
        long nextRecord = schedule.first();
        while (nextRecord >= 0 && nextRecord < firstStep) {
            nextRecord = schedule.next(nextRecord);
        }
        long lastCheckpointStep = firstStep;
        long lastCheckpointNanos = System.nanoTime();
        String stopReason = "horizon";
        long t = firstStep;
        for (; ; t++) {
            double stepLoss;
            if (minibatch) {
                model.batch().load(model.batchInputs(), model.batchLabels(), batches.rows(t));
                stepLoss = model.batch().lossAndGradient(theta, gradient);
            } else {
                stepLoss = model.train().lossAndGradient(theta, gradient);
            }
            boolean converged = convergence != null && convergence.converged(t, stepLoss, gradient);
            if (converged) {
                stopReason = "converged";
            }
            if (t == nextRecord || t == horizon || converged) {
                double trainLoss = minibatch ? model.train().lossAndGradient(theta, fullGradient) : stepLoss;
                recorder.record(t, theta, trainLoss, norm(fullGradient));
                if (t == nextRecord) {
                    nextRecord = schedule.next(t);
                }
            }
            if (t == horizon || converged) {
                break;
            }
            if (t - lastCheckpointStep >= options.checkpointSteps()
                    || System.nanoTime() - lastCheckpointNanos >= options.checkpointInterval().toNanos()) {
                options.checkpoints().save(t, theta.clone(), state(optimizer, convergence));
                lastCheckpointStep = t;
                lastCheckpointNanos = System.nanoTime();
            }
            if (options.stopRequested().getAsBoolean()) {
                options.checkpoints().save(t, theta.clone(), state(optimizer, convergence)); // whoever resumes loses nothing
                throw new TrainingStoppedException(t);
            }
            optimizer.update(theta, gradient);
        }
        return recorder.summary(t, stopReason, theta, drawn, recordedSteps(schedule, t), options.finalParametersMax());
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

    static double variance(double[] values) {
        double mean = java.util.Arrays.stream(values).average().orElse(0.0);
        double sum = 0.0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / values.length;
    }

    static double norm(double[] v) {
        double sum = 0.0;
        for (double x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    /** The optimiser's state, then the convergence rule's. */
    private static double[] state(Optimizer optimizer, ConvergenceRule convergence) {
        double[] own = optimizer.state();
        if (convergence == null) {
            return own;
        }
        double[] rule = convergence.state();
        double[] both = java.util.Arrays.copyOf(own, own.length + rule.length);
        System.arraycopy(rule, 0, both, own.length, rule.length);
        return both;
    }

    /** Builds and sends each recorded step, and keeps the last one for the summary. */
    private static final class Recorder {
        private final BoundModel model;
        private final OlsBaseline ols;
        private final MetricsSink sink;
        private final long started;
        private EpochMetrics.Builder last;

        Recorder(BoundModel model, OlsBaseline ols, MetricsSink sink, long started) {
            this.model = model;
            this.ols = ols;
            this.sink = sink;
            this.started = started;
        }

        void record(long t, double[] theta, double trainLoss, double gradNorm) {
            double testLoss = model.test().loss(theta);
            EpochMetrics.Builder metrics = EpochMetrics.newBuilder()
                    .setStep(t)
                    .setTrainLoss(trainLoss)
                    .setTestLoss(testLoss)
                    .setGradNorm(gradNorm)
                    .setParamNorm(norm(theta))
                    .setWallMs((System.nanoTime() - started) / 1_000_000);
            if (ols != null) {
                metrics.setOlsTrainRatio(trainLoss / ols.trainLoss()).setOlsTestRatio(testLoss / ols.testLoss());
            }
            if (model.train() instanceof Classifier train && model.test() instanceof Classifier test) {
                metrics.setTrainAccuracy(train.accuracy(theta)).setTestAccuracy(test.accuracy(theta));
            }
            model.probe().measure(theta, metrics);
            last = metrics.clone();
            sink.record(metrics);
        }

        RunSummary summary(long steps, String stopReason, double[] theta, DataSet drawn, int recordedSteps, int finalParametersMax) {
            RunSummary.Builder summary = RunSummary.newBuilder()
                    .setSteps(steps)
                    .setStopReason(stopReason)
                    .setFinalTrainLoss(last.getTrainLoss())
                    .setFinalTestLoss(last.getTestLoss())
                    .setGradNorm(last.getGradNorm())
                    .setWallMs((System.nanoTime() - started) / 1_000_000)
                    .setSamples(drawn.n())
                    .setRecordedSteps(recordedSteps)
                    .setParameterLayout(model.layout());
            if (!drawn.isClassification()) {
                summary.setLabelVariance(variance(drawn.y()));
            }
            if (last.hasAlignmentOls()) {
                summary.setFinalAlignmentOls(last.getAlignmentOls());
            }
            if (ols != null) {
                summary.setOlsTrainLoss(ols.trainLoss()).setOlsTestLoss(ols.testLoss())
                        .setOlsTrainRatio(last.getOlsTrainRatio()).setOlsTestRatio(last.getOlsTestRatio());
            } else if (last.hasTrainAccuracy()) {
                summary.setFinalTrainAccuracy(last.getTrainAccuracy()).setFinalTestAccuracy(last.getTestAccuracy());
            }
            if (last.hasDirectionClusters()) {
                summary.setDirectionClusters(last.getDirectionClusters());
            }
            if (theta.length <= finalParametersMax) {
                for (double value : theta) {
                    summary.addFinalParameters(value);
                }
            }
            return summary.build();
        }
    }
}
