package dev.interpolationlab.core.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.core.geometry.HullVerdict.DecidedBy;
import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.core.theory.Wendel;
import org.junit.jupiter.api.Test;

/** Hull membership and distance against exact references: Wendel's formula, brute-force facets, closed forms. */
class ConvexHullTest {

    static double[] gaussianPoint(SplitMix64 random, int d, double std) {
        double[] q = new double[d];
        for (int k = 0; k < d; k++) {
            q[k] = std * random.nextGaussian();
        }
        return q;
    }

    @Test
    void originInGaussianHullsFollowsWendel() {
        int trials = 400;
        SplitMix64 random = new SplitMix64(20211018);
        for (int d : new int[] {2, 5, 10}) {
            for (int n : new int[] {d + 1, 2 * d, 3 * d, 4 * d}) {
                int inside = 0;
                int insideByLp = 0;
                for (int t = 0; t < trials; t++) {
                    ConvexHull hull = ConvexHull.of(PointCloud.gaussian(random, n, d));
                    double[] origin = new double[d];
                    inside += hull.contains(origin).inside() ? 1 : 0;
                    insideByLp += hull.containsByLinearProgram(origin) ? 1 : 0;
                }
                double p = Wendel.probabilityInside(n, d);
                double standardError = Math.sqrt(p * (1 - p) / trials);
                double measured = (double) inside / trials;
                assertEquals(insideByLp, inside, "engine and LP disagree at d=" + d + ", N=" + n);
                assertTrue(Math.abs(measured - p) <= 3 * standardError + 1e-12,
                        "d=" + d + ", N=" + n + ": measured " + measured + ", Wendel " + p + " ± " + standardError);
            }
        }
    }

    @Test
    void linearProgramAgreesWithExactFacetHullsIn2dAnd3d() {
        SplitMix64 random = new SplitMix64(7);
        int compared = 0;
        int insideCount = 0;
        for (int d = 2; d <= 3; d++) {
            for (int set = 0; set < 40; set++) {
                int n = d + 2 + random.nextInt(20);
                PointCloud points = PointCloud.gaussian(random, n, d);
                FacetHull exact = new FacetHull(points);
                ConvexHull hull = ConvexHull.of(points);
                for (int query = 0; query < 25; query++) {
                    double[] q = gaussianPoint(random, d, 0.8);
                    boolean expected = exact.contains(q);
                    assertEquals(expected, hull.containsByLinearProgram(q), "LP, d=" + d + " set " + set);
                    assertEquals(expected, hull.contains(q).inside(), "engine, d=" + d + " set " + set);
                    insideCount += expected ? 1 : 0;
                    compared++;
                }
            }
        }
        assertEquals(2000, compared);
        assertTrue(insideCount > 400 && insideCount < 1600, "the queries test both verdicts: " + insideCount + " inside");
    }

    /**
     * A rank-deficient cloud, as hidden features of aligned neurons are: 3-D points lifted to 8-D with duplicated, zero
     * and dependent coordinates. The verdicts are those of the exact 3-D facet hull.
     */
    @Test
    void rankDeficientCloudsGetTheVerdictsOfTheirIntrinsicHull() {
        SplitMix64 random = new SplitMix64(17);
        int inside = 0;
        for (int set = 0; set < 10; set++) {
            PointCloud points = PointCloud.gaussian(random, 40, 3);
            FacetHull exact = new FacetHull(points);
            double[][] lifted = new double[points.count()][];
            for (int i = 0; i < points.count(); i++) {
                lifted[i] = lift(points.point(i));
            }
            ConvexHull hull = ConvexHull.of(PointCloud.of(lifted));
            for (int query = 0; query < 40; query++) {
                double[] q = gaussianPoint(random, 3, 0.8);
                boolean expected = exact.contains(q);
                assertEquals(expected, hull.containsByLinearProgram(lift(q)), "LP, set " + set + " query " + query);
                assertEquals(expected, hull.contains(lift(q)).inside(), "engine, set " + set + " query " + query);
                inside += expected ? 1 : 0;
            }
        }
        assertTrue(inside > 40 && inside < 360, "both verdicts are tested: " + inside + " of 400 inside");
    }

