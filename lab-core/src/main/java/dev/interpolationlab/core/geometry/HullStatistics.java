package dev.interpolationlab.core.geometry;

import dev.interpolationlab.core.data.PrincipalComponents;
import dev.interpolationlab.core.science.Median;
import java.util.ArrayList;
import java.util.List;

/**
 * Interpolation versus extrapolation of a test set with respect to a training set (Balestriero, Pesenti &amp; LeCun
 * 2021; science.md §2.1 "Report as statistics"):
 * <ul>
 *   <li>per test point: inside Hull(train) or not, and certified bounds on its distance to the hull;</li>
 *   <li>the fraction inside;</li>
 *   <li>distances normalised by the median nearest-neighbour distance within the training set (over at most
 *       {@value #NEIGHBOUR_SAMPLE} training points, evenly spaced), so that "far" is comparable across data sets;</li>
 *   <li>the fraction inside after projecting both sets onto the training set's top-k principal components, for
 *       k = 1…d (every k up to 16, then steps of about 1.5× up to d).</li>
 * </ul>
 */
public final class HullStatistics {

    static final int NEIGHBOUR_SAMPLE = 1000;
    /** Distances certified to this relative gap, (upper − lower) ≤ gap · upper, within a budget of passes per point. */
    public static final double DISTANCE_ACCURACY = 1e-3;

    /** The fraction of test points inside the hull after projection onto the top-k principal components. */
    public record PcaPoint(int k, double fractionInside) {
    }

    /**
     * Without distances (membership only) {@code distanceLower}, {@code distanceUpper} and {@code normalisedDistance}
     * are null and the two scales NaN.
     */
    public record Report(int dim, int trainPoints, int testPoints, double fractionInside, boolean[] inside,
            double[] distanceLower, double[] distanceUpper, double nearestNeighbourScale, double[] normalisedDistance,
            double medianNormalisedDistance, List<PcaPoint> pcaCurve, int[] decidedBy) {
    }

    private HullStatistics() {
    }

    /**
     * @param distances also each outside point's certified distance (Wolfe's nearest point, to a relative gap of
     *                  {@value #DISTANCE_ACCURACY}) and the nearest-neighbour scale; without them each verdict takes the cheapest
     *                  certificate ({@link ConvexHull#contains}), which is most of the cost saved for outside points
     */
    public static Report of(PointCloud train, PointCloud test, boolean pcaCurve, boolean distances) {
        if (train.dim() != test.dim()) {
            throw new IllegalArgumentException("train points have " + train.dim() + " coordinates, test points " + test.dim());
        }
        ConvexHull hull = ConvexHull.of(train);
        int m = test.count();
        boolean[] inside = new boolean[m];
        double[] lower = distances ? new double[m] : null;
        double[] upper = distances ? new double[m] : null;
        int[] decidedBy = new int[HullVerdict.DecidedBy.values().length];
        int iterations = ConvexHull.passBudget(train.count(), train.dim());
        int insideCount = 0;
        for (int i = 0; i < m; i++) {
            HullVerdict verdict = distances ? hull.distance(test.point(i), DISTANCE_ACCURACY, iterations) : hull.contains(test.point(i));
            inside[i] = verdict.inside();
            if (distances) {
                lower[i] = verdict.distanceLower();
                upper[i] = verdict.distanceUpper();
            }
            decidedBy[verdict.decidedBy().ordinal()]++;
            insideCount += inside[i] ? 1 : 0;
        }
        List<PcaPoint> curve = pcaCurve ? pcaCurve(train, test) : List.of();
        if (!distances) {
            return new Report(train.dim(), train.count(), m, (double) insideCount / m, inside, null, null, Double.NaN, null, Double.NaN,
                    curve, decidedBy);
        }
        double scale = medianNearestNeighbour(train);
        double[] normalised = new double[m];
        for (int i = 0; i < m; i++) {
            normalised[i] = scale > 0 ? upper[i] / scale : Double.NaN;
        }
        return new Report(train.dim(), train.count(), m, (double) insideCount / m, inside, lower, upper, scale, normalised,
                Median.of(normalised), curve, decidedBy);
    }

    /** The median over (up to NEIGHBOUR_SAMPLE) training points of the distance to the nearest other training point. */
    static double medianNearestNeighbour(PointCloud train) {
        int n = train.count();
        int d = train.dim();
        if (n < 2) {
            return 0.0;
        }
        int sampled = Math.min(n, NEIGHBOUR_SAMPLE);
        double[] nearest = new double[sampled];
        double[] x = train.coords();
        for (int s = 0; s < sampled; s++) {
            int i = (int) ((long) s * n / sampled);
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double squared = 0;
                for (int k = 0; k < d && squared < best; k++) {
                    double diff = x[i * d + k] - x[j * d + k];
                    squared += diff * diff;
                }
                best = Math.min(best, squared);
            }
            nearest[s] = Math.sqrt(best);
        }
        return Median.of(nearest);
    }

    /** Fraction inside in the top-k principal subspace of the training set, for the k of {@link #dimensions(int)}. */
    static List<PcaPoint> pcaCurve(PointCloud train, PointCloud test) {
        int d = train.dim();
        PrincipalComponents components = PrincipalComponents.fit(train.coords(), train.count(), d, d);
        double[] trainProjected = components.project(train.coords(), train.count());
        double[] testProjected = components.project(test.coords(), test.count());
        List<PcaPoint> curve = new ArrayList<>();
        for (int k : dimensions(d)) {
            ConvexHull hull = ConvexHull.of(new PointCloud(train.count(), k, prefix(trainProjected, train.count(), d, k)));
            double[] q = new double[k];
            int inside = 0;
            for (int i = 0; i < test.count(); i++) {
                System.arraycopy(testProjected, i * d, q, 0, k);
                inside += hull.contains(q).inside() ? 1 : 0;
            }
            curve.add(new PcaPoint(k, (double) inside / test.count()));
        }
        return curve;
    }

    static List<Integer> dimensions(int d) {
        List<Integer> ks = new ArrayList<>();
        for (int k = 1; k <= Math.min(d, 16); k++) {
            ks.add(k);
        }
        for (int k = 24; k < d; k = (int) Math.ceil(k * 1.5)) {
            ks.add(k);
        }
        if (!ks.contains(d)) {
            ks.add(d);
        }
        return ks;
    }

    private static double[] prefix(double[] rows, int count, int d, int k) {
        double[] out = new double[count * k];
        for (int i = 0; i < count; i++) {
            System.arraycopy(rows, i * d, out, i * k, k);
        }
        return out;
    }
}
