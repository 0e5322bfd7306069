package dev.interpolationlab.core.geometry;

import dev.interpolationlab.core.geometry.HullVerdict.DecidedBy;

/**
 * Membership of query points in the convex hull of a point cloud and their distance to it (science.md §2.1), decided
 * in order of cost:
 * <ol>
 *   <li>O(d) pre-tests that can only prove "outside": the bounding box and the enclosing ball about the centroid;</li>
 *   <li>Wolfe's nearest-point algorithm ({@link NearestPoint}), O(Nd) per major cycle, which ends with a hull point
 *       within τ of q (inside) or a supporting hyperplane separating it (outside); for distances it goes on until
 *       the certified bounds agree to the relative gap asked;</li>
 *   <li>the simplex method, exact, for whatever is still undecided (a query within the tolerance band of the
 *       boundary, or one whose budget of passes ran out).</li>
 * </ol>
 * <b>Tolerance.</b> Work happens in a normalised frame: centred on the centroid and divided by the largest
 * |coordinate| S. A point counts as inside when some hull point is within τ = {@value #TOLERANCE}·S of it in every
 * coordinate, so points on the boundary are inside; "outside" is reported only with a certificate that every hull
 * point is farther than τ (in ∞-norm). Verdicts are therefore exact for every point farther than (d + 1)·τ from the
 * boundary. Translation and isometries leave verdicts unchanged up to that band.
 * <p>
 * <b>Low-rank clouds.</b> Points that span an affine subspace of dimension r &lt; d (data of intrinsic dimension r
 * embedded in R^d, or N ≤ d points) are answered in that subspace ({@link AffineSpan}): a query farther than
 * (√d + 1)·τ from the span is outside ({@link DecidedBy#AFFINE_SPAN}), every other query is the r-dimensional question
 * of its coordinates, whose LP has r + 1 rows rather than d + 1 and whose inner products are r long. Its distance is
 * √(ρ² + D²) with ρ its distance to the span and D the distance of its coordinates to the points' coordinates, ±τ for
 * the points' own distance to the span. Verdicts stay exact outside a band of width √d·(d + 1)·τ about the boundary.
 * <p>
 * Not thread-safe: {@link #copy()} gives another thread its own workspaces over the same points.
 */
public final class ConvexHull {

    public static final double TOLERANCE = 1e-9;
    /** A direction of the span is trusted only where the points leave it by more than this (normalised units). */
    static final double SPAN_CLEARANCE = 1e-6;

    private final int n;
    private final int d;
    private final double[] centroid;
    private final double scale;
    private final double[] normalised;
    private final double[] boxLow;
    private final double[] boxHigh;
    private final double radius;
    private final double[] query;
    private final NearestPoint nearestPoint;
    private final HullLp lp;
    /** The points' affine span, and the hull of their coordinates on it when it has fewer dimensions than d (else null). */
    private final AffineSpan span;
    private final ConvexHull inSpan;
    private final double[] spanCoordinates;

    private ConvexHull(int n, int d, double[] centroid, double scale, double[] normalised, double[] boxLow, double[] boxHigh,
            double radius, AffineSpan span, ConvexHull inSpan) {
        this.n = n;
        this.d = d;
        this.centroid = centroid;
        this.scale = scale;
        this.normalised = normalised;
        this.boxLow = boxLow;
        this.boxHigh = boxHigh;
        this.radius = radius;
        this.query = new double[d];
        this.nearestPoint = new NearestPoint(normalised, n, d, TOLERANCE);
        this.lp = new HullLp(normalised, n, d, TOLERANCE);
        this.span = span;
        this.inSpan = inSpan;
        this.spanCoordinates = new double[span.rank()];
    }