    /**
     * Hidden features of a small-initialisation ReLU network whose neurons have aligned (science.md §1(b)): nearly
     * proportional coordinates, a cloud close to a ray. Every verdict must be reached and certified: the engine agrees
     * with the LP, except where the LP's separating hyperplane fails to verify in this near-degenerate cloud and it
     * answers "inside" without a certificate; there the engine's "outside" must carry a lower bound on the distance that
     * no inside answer allows (inside means a hull point within τ·S in each of the m coordinates, so within τ·S·√m).
     */
    @Test
    void nearlyProportionalFeaturesAreDecidedAndCertified() {
        SplitMix64 random = new SplitMix64(23);
        int m = 30;
        int d = 3;
        double[] u = gaussianPoint(random, d, 1.0);
        double[] w = new double[m * d];
        for (int j = 0; j < m; j++) {
            double c = random.nextGaussian();
            for (int k = 0; k < d; k++) {
                w[j * d + k] = c * u[k] + 1e-7 * random.nextGaussian();
            }
        }
        int agree = 0;
        int total = 0;
        for (int set = 0; set < 10; set++) {
            double[][] train = features(random, w, m, d, 40);
            ConvexHull hull = ConvexHull.of(PointCloud.of(train));
            double band = ConvexHull.TOLERANCE * coordinateScale(train) * Math.sqrt(m);
            for (double[] q : features(random, w, m, d, 40)) {
                HullVerdict verdict = hull.contains(q);
                assertEquals(verdict.inside(), hull.distance(q, 1e-3, 10_000).inside(), "set " + set);
                if (hull.containsByLinearProgram(q) == verdict.inside()) {
                    agree++;
                } else {
                    assertFalse(verdict.inside(), "set " + set + ": the engine never calls inside what the LP separates");
                    assertTrue(verdict.distanceLower() > band, "set " + set + ": certified outside " + verdict);
                }
                total++;
            }
        }
        assertTrue(agree > 0.95 * total, agree + " of " + total + " as the LP");
    }

    /** S, the largest |coordinate − centroid| of the points: the unit of the hull's tolerance. */
    private static double coordinateScale(double[][] points) {
        int d = points[0].length;
        double[] centroid = new double[d];
        for (double[] x : points) {
            for (int k = 0; k < d; k++) {
                centroid[k] += x[k] / points.length;
            }
        }
        double scale = 0;
        for (double[] x : points) {
            for (int k = 0; k < d; k++) {
                scale = Math.max(scale, Math.abs(x[k] - centroid[k]));
            }
        }
        return scale;
    }

    private static double[][] features(SplitMix64 random, double[] w, int m, int d, int count) {
        double[][] rows = new double[count][m];
        for (int i = 0; i < count; i++) {
            double[] x = gaussianPoint(random, d, 1.0);
            for (int j = 0; j < m; j++) {
                double z = 0.0;
                for (int k = 0; k < d; k++) {
                    z += w[j * d + k] * x[k];
                }
                rows[i][j] = Math.max(z, 0.0);
            }
        }
        return rows;
    }

    private static double[] lift(double[] x) {
        return new double[] {x[0], x[1], x[2], x[0], x[1], x[2], 0.0, x[0] + x[1]};
    }

