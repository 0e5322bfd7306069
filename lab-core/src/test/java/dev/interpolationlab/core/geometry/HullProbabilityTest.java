package dev.interpolationlab.core.geometry;

import static dev.interpolationlab.core.geometry.ConvexHullTest.gaussianPoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.core.random.SplitMix64;
import org.junit.jupiter.api.Test;

/** Balestriero et al.'s Gaussian interpolation probabilities (science.md §1(c), RE-2). */
class HullProbabilityTest {

    private static final int DATASETS = 16;
    private static final int QUERIES = 25;

    /** P(new N(0, I_d) sample ∈ hull of N samples), over fresh data sets and queries. */
    private static double probabilityInside(SplitMix64 random, int d, int n) {
        int inside = 0;
        for (int set = 0; set < DATASETS; set++) {
            ConvexHull hull = ConvexHull.of(PointCloud.gaussian(random, n, d));
            for (int query = 0; query < QUERIES; query++) {
                inside += hull.contains(gaussianPoint(random, d, 1.0)).inside() ? 1 : 0;
            }
        }
        return (double) inside / (DATASETS * QUERIES);
    }

    @Test
    void gaussianProbabilitiesMatchTheReferenceTable() {
        // (d, N, science.md §1(c) table value from 200 LP tests)
        double[][] cells = {{2, 20, .62}, {3, 50, .66}, {4, 100, .65}, {5, 200, .59}, {6, 500, .57}, {8, 1000, .52},
            {10, 2000, .42}, {16, 1000, .03}};
        SplitMix64 random = new SplitMix64(2110_09485L);
        for (double[] cell : cells) {
            int d = (int) cell[0];
            int n = (int) cell[1];
            double reference = cell[2];
            double measured = probabilityInside(random, d, n);
            double p = Math.max(0.02, 0.5 * (measured + reference));
            double standardError = Math.sqrt(p * (1 - p) * (1.0 / 200 + 1.0 / (DATASETS * QUERIES)));
            assertTrue(Math.abs(measured - reference) <= 3 * standardError,
                    "d=" + d + ", N=" + n + ": measured " + measured + ", table " + reference + " (3 s.e. = " + 3 * standardError + ")");
        }
    }

    @Test
    void probabilityGrowsWithSamplesAndFallsWithDimension() {
        SplitMix64 random = new SplitMix64(5);
        double previous = -1;
        for (int n : new int[] {10, 50, 200, 1000}) {
            double p = probabilityInside(random, 5, n);
            assertTrue(p > previous, "not increasing in N at N=" + n);
            previous = p;
        }
        double at4 = probabilityInside(random, 4, 200);
        double at8 = probabilityInside(random, 8, 200);
        assertTrue(at4 > at8 + 0.3, "d=4: " + at4 + ", d=8: " + at8);
        assertTrue(probabilityInside(random, 16, 2000) < 0.1);
    }

    /** An isometric embedding of a d*-dimensional cloud (random orthonormal frame plus a shift) keeps every verdict. */
    @Test
    void isometricEmbeddingIntoOneHundredDimensionsGivesTheSameVerdicts() {
        SplitMix64 random = new SplitMix64(23);
        int low = 4;
        int high = 100;
        double[] frame = orthonormalColumns(random, high, low);
        double[] shift = gaussianPoint(random, high, 5.0);
        int agreements = 0;
        int inside = 0;
        for (int set = 0; set < 8; set++) {
            PointCloud cloud = PointCloud.gaussian(random, 100, low);
            ConvexHull lowHull = ConvexHull.of(cloud);
            ConvexHull highHull = ConvexHull.of(embed(cloud, frame, shift, high));
            for (int query = 0; query < 25; query++) {
                double[] q = gaussianPoint(random, low, 1.0);
                boolean lowVerdict = lowHull.contains(q).inside();
                PointCloud embedded = embed(new PointCloud(1, low, q), frame, shift, high);
                assertEquals(lowVerdict, highHull.contains(embedded.coords()).inside());
                assertEquals(lowVerdict, highHull.containsByLinearProgram(embedded.coords()));
                agreements++;
                inside += lowVerdict ? 1 : 0;
            }
        }
        assertEquals(200, agreements);
        assertTrue(inside > 60 && inside < 180, inside + " of 200 inside: the table says about 0.65");
    }

    /** Points of the trigonometric moment curve are vertices of any hull of curve points: never inside. */
    @Test
    void momentCurvePointsAreNeverInsideOtherCurvePoints() {
        SplitMix64 random = new SplitMix64(29);
        for (int k : new int[] {1, 2, 5}) {
            int d = 2 * k;
            double[] coords = new double[200 * d];
            for (int i = 0; i < 200; i++) {
                System.arraycopy(curvePoint(random, k), 0, coords, i * d, d);
            }
            ConvexHull hull = ConvexHull.of(new PointCloud(200, d, coords));
            for (int query = 0; query < 100; query++) {
                assertTrue(!hull.contains(curvePoint(random, k)).inside(), "k=" + k);
            }
        }
    }

    private static double[] curvePoint(SplitMix64 random, int k) {
        double t = 2 * Math.PI * random.nextDouble();
        double[] x = new double[2 * k];
        for (int j = 1; j <= k; j++) {
            x[2 * j - 2] = Math.cos(j * t);
            x[2 * j - 1] = Math.sin(j * t);
        }
        return x;
    }

    /** high×low matrix with orthonormal columns, by Gram–Schmidt on Gaussian columns. */
    private static double[] orthonormalColumns(SplitMix64 random, int high, int low) {
        double[] q = new double[high * low];
        for (int c = 0; c < low; c++) {
            double[] v = gaussianPoint(random, high, 1.0);
            for (int previous = 0; previous < c; previous++) {
                double projection = 0;
                for (int r = 0; r < high; r++) {
                    projection += v[r] * q[r * low + previous];
                }
                for (int r = 0; r < high; r++) {
                    v[r] -= projection * q[r * low + previous];
                }
            }
            double norm = 0;
            for (double value : v) {
                norm += value * value;
            }
            for (int r = 0; r < high; r++) {
                q[r * low + c] = v[r] / Math.sqrt(norm);
            }
        }
        return q;
    }

    private static PointCloud embed(PointCloud cloud, double[] frame, double[] shift, int high) {
        int low = cloud.dim();
        double[] coords = new double[cloud.count() * high];
        for (int i = 0; i < cloud.count(); i++) {
            for (int r = 0; r < high; r++) {
                double v = shift[r];
                for (int c = 0; c < low; c++) {
                    v += frame[r * low + c] * cloud.coords()[i * low + c];
                }
                coords[i * high + r] = v;
            }
        }
        return new PointCloud(cloud.count(), high, coords);
    }
}
