package dev.interpolationlab.core.geometry;

import dev.interpolationlab.core.geometry.HullVerdict.DecidedBy;

/**
 * Membership of query points in the convex hull of a point cloud and their distance to it (science.md §2.1), decided
 * in order of cost:
 * <ol>
 *   <li>O(d) pre-tests that can only prove "outside": the bounding box and the enclosing ball about the centroid;</li>
 *   <li>a few Frank–Wolfe iterations, O(Nd) each, whose supporting hyperplanes certify most outside points;</li>
 *   <li>the simplex method, exact, for whatever is still undecided (in practice: the points inside).</li>
 * </ol>
 * <b>Tolerance.</b> Work happens in a normalised frame: centred on the centroid and divided by the largest
 * |coordinate| S. A point counts as inside when some hull point is within τ = {@value #TOLERANCE}·S of it in every
 * coordinate, so points on the boundary are inside; "outside" is reported only with a certificate that every hull
 * point is farther than τ (in ∞-norm). Verdicts are therefore exact for every point farther than (d + 1)·τ from the
 * boundary. Translation and isometries leave verdicts unchanged up to that band.
 * <p>
 * Not thread-safe: {@link #copy()} gives another thread its own workspaces over the same points.
 */
public final class ConvexHull {

    public static final double TOLERANCE = 1e-9;
    /** Frank–Wolfe iterations spent on a membership query before handing it to the LP. */
    static final int MEMBERSHIP_ITERATIONS = 24;

    private final int n;
    private final int d;
    private final double[] centroid;
    private final double scale;
    private final double[] normalised;
    private final double[] boxLow;
    private final double[] boxHigh;
    private final double radius;
    private final double[] query;
    private final FrankWolfe frankWolfe;
    private final HullLp lp;

    private ConvexHull(int n, int d, double[] centroid, double scale, double[] normalised, double[] boxLow, double[] boxHigh,
            double radius) {
        this.n = n;
        this.d = d;
        this.centroid = centroid;
        this.scale = scale;
        this.normalised = normalised;
        this.boxLow = boxLow;
        this.boxHigh = boxHigh;
        this.radius = radius;
        this.query = new double[d];
        this.frankWolfe = new FrankWolfe(normalised, n, d, TOLERANCE);
        this.lp = new HullLp(normalised, n, d, TOLERANCE);
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
        return new ConvexHull(n, d, centroid, scale, normalised, boxLow, boxHigh, radius);
    }

    /** The same hull with its own workspaces, for use on another thread. */
    public ConvexHull copy() {
        return new ConvexHull(n, d, centroid, scale, normalised, boxLow, boxHigh, radius);
    }

    public int count() {
        return n;
    }

    public int dim() {
        return d;
    }

    /** Whether q is in the hull: pre-tests, then a few Frank–Wolfe steps, then the LP. */
    public HullVerdict contains(double[] q) {
        normalise(q);
        HullVerdict pretest = pretest();
        if (pretest != null) {
            return pretest;
        }
        frankWolfe.run(query, MEMBERSHIP_ITERATIONS, Double.POSITIVE_INFINITY);
        return switch (frankWolfe.verdict()) {
            case INSIDE -> HullVerdict.inside(DecidedBy.FRANK_WOLFE);
            case OUTSIDE -> new HullVerdict(false, DecidedBy.FRANK_WOLFE, frankWolfe.lower() * scale, frankWolfe.upper() * scale);
            case UNDECIDED -> lp.contains(query)
                    ? HullVerdict.inside(DecidedBy.LINEAR_PROGRAM)
                    : new HullVerdict(false, DecidedBy.LINEAR_PROGRAM, frankWolfe.lower() * scale, frankWolfe.upper() * scale);
        };
    }

    /**
     * Membership and the distance to the hull: Frank–Wolfe until its certified bounds agree to
     * {@code relativeAccuracy} (or {@code maxIterations}), the LP where it stays undecided. Inside points have
     * distance 0.
     */
    public HullVerdict distance(double[] q, double relativeAccuracy, int maxIterations) {
        normalise(q);
        frankWolfe.run(query, maxIterations, relativeAccuracy);
        double lower = frankWolfe.lower() * scale;
        double upper = frankWolfe.upper() * scale;
        return switch (frankWolfe.verdict()) {
            case INSIDE -> HullVerdict.inside(DecidedBy.FRANK_WOLFE);
            case OUTSIDE -> new HullVerdict(false, DecidedBy.FRANK_WOLFE, lower, upper);
            case UNDECIDED -> lp.contains(query)
                    ? HullVerdict.inside(DecidedBy.LINEAR_PROGRAM)
                    : new HullVerdict(false, DecidedBy.LINEAR_PROGRAM, lower, upper);
        };
    }

    /** Only the exact LP, for checking the faster paths against it. */
    public boolean containsByLinearProgram(double[] q) {
        normalise(q);
        return lp.contains(query);
    }

    /** Only Frank–Wolfe: its verdict where it decides within {@code maxIterations}, else null. */
    public Boolean containsByFrankWolfe(double[] q, int maxIterations) {
        normalise(q);
        frankWolfe.run(query, maxIterations, Double.POSITIVE_INFINITY);
        return switch (frankWolfe.verdict()) {
            case INSIDE -> Boolean.TRUE;
            case OUTSIDE -> Boolean.FALSE;
            case UNDECIDED -> null;
        };
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
