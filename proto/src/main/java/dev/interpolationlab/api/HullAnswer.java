package dev.interpolationlab.api;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code POST /api/hull} (Balestriero, Pesenti &amp; LeCun 2021: a test point interpolates when it lies in
 * the convex hull of the training points): per test point, in order, whether it is inside and its certified distance to
 * the hull (an upper bound and a lower bound), that distance in nearest-neighbour units, and for the whole set the
 * fraction inside and the PCA-k curve. Each distance is certified: the true distance lies in [distanceLower, distance],
 * and distance − distanceLower ≤ distanceRelativeGap · distance. The distance fields are null when distances were not
 * asked for. {@code decidedBy} counts the verdicts by the certificate that decided them.
 */
public record HullAnswer(int dim, int trainPoints, int testPoints, double fractionInside, double tolerance, List<Boolean> inside,
        List<Double> distance, List<Double> distanceLower, List<Double> normalisedDistance, Double nearestNeighbourScale,
        Double medianNormalisedDistance, List<PcaPoint> pcaCurve, Map<String, Integer> decidedBy, Double distanceRelativeGap) {

    /** The fraction of test points inside the hull after projecting both sets onto their top-k principal components. */
    public record PcaPoint(int k, double fractionInside) {
    }
}
