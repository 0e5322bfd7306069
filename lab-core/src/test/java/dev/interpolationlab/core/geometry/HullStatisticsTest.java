package dev.interpolationlab.core.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.core.random.SplitMix64;
import java.util.List;
import org.junit.jupiter.api.Test;

class HullStatisticsTest {

    /** A 5×5 unit grid: nearest-neighbour distance 1, so normalised distances equal Euclidean ones. */
    @Test
    void gridTrainingSetGivesExactFractionsAndDistances() {
        double[][] grid = new double[25][];
        for (int i = 0; i < 25; i++) {
            grid[i] = new double[] {i % 5, i / 5};
        }
        PointCloud test = PointCloud.of(new double[][] {{2, 2}, {0.5, 3.5}, {4, 4}, {7, 2}, {-3, -4}});
        HullStatistics.Report report = HullStatistics.of(PointCloud.of(grid), test, true, true);
        assertEquals(1.0, report.nearestNeighbourScale(), 1e-12);
        assertEquals(0.6, report.fractionInside(), 1e-12);
        assertEquals(List.of(true, true, true, false, false), List.of(report.inside()[0], report.inside()[1], report.inside()[2],
                report.inside()[3], report.inside()[4]));
        assertEquals(3.0, report.normalisedDistance()[3], 3e-2);
        assertEquals(5.0, report.normalisedDistance()[4], 5e-2);
        assertTrue(report.distanceLower()[3] <= 3.0 + 1e-9 && report.distanceUpper()[3] >= 3.0 - 1e-9);
        assertEquals(0.0, report.normalisedDistance()[0]);
        assertEquals(0.0, report.medianNormalisedDistance(), "three of five test points are inside");
    }

    /** Projection keeps hull membership (q ∈ conv X ⇒ Pq ∈ conv PX), so the PCA curve cannot rise with k. */
    @Test
    void pcaCurveFallsWithTheKeptDimension() {
        SplitMix64 random = new SplitMix64(31);
        HullStatistics.Report report = HullStatistics.of(PointCloud.gaussian(random, 300, 8), PointCloud.gaussian(random, 100, 8), true, false);
        List<HullStatistics.PcaPoint> curve = report.pcaCurve();
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), curve.stream().map(HullStatistics.PcaPoint::k).toList());
        for (int i = 1; i < curve.size(); i++) {
            assertTrue(curve.get(i).fractionInside() <= curve.get(i - 1).fractionInside(), curve.toString());
        }
        assertEquals(1.0, curve.get(0).fractionInside(), 0.05, "in one dimension almost every point is inside");
        assertEquals(report.fractionInside(), curve.get(curve.size() - 1).fractionInside(), 1e-12, "k = d is the full space");
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 24, 36, 54, 81, 100),
                HullStatistics.dimensions(100));
    }

    /** Membership alone reaches the same verdict for every point as membership with distances, inside and outside alike. */
    @Test
    void membershipWithoutDistancesGivesTheSameVerdicts() {
        SplitMix64 random = new SplitMix64(41);
        PointCloud train = PointCloud.gaussian(random, 400, 6);
        PointCloud far = PointCloud.gaussian(random, 60, 6);
        PointCloud near = PointCloud.gaussian(random, 60, 6);
        double[] queries = new double[120 * 6];
        System.arraycopy(far.coords(), 0, queries, 0, 360);
        for (int i = 0; i < 360; i++) {
            queries[360 + i] = 0.3 * near.coords()[i]; // well inside the cloud: the LP decides these
        }
        PointCloud test = new PointCloud(120, 6, queries);
        HullStatistics.Report withDistances = HullStatistics.of(train, test, false, true);
        HullStatistics.Report membership = HullStatistics.of(train, test, false, false);
        assertTrue(withDistances.fractionInside() > 0.3 && withDistances.fractionInside() < 0.9, "both kinds of point: " + withDistances.fractionInside());
        assertEquals(java.util.Arrays.toString(withDistances.inside()), java.util.Arrays.toString(membership.inside()));
        assertEquals(withDistances.fractionInside(), membership.fractionInside());
        assertEquals(null, membership.distanceUpper());
        assertEquals(null, membership.normalisedDistance());
        assertTrue(Double.isNaN(membership.nearestNeighbourScale()));
        assertEquals(120, java.util.Arrays.stream(membership.decidedBy()).sum());
    }

    @Test
    void dimensionMismatchIsRejected() {
        SplitMix64 random = new SplitMix64(37);
        assertThrows(IllegalArgumentException.class, () -> HullStatistics.of(PointCloud.gaussian(random, 10, 3), PointCloud.gaussian(random, 5, 2), false, true));
    }
}
