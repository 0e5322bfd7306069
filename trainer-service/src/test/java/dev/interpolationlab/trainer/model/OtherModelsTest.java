package dev.interpolationlab.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.interpolationlab.core.features.TrainedModel;
import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.proto.v1.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Gradients of the linear-in-θ model and the mlp against finite differences, and their minibatch loading. */
class OtherModelsTest {

    private static final int N = 11;

    private static double[] gaussians(SplitMix64 random, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }

    private static double[] classes(SplitMix64 random, int count, int k) {
        double[] labels = new double[count];
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(k);
        }
        return labels;
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void featureRegressionGradientMatchesFiniteDifferences(Loss loss) {
        SplitMix64 random = new SplitMix64(3);
        int p = 7;
        Objective model = new FeatureRegression(gaussians(random, N * p), gaussians(random, N), N, p, loss);
        FiniteDifferences.assertGradientMatches(model, gaussians(random, p), "features, " + loss);
    }

    @Test
    void mlpCrossEntropyGradientMatchesFiniteDifferencesWithAndWithoutBiasesAndDepth() {
        SplitMix64 random = new SplitMix64(5);
        int d = 4;
        int classes = 3;
        double[] x = gaussians(random, N * d);
        double[] y = classes(random, N, classes);
        for (int depth = 1; depth <= 2; depth++) {
            for (boolean bias : new boolean[] {false, true}) {
                Mlp mlp = new Mlp(x, y, N, d, 5, depth, classes, bias, null);
                double[] theta = gaussians(random, mlp.parameterCount());
                FiniteDifferences.assertGradientMatches(mlp, theta, "mlp depth " + depth + (bias ? " with" : " without") + " bias");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void mlpSquaredLossGradientMatchesFiniteDifferences(Loss loss) {
        SplitMix64 random = new SplitMix64(8);
        int d = 3;
        Mlp mlp = new Mlp(gaussians(random, N * d), gaussians(random, N), N, d, 6, 2, 0, true, loss);
        FiniteDifferences.assertGradientMatches(mlp, gaussians(random, mlp.parameterCount()), "mlp regression, " + loss);
    }

    @Test
    void crossEntropyOfUniformScoresIsLogKAndAccuracyCountsTheArgmax() {
        int classes = 4;
        double[] x = {1.0, -1.0};
        double[] y = {2, 1};
        Mlp mlp = new Mlp(x, y, 2, 1, 3, 1, classes, false, null);
        assertEquals(Math.log(classes), mlp.loss(new double[mlp.parameterCount()]), 1e-15, "zero scores: softmax is uniform");
        // hidden unit 0 passes x⁺; output class 2 reads it: the first sample (x = 1) scores class 2, the second (x = −1)
        // has all scores 0 and argmax picks class 0, not its label 1
        double[] theta = new double[mlp.parameterCount()];
        theta[0] = 1.0;
        theta[3 + 2 * 3] = 1.0;
        assertEquals(0.5, mlp.accuracy(theta), 0.0);
    }

    /**
     * The analysis rebuilds a depth-1 mlp's hidden features from θ (the hull in feature space, RE-2R): reading the
     * trainer's layout wrong would give other features. Scores W2·σ(W1 x + b1) + b2 over the rebuilt features must give
     * the trainer's own cross-entropy.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theAnalysisRebuildsTheTrainersHiddenLayer(boolean bias) {
        SplitMix64 random = new SplitMix64(21);
        int d = 4;
        int m = 6;
        int classes = 3;
        double[] x = gaussians(random, N * d);
        double[] y = classes(random, N, classes);
        Mlp mlp = new Mlp(x, y, N, d, m, 1, classes, bias, null);
        double[] theta = gaussians(random, mlp.parameterCount());
        ModelSpec spec = ModelSpec.newBuilder().setKind("mlp").setWidth(m).setDepth(1).setBias(bias).build();
        TrainedModel model = TrainedModel.of(spec, d, theta, 1);
        double[] features = model.hidden(x, N);
        int w2 = m * d + (bias ? m : 0);
        double crossEntropy = 0;
        for (int i = 0; i < N; i++) {
            double[] scores = new double[classes];
            double largest = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                scores[c] = bias ? theta[w2 + classes * m + c] : 0.0;
                for (int j = 0; j < m; j++) {
                    scores[c] += theta[w2 + c * m + j] * features[i * m + j];
                }
                largest = Math.max(largest, scores[c]);
            }
            double partition = 0;
            for (double score : scores) {
                partition += Math.exp(score - largest);
            }
            crossEntropy -= scores[(int) y[i]] - largest - Math.log(partition);
        }
        assertEquals(mlp.loss(theta), crossEntropy / N, 1e-12);
        assertEquals(mlp.parameterCount(), model.parameters());
        assertFalse(model.scalarOutput(), "K scores: no single output for robustness");
    }

    @Test
    void loadingAMinibatchGivesTheLossOfThoseRows() {
        SplitMix64 random = new SplitMix64(13);
        int d = 3;
        double[] x = gaussians(random, N * d);
        double[] y = classes(random, N, 3);
        int[] rows = {7, 2, 9};
        double[] xb = new double[rows.length * d];
        double[] yb = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(x, rows[i] * d, xb, i * d, d);
            yb[i] = y[rows[i]];
        }
        Mlp direct = new Mlp(xb, yb, rows.length, d, 4, 1, 3, true, null);
        Mlp loaded = new Mlp(new double[rows.length * d], new double[rows.length], rows.length, d, 4, 1, 3, true, null);
        loaded.load(x, y, rows);
        double[] theta = gaussians(random, direct.parameterCount());
        double[] g1 = new double[theta.length];
        double[] g2 = new double[theta.length];
        assertEquals(direct.lossAndGradient(theta, g1), loaded.lossAndGradient(theta, g2), 0.0);
        assertArrayEquals(g1, g2, 0.0);

        try (Parallel parallel = new Parallel(1)) {
            double[] yr = gaussians(random, N);
            for (Objective[] pair : new Objective[][] {
                    {new FusedTwoLayer(xb, regression(yr, rows), rows.length, d, 5, Loss.MSE, parallel),
                            new FusedTwoLayer(new double[rows.length * d], new double[rows.length], rows.length, d, 5, Loss.MSE, parallel)},
                    {new GemmTwoLayer(xb, regression(yr, rows), rows.length, d, 5, Loss.MSE, Activation.GELU, parallel),
                            new GemmTwoLayer(new double[rows.length * d], new double[rows.length], rows.length, d, 5, Loss.MSE, Activation.GELU, parallel)}}) {
                pair[1].load(x, yr, rows);
                double[] w = gaussians(random, pair[0].parameterCount());
                assertEquals(pair[0].loss(w), pair[1].loss(w), 0.0, pair[0].getClass().getSimpleName());
            }
        }
    }

    private static double[] regression(double[] y, int[] rows) {
        double[] picked = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = y[rows[i]];
        }
        return picked;
    }
}
