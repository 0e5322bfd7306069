package dev.interpolationlab.analysis.geometry;

import dev.interpolationlab.core.data.DataSet;
import dev.interpolationlab.core.data.DataSets;
import dev.interpolationlab.core.features.TrainedModel;
import dev.interpolationlab.core.geometry.ConvexHull;
import dev.interpolationlab.core.geometry.HullStatistics;
import dev.interpolationlab.core.geometry.PointCloud;
import dev.interpolationlab.core.science.Quantile;
import dev.interpolationlab.core.theory.Robustness;
import dev.interpolationlab.proto.v1.TrainingSpec;
import java.util.Arrays;
import java.util.List;

/**
 * What the hull and robustness analyses measure on one completed run, from its regenerated data (the same data the
 * trainer drew from the run seed) and its final parameters:
 * <ul>
 *   <li>hull: the fraction of test points inside the convex hull of the training points, and their median certified
 *       distance in nearest-neighbour units, in input space and in the trained network's hidden-feature space
 *       (Balestriero, Pesenti &amp; LeCun, science.md §1(c));</li>
 *   <li>hull, for inputs symmetric about 0 (gaussian-teacher, sphere): whether the origin lies in the hull of the
 *       training inputs, whose probability Wendel's formula gives (science.md §2.1, T5);</li>
 *   <li>robustness: max ‖∇ₓh‖ over the training and the measured test points, a lower estimate of the network's
 *       Lipschitz constant, beside Bubeck &amp; Sellke's scale √(nd/p) (science.md §1(d)).</li>
 * </ul>
 * Fields are null where they do not apply (no hidden layer the lab can rebuild, no final parameters, no single
 * output h whose gradient robustness measures: a classifier).
 *
 * @param samples n and {@code dim} d of the run's training inputs
 * @param skipped why nothing could be measured (for example, the data set's files are missing here), else null
 * @param inputDistanceDeciles the 10% … 90% deciles of the measured test points' distances to the training hull in
 *                             input space (inside points at 0), in nearest-neighbour units
 */
public record RunGeometry(Double inputFractionInside, Double inputMedianDistance, Double hiddenFractionInside,
        Double hiddenMedianDistance, Integer hiddenDim, Double lipschitzLower, Double lipschitzScale, Integer parameters,
        Integer testPoints, Boolean originInside, Integer samples, Integer dim, String skipped, List<Double> inputDistanceDeciles) {

    /** The distribution of the test points' distances is summarised by its deciles, 10% … 90%. */
    static final double[] DECILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    public static RunGeometry skipped(String reason) {
        return new RunGeometry(null, null, null, null, null, null, null, null, null, null, null, null, reason, null);
    }

    /**
     * @param theta          the final parameters, or null when the trainer did not send them (over its size limit)
     * @param maxTestPoints  how many test points to measure (the first ones; the hull costs grow with them)
     */
    public static RunGeometry measure(TrainingSpec spec, long seed, double[] theta, boolean hull, boolean robustness,
            int maxTestPoints) {
        DataSet data;
        try {
            data = DataSets.generate(spec.getData(), seed);
        } catch (RuntimeException e) {
            return skipped("the data could not be regenerated: " + e.getMessage());
        }
        int d = data.d();
        int tests = Math.min(data.nTest(), maxTestPoints);
        double[] xTest = Arrays.copyOf(data.xTest(), tests * d);
        TrainedModel model = theta == null ? null : TrainedModel.of(spec.getModel(), d, theta, seed);

        Double inputInside = null;
        Double inputDistance = null;
        List<Double> inputDeciles = null;
        Double hiddenInside = null;
        Double hiddenDistance = null;
        Boolean originInside = null;
        if (hull && tests > 0) {
            var input = HullStatistics.of(new PointCloud(data.n(), d, data.x()), new PointCloud(tests, d, xTest), false, true);
            inputInside = input.fractionInside();
            inputDistance = finite(input.medianNormalisedDistance());
            double[] distances = Arrays.stream(input.normalisedDistance()).filter(Double::isFinite).toArray();
            if (distances.length > 0) {
                inputDeciles = Arrays.stream(Quantile.of(distances, DECILES)).boxed().toList();
            }
            String kind = spec.getData().getKind();
            if (kind.equals("gaussian-teacher") || kind.equals("sphere")) {
                originInside = ConvexHull.of(new PointCloud(data.n(), d, data.x())).contains(new double[d]).inside();
            }
            if (model != null && model.hiddenDim() > 0) {
                int m = model.hiddenDim();
                var hidden = HullStatistics.of(new PointCloud(data.n(), m, model.hidden(data.x(), data.n())),
                        new PointCloud(tests, m, model.hidden(xTest, tests)), false, true);
                hiddenInside = hidden.fractionInside();
                hiddenDistance = finite(hidden.medianNormalisedDistance());
            }
        }
        Double lipschitz = null;
        Double scale = null;
        if (robustness && model != null && model.scalarOutput()) {
            double largest = 0.0;
            for (int i = 0; i < data.n(); i++) {
                largest = Math.max(largest, model.inputGradientNorm(data.x(), i));
            }
            for (int i = 0; i < tests; i++) {
                largest = Math.max(largest, model.inputGradientNorm(xTest, i));
            }
            lipschitz = largest;
            scale = Robustness.lipschitzScale(data.n(), d, model.parameters());
        }
        return new RunGeometry(inputInside, inputDistance, hiddenInside, hiddenDistance,
                model == null ? null : model.hiddenDim(), lipschitz, scale, model == null ? null : model.parameters(), tests, originInside, data.n(), d, null, inputDeciles);
    }

    /** A distance normalised by a zero nearest-neighbour scale (duplicate training points) has no value. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
