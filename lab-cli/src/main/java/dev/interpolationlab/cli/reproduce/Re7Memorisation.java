package dev.interpolationlab.cli.reproduce;

import dev.interpolationlab.api.MetricRow;
import dev.interpolationlab.api.RunView;
import dev.interpolationlab.core.data.FashionMnist;
import dev.interpolationlab.proto.v1.TrainingSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * RE-7 (science.md §5; Zhang et al. 2017, Fig. 1 analogue): an MLP memorises labels whatever their corruption; fitting
 * noisy labels takes longer, and the test accuracy on clean labels falls with the corruption towards chance. On a
 * Gaussian mixture, and on Fashion-MNIST where the Debian data set is installed.
 */
final class Re7Memorisation extends Experiment {

    /** science.md §1 [SIM], Gaussian mixture: test accuracy at p = 0, .2, .4, .6, .8, 1. */
    static final Map<Double, Double> MIXTURE_TEST_ACCURACY = Map.of(0.0, .984, 0.2, .895, 0.4, .756, 0.6, .565, 0.8, .335, 1.0, .103);

    private final boolean fashion;

    private Re7Memorisation(String id, String title, String spec, boolean fashion) {
        super(id, title, spec);
        this.fashion = fashion;
    }

    static Re7Memorisation mixture() {
        return new Re7Memorisation("RE-7", "Memorisation of random labels (Zhang et al. Fig. 1 analogue), Gaussian mixture",
                "re7-memorisation.yaml", false);
    }

    static Re7Memorisation fashionMnist() {
        return new Re7Memorisation("RE-7F", "Memorisation of random labels on Fashion-MNIST", "re7-fashion-mnist.yaml", true);
    }

    @Override
    String unavailable() {
        return fashion ? FashionMnist.notInstalled() : null;
    }

    @Override
    void evaluate(List<SweepResult> sweeps, Evaluation evaluation) {
        SweepResult sweep = sweeps.get(0);
        TrainingSpec spec = sweep.spec().getBase();
        double stepsPerEpoch = spec.getData().getSamples() / (double) spec.getOptimizer().getBatch();
        TreeMap<Double, Double> testAccuracy = new TreeMap<>();
        TreeMap<Double, Double> epochsToFit = new TreeMap<>();
        String name = fashion ? "Fashion-MNIST" : "Gaussian mixture";
        Plot training = new Plot("RE-7: train accuracy, " + name + ", MLP 1×512", "epoch", "train accuracy").yRange(0, 1.02);
        for (RunView run : sweep.completedRuns()) {
            double p = run.gridNumber("data.labelNoise");
            List<MetricRow> steps = sweep.metrics(run.id());
            double fitted = Double.NaN;
            for (MetricRow recorded : steps) {
                if (recorded.trainAccuracy() != null && recorded.trainAccuracy() >= 1.0) {
                    fitted = recorded.step() / stepsPerEpoch;
                    break;
                }
            }
            epochsToFit.put(p, fitted);
            testAccuracy.put(p, SweepResult.orNaN(run.finalTestAccuracy()));
            double finalTrain = SweepResult.orNaN(run.finalTrainAccuracy());
            if (!fashion || p == 1.0) {
                evaluation.check(Check.atLeast("final train accuracy, corruption p = " + p, finalTrain, fashion ? 0.999 : 1.0));
            }
            double[] epochs = SweepResult.column(steps, MetricRow::step);
            for (int i = 0; i < epochs.length; i++) {
                epochs[i] /= stepsPerEpoch;
            }
            training.add("p = " + p, epochs, SweepResult.column(steps, MetricRow::trainAccuracy), Plot.Style.LINE);
        }
        double clean = testAccuracy.getOrDefault(0.0, Double.NaN);
        double random = testAccuracy.getOrDefault(1.0, Double.NaN);
        evaluation.check(Check.near("test accuracy with random labels (p = 1): chance", random, 0.1, 0.05));
        evaluation.check(Check.atLeast("test accuracy with clean labels (p = 0)", clean, fashion ? 0.5 : 0.9));
        int reversals = 0;
        Double previous = null;
        for (double accuracy : testAccuracy.values()) {
            reversals += previous != null && accuracy > previous + 0.03 ? 1 : 0;
            previous = accuracy;
        }
        evaluation.check(new Check("test accuracy falling with p (rises ≤ 0.03 tolerated)", "no rise", reversals + " rise(s): " + format(testAccuracy),
                reversals == 0));
        if (!fashion) {
            double[] noisy = epochsToFit.entrySet().stream().filter(e -> e.getKey() > 0).mapToDouble(Map.Entry::getValue).toArray();
            double corrupted = noisy.length == 0 ? Double.NaN : dev.interpolationlab.core.science.Median.of(noisy);
            double ratio = corrupted / epochsToFit.getOrDefault(0.0, Double.NaN);
            evaluation.check(Check.atLeast("epochs to 100% train, median corrupted ÷ clean", ratio, 1.5));
            evaluation.note("Epochs to 100% train accuracy by p: " + format(epochsToFit) + "; science.md [SIM]: 46, 111, 96, 91, 96, 88. "
                    + "Test accuracy by p: " + format(testAccuracy) + "; science.md [SIM]: " + format(new TreeMap<>(MIXTURE_TEST_ACCURACY)) + ".");
        } else {
            evaluation.note("Epochs to 100% train accuracy by p: " + format(epochsToFit) + ". Test accuracy by p: " + format(testAccuracy) + ".");
        }
        evaluation.figure(slug() + "-train", training, "Memorisation curves: train accuracy against epoch for each label corruption p, "
                + "on the " + name + ".");
        Plot test = new Plot("RE-7: test accuracy on clean labels, " + name, "label corruption p", "test accuracy").yRange(0, 1.02)
                .add("measured", testAccuracy.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                        testAccuracy.values().stream().mapToDouble(Double::doubleValue).toArray(), Plot.Style.LINE_POINTS);
        if (!fashion) {
            TreeMap<Double, Double> reference = new TreeMap<>(MIXTURE_TEST_ACCURACY);
            test.add("science.md [SIM]", reference.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                    reference.values().stream().mapToDouble(Double::doubleValue).toArray(), Plot.Style.DASHED);
        }
        test.add("chance", new double[] {0, 1}, new double[] {0.1, 0.1}, Plot.Style.DASHED, java.awt.Color.GRAY);
        evaluation.figure(slug() + "-test", test, "Test accuracy on clean labels against the training labels' corruption p: "
                + "every level is memorised, and what generalises falls towards chance.");
    }

    private static String format(Map<Double, Double> values) {
        StringBuilder text = new StringBuilder();
        values.forEach((p, v) -> text.append(text.length() == 0 ? "" : ", ").append(Check.number(v)).append(" (p = ").append(p).append(')'));
        return text.toString();
    }
}