    public static ConvexHull of(PointCloud points) {
        int n = points.count();
        int d = points.dim();
        double[] x = points.coords();
        double[] centroid = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                centroid[k] += x[i * d + k];
            }
        }
        for (int k = 0; k < d; k++) {
            centroid[k] /= n;
        }
        double scale = 0.0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                scale = Math.max(scale, Math.abs(x[i * d + k] - centroid[k]));
            }
        }
        scale = scale > 0.0 ? scale : 1.0; // a single point (or N copies of one)
        double[] normalised = new double[n * d];
        double[] boxLow = new double[d];
        double[] boxHigh = new double[d];
        java.util.Arrays.fill(boxLow, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(boxHigh, Double.NEGATIVE_INFINITY);
        double radius = 0.0;
        for (int i = 0; i < n; i++) {
            double squared = 0.0;
            for (int k = 0; k < d; k++) {
                double v = (x[i * d + k] - centroid[k]) / scale;
                normalised[i * d + k] = v;
                boxLow[k] = Math.min(boxLow[k], v);
                boxHigh[k] = Math.max(boxHigh[k], v);
                squared += v * v;
            }
            radius = Math.max(radius, Math.sqrt(squared));
        }
        AffineSpan span = AffineSpan.of(normalised, n, d, TOLERANCE, SPAN_CLEARANCE);
        if (span.rank() == 0 || span.rank() == d) {
            return new ConvexHull(n, d, centroid, scale, normalised, boxLow, boxHigh, radius, span, null);
        }
        ConvexHull inSpan = ConvexHull.of(new PointCloud(n, span.rank(), span.projectAll(normalised, n)));
        return new ConvexHull(n, d, centroid, scale, normalised, boxLow, boxHigh, radius, span, inSpan);
    }

    /** The same hull with its own workspaces, for use on another thread. */
    public ConvexHull copy() {
        return new ConvexHull(n, d, centroid, scale, normalised, boxLow, boxHigh, radius, span, inSpan == null ? null : inSpan.copy());
    }

    /** The dimension of the points' affine span (d for a cloud in general position with N > d). */
    public int spanDimension() {
        return span.rank();
    }

    public int count() {
        return n;
    }

    public int dim() {
        return d;
    }

    /** Whether q is in the hull: pre-tests, then Wolfe's nearest point until a certificate decides, then the LP. */
    public HullVerdict contains(double[] q) {
        normalise(q);
        HullVerdict pretest = pretest();
        if (pretest != null) {
            return pretest;
        }
        if (inSpan != null) {
            return inSpan(false, 0.0, 0);
        }
        return byNearestPoint(Double.POSITIVE_INFINITY, passBudget(n, d));
    }

    /**
     * Membership and the distance to the hull: Wolfe's nearest-point algorithm until its certified bounds agree to
     * {@code relativeAccuracy} (or {@code maxIterations} major cycles), the LP where the verdict is still open (a query
     * within the tolerance band of the boundary). Inside points have distance 0.
     */
    public HullVerdict distance(double[] q, double relativeAccuracy, int maxIterations) {
        normalise(q);
        if (inSpan != null) {
            return inSpan(true, relativeAccuracy, maxIterations);
        }
        return byNearestPoint(relativeAccuracy, maxIterations);
    }

    /** Passes over the points a query may take: 50 to 2,000, about 2·10⁷ flops. */
    public static int passBudget(int n, int d) {
        return (int) Math.max(50, Math.min(2000, 2e7 / ((double) n * d)));
    }

    private HullVerdict byNearestPoint(double relativeAccuracy, int maxIterations) {
        nearestPoint.run(query, maxIterations, relativeAccuracy);
        double lower = nearestPoint.lower() * scale;
        double upper = nearestPoint.upper() * scale;
        return switch (nearestPoint.verdict()) {
            case INSIDE -> HullVerdict.inside(DecidedBy.NEAREST_POINT);
            case OUTSIDE -> new HullVerdict(false, DecidedBy.NEAREST_POINT, lower, upper);
            case UNDECIDED -> lp.contains(query)
                    ? HullVerdict.inside(DecidedBy.LINEAR_PROGRAM)
                    : new HullVerdict(false, DecidedBy.LINEAR_PROGRAM, lower, upper);
        };
    }

    /**
     * The query (normalised) answered on the points' affine span: off it by more than (√d + 1)·τ it is outside; else,
     * and whenever its distance is asked for, by the hull of the points' coordinates on the span.
     */
    private HullVerdict inSpan(boolean distances, double relativeAccuracy, int maxIterations) {
        double offSpan = span.project(query, spanCoordinates);
        // every point is within τ of the span, so each is farther than ρ − τ from the query
        boolean off = offSpan > TOLERANCE * (Math.sqrt(d) + 1.0);
        if (off && !distances) {
            return new HullVerdict(false, DecidedBy.AFFINE_SPAN, (offSpan - TOLERANCE) * scale, Double.POSITIVE_INFINITY);
        }
        HullVerdict on = distances ? inSpan.distance(spanCoordinates, relativeAccuracy, maxIterations) : inSpan.contains(spanCoordinates);
        if (on.inside() && !off) {
            return on;
        }
        double lower = Math.max(0.0, Math.hypot(offSpan, on.distanceLower()) - TOLERANCE) * scale;
        double upper = (Math.hypot(offSpan, on.distanceUpper()) + TOLERANCE) * scale;
        return new HullVerdict(false, off ? DecidedBy.AFFINE_SPAN : on.decidedBy(), lower, upper);
    }

    /** Only the exact LP in all d dimensions, for checking the faster paths against it. */
    public boolean containsByLinearProgram(double[] q) {
        normalise(q);
        return lp.contains(query);
    }

    private void normalise(double[] q) {
        if (q.length != d) {
            throw new IllegalArgumentException("query has " + q.length + " coordinates, the hull lives in " + d);
        }
        for (int k = 0; k < d; k++) {
            if (!Double.isFinite(q[k])) {
                throw new IllegalArgumentException("query coordinate " + k + " is not finite: " + q[k]);
            }
            query[k] = (q[k] - centroid[k]) / scale;
        }
    }

    /** Box, then ball: each proves ‖p − q‖∞ > τ for every hull point p when it fires (see the class comment). */
    private HullVerdict pretest() {
        double boxGap = 0.0;
        double outsideBox = 0.0;
        double squared = 0.0;
        for (int k = 0; k < d; k++) {
            double v = query[k];
            double excess = Math.max(v - boxHigh[k], boxLow[k] - v);
            if (excess > 0.0) {
                outsideBox += excess * excess;
                boxGap = Math.max(boxGap, excess);
            }
            squared += v * v;
        }
        if (boxGap > TOLERANCE) {
            return new HullVerdict(false, DecidedBy.BOUNDING_BOX, Math.sqrt(outsideBox) * scale, Double.POSITIVE_INFINITY);
        }
        double beyondBall = Math.sqrt(squared) - radius;
        if (beyondBall > TOLERANCE * Math.sqrt(d)) {
            return new HullVerdict(false, DecidedBy.BALL, beyondBall * scale, Double.POSITIVE_INFINITY);
        }
        return null;
    }
}