    /**
     * Data of intrinsic dimension 4 embedded in R^30 (Balestriero et al.'s low-dimensional data in a high-dimensional
     * space): the engine answers on the 4-dimensional span and must agree with the LP in all 30 dimensions, deciding the
     * queries off the span by the span alone.
     */
    @Test
    void lowRankCloudsAreAnsweredOnTheirSpanWithTheVerdictsOfTheFullLinearProgram() {
        SplitMix64 random = new SplitMix64(41);
        int d = 30;
        int r = 4;
        double[] offset = gaussianPoint(random, d, 1.0);
        double[] basis = PointCloud.gaussian(random, r, d).coords();
        ConvexHull hull = ConvexHull.of(PointCloud.of(onSubspace(random, offset, basis, r, 300, 1.0)));
        assertEquals(r, hull.spanDimension());
        int inside = 0;
        int offSpan = 0;
        for (double[] q : onSubspace(random, offset, basis, r, 120, 1.5)) {
            boolean exact = hull.containsByLinearProgram(q);
            HullVerdict verdict = hull.contains(q);
            assertEquals(exact, verdict.inside(), "on the span: " + verdict);
            inside += exact ? 1 : 0;
            double[] off = q.clone();
            off[0] += 1e-3;
            HullVerdict away = hull.contains(off);
            assertFalse(away.inside(), "a point off the span is outside whatever its coordinates");
            assertFalse(hull.containsByLinearProgram(off));
            offSpan += away.decidedBy() == DecidedBy.AFFINE_SPAN ? 1 : 0;
        }
        assertTrue(inside > 20 && inside < 100, "both verdicts are tested: " + inside + " of 120 inside");
        assertTrue(offSpan > 0, "off-span queries inside the box and the ball are decided by the span");
        assertEquals(ConvexHull.of(PointCloud.gaussian(random, 50, d)).spanDimension(), d, "a cloud in general position spans R^d");
        assertEquals(19, ConvexHull.of(PointCloud.gaussian(random, 20, d)).spanDimension(), "N ≤ d points span N − 1 dimensions");
    }

    /** Points x = offset + Σ_j z_j·basis_j with z ~ N(0, σ² I_r). */
    private static double[][] onSubspace(SplitMix64 random, double[] offset, double[] basis, int r, int count, double sigma) {
        int d = offset.length;
        double[][] rows = new double[count][];
        for (int i = 0; i < count; i++) {
            double[] x = offset.clone();
            for (int j = 0; j < r; j++) {
                double z = sigma * random.nextGaussian();
                for (int k = 0; k < d; k++) {
                    x[k] += z * basis[j * d + k];
                }
            }
            rows[i] = x;
        }
        return rows;
    }

    /** The unit square on a plane of R^5: a query off the plane is at √(ρ² + D²) from it (Pythagoras). */
    @Test
    void distancesFromOffTheSpanAreThoseOfPythagoras() {
        double[] e1 = {0.6, 0.8, 0, 0, 0};
        double[] e2 = {0, 0, 0.6, 0, 0.8};
        double[] normal = {0.8, -0.6, 0, 0, 0};
        double[][] square = {plane(e1, e2, null, 0, 0, 0), plane(e1, e2, null, 1, 0, 0), plane(e1, e2, null, 0, 1, 0),
                plane(e1, e2, null, 1, 1, 0), plane(e1, e2, null, 0.3, 0.6, 0)};
        ConvexHull hull = ConvexHull.of(PointCloud.of(square));
        assertEquals(2, hull.spanDimension());
        HullVerdict beside = hull.distance(plane(e1, e2, normal, 2, 0.5, 0.3), 1e-6, 10_000);
        assertFalse(beside.inside());
        double truth = Math.sqrt(1 + 0.09);
        assertTrue(beside.distanceLower() <= truth && truth <= beside.distanceUpper(), beside.toString());
        assertEquals(truth, beside.distanceUpper(), 1e-5);
        HullVerdict above = hull.distance(plane(e1, e2, normal, 0.5, 0.5, 0.25), 1e-6, 10_000);
        assertFalse(above.inside(), "over the square, off its plane");
        assertEquals(DecidedBy.AFFINE_SPAN, above.decidedBy());
        assertEquals(0.25, above.distanceUpper(), 1e-6);
        assertEquals(0.25, above.distanceLower(), 1e-6);
        assertTrue(hull.distance(plane(e1, e2, null, 0.5, 0.5, 0), 1e-6, 10_000).inside());
    }

