package dev.interpolationlab.core.data;

import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.proto.v1.DataSpec;

/**
 * K Gaussian classes in d dimensions, the CPU analogue of the memorisation experiment (science.md RE-7): class means
 * μ_k ~ N(0, s² I_d) with s = {@code meanScale}, labels uniform over the K classes, x = μ_y + N(0, I_d). Training labels
 * are then corrupted with probability {@code labelNoise}; test labels stay clean.
 */
public final class GaussianMixture {

    private GaussianMixture() {
    }

    public static DataSet generate(DataSpec spec, long runSeed) {
        SplitMix64 random = SplitMix64.stream(runSeed, "data");
        int d = spec.getDim();
        int classes = spec.getClasses();
        double[] means = new double[classes * d];
        for (int i = 0; i < means.length; i++) {
            means[i] = spec.getMeanScale() * random.nextGaussian();
        }
        double[] x = new double[spec.getSamples() * d];
        double[] y = draw(random, means, classes, d, x);
        double[] xTest = new double[spec.getTestSamples() * d];
        double[] yTest = draw(random, means, classes, d, xTest);
        LabelNoise.corrupt(y, classes, spec.getLabelNoise(), runSeed);
        return new DataSet(spec.getSamples(), d, x, y, spec.getTestSamples(), xTest, yTest, null, classes);
    }

    private static double[] draw(SplitMix64 random, double[] means, int classes, int d, double[] x) {
        int rows = x.length / d;
        double[] labels = new double[rows];
        for (int k = 0; k < rows; k++) {
            int label = random.nextInt(classes);
            labels[k] = label;
            for (int i = 0; i < d; i++) {
                x[k * d + i] = means[label * d + i] + random.nextGaussian();
            }
        }
        return labels;
    }
}