    private static double[] plane(double[] e1, double[] e2, double[] normal, double a, double b, double c) {
        double[] x = new double[e1.length];
        for (int k = 0; k < x.length; k++) {
            x[k] = 1.0 + a * e1[k] + b * e2[k] + (normal == null ? 0 : c * normal[k]);
        }
        return x;
    }

    @Test
    void boundaryPointsCountAsInside() {
        SplitMix64 random = new SplitMix64(11);
        PointCloud points = PointCloud.gaussian(random, 30, 3);
        ConvexHull hull = ConvexHull.of(points);
        FacetHull exact = new FacetHull(points);
        for (int i = 0; i < points.count(); i++) {
            assertTrue(hull.contains(points.point(i)).inside(), "vertex " + i);
            assertTrue(hull.containsByLinearProgram(points.point(i)), "vertex " + i + " by LP");
        }
        // midpoints of pairs that are both on one facet lie on the boundary
        int onBoundary = 0;
        for (int i = 0; i < points.count(); i++) {
            for (int j = i + 1; j < points.count(); j++) {
                double[] mid = new double[3];
                for (int k = 0; k < 3; k++) {
                    mid[k] = 0.5 * (points.coords()[i * 3 + k] + points.coords()[j * 3 + k]);
                }
                assertEquals(exact.contains(mid), hull.containsByLinearProgram(mid));
                onBoundary += exact.contains(mid) ? 1 : 0;
            }
        }
        assertTrue(onBoundary > 0);
        double[] outside = points.point(0);
        outside[0] += 1e-3 * Math.signum(outside[0]) * 1e3; // far along an axis from a vertex
        assertEquals(exact.contains(outside), hull.contains(outside).inside());
    }

    /** The nearest-point certificates decide most queries themselves, and each as the LP does. */
    @Test
    void nearestPointDecisionsAgreeWithTheLinearProgram() {
        SplitMix64 random = new SplitMix64(13);
        int decided = 0;
        int total = 0;
        for (int d : new int[] {2, 5, 10, 30}) {
            for (int set = 0; set < 6; set++) {
                int n = 20 * d;
                ConvexHull hull = ConvexHull.of(PointCloud.gaussian(random, n, d));
                for (int query = 0; query < 50; query++) {
                    double[] q = gaussianPoint(random, d, 1.0);
                    HullVerdict verdict = hull.contains(q);
                    assertEquals(hull.containsByLinearProgram(q), verdict.inside(), "d=" + d + " set " + set + " query " + query);
                    decided += verdict.decidedBy() == DecidedBy.NEAREST_POINT ? 1 : 0;
                    total++;
                }
            }
        }
        assertTrue(decided > 0.5 * total, decided + " of " + total + " decided by the nearest point");
    }

    @Test
    void distanceBoundsBracketTheExactDistance() {
        // unit square: (2, 0.5) is at distance 1, (2, 2) at √2, (0.5, 0.5) inside
        ConvexHull square = ConvexHull.of(PointCloud.of(new double[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {0.3, 0.6}}));
        HullVerdict side = square.distance(new double[] {2, 0.5}, 1e-6, 10_000);
        assertFalse(side.inside());
        assertEquals(1.0, side.distanceUpper(), 1e-5);
        assertEquals(1.0, side.distanceLower(), 1e-5);
        HullVerdict corner = square.distance(new double[] {2, 2}, 1e-6, 10_000);
        assertEquals(Math.sqrt(2), corner.distanceUpper(), 1e-5);
        assertTrue(square.distance(new double[] {0.5, 0.5}, 1e-6, 10_000).inside());

        SplitMix64 random = new SplitMix64(17);
        for (int set = 0; set < 20; set++) {
            PointCloud points = PointCloud.gaussian(random, 15, 2);
            FacetHull exact = new FacetHull(points);
            ConvexHull hull = ConvexHull.of(points);
            for (int query = 0; query < 20; query++) {
                double[] q = gaussianPoint(random, 2, 2.0);
                double truth = exact.distance2d(points, q);
                HullVerdict verdict = hull.distance(q, 1e-4, 100_000);
                assertEquals(truth == 0.0, verdict.inside());
                assertTrue(verdict.distanceLower() <= truth * (1 + 1e-9) + 1e-12, verdict + " vs " + truth);
                assertTrue(verdict.distanceUpper() >= truth * (1 - 1e-9) - 1e-12, verdict + " vs " + truth);
                assertEquals(truth, verdict.distanceUpper(), 1e-3 * truth + 1e-9);
            }
        }
    }

    /**
     * Wolfe's nearest point against the exact projection on 3-D facet hulls: the truth lies in the certified bracket,
     * and the bracket is as narrow as asked (the stated relative gap), also when asked for 10⁻³ rather than to the end.
     */
    @Test
    void distancesInThreeDimensionsAreTheExactProjectionWithinTheCertifiedGap() {
        SplitMix64 random = new SplitMix64(29);
        int outside = 0;
        for (int set = 0; set < 10; set++) {
            PointCloud points = PointCloud.gaussian(random, 12, 3);
            FacetHull exact = new FacetHull(points);
            ConvexHull hull = ConvexHull.of(points);
            for (int query = 0; query < 20; query++) {
                double[] q = gaussianPoint(random, 3, 1.2);
                double truth = exact.distance3d(points, q);
                for (double gap : new double[] {1e-3, 1e-9}) {
                    HullVerdict verdict = hull.distance(q, gap, 10_000);
                    assertEquals(truth == 0.0, verdict.inside(), "set " + set + " query " + query);
                    assertTrue(verdict.distanceLower() <= truth * (1 + 1e-12) && truth <= verdict.distanceUpper() * (1 + 1e-12),
                            verdict + " vs " + truth);
                    assertTrue(verdict.distanceUpper() - verdict.distanceLower() <= gap * verdict.distanceUpper(), verdict.toString());
                }
                outside += truth > 0 ? 1 : 0;
            }
        }
        assertTrue(outside > 40 && outside < 190, outside + " of 200 outside: both kinds are tested");
    }

    /** Asking for distances changes no verdict: the nearest-point path and the membership path agree with the LP. */
    @Test
    void membershipWithAndWithoutDistancesGivesTheSameVerdicts() {
        SplitMix64 random = new SplitMix64(31);
        int inside = 0;
        int total = 0;
        for (int d : new int[] {2, 5, 10, 30}) {
            for (int set = 0; set < 4; set++) {
                ConvexHull hull = ConvexHull.of(PointCloud.gaussian(random, 20 * d, d));
                for (int query = 0; query < 50; query++) {
                    double[] q = gaussianPoint(random, d, 1.0);
                    boolean byLp = hull.containsByLinearProgram(q);
                    HullVerdict withDistance = hull.distance(q, 1e-3, 10_000);
                    assertEquals(byLp, hull.contains(q).inside(), "membership, d=" + d);
                    assertEquals(byLp, withDistance.inside(), "with distances, d=" + d + ": " + withDistance);
                    assertTrue(withDistance.inside() || withDistance.distanceUpper() - withDistance.distanceLower()
                            <= 1e-3 * withDistance.distanceUpper(), withDistance.toString());
                    inside += byLp ? 1 : 0;
                    total++;
                }
            }
        }
        assertTrue(inside > 0.1 * total && inside < 0.9 * total, inside + " of " + total + " inside");
    }

    @Test
    void preTestsDecideFarPointsAndNeverClaimInside() {
        ConvexHull hull = ConvexHull.of(PointCloud.gaussian(new SplitMix64(19), 100, 4));
        HullVerdict far = hull.contains(new double[] {100, 0, 0, 0});
        assertFalse(far.inside());
        assertEquals(DecidedBy.BOUNDING_BOX, far.decidedBy());
        assertTrue(far.distanceLower() > 90);
        HullVerdict diagonal = hull.contains(new double[] {2.9, 2.9, 2.9, 2.9});
        assertFalse(diagonal.inside());
        HullVerdict centre = hull.contains(new double[] {0, 0, 0, 0});
        assertTrue(centre.inside());
    }
}
