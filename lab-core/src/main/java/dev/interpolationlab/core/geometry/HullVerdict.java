package dev.interpolationlab.core.geometry;

/**
 * Whether a query point lies in the convex hull (boundary included, within {@link ConvexHull#TOLERANCE}), which test
 * decided it, and certified bounds on its Euclidean distance to the hull: lower ≤ distance ≤ upper (0 and 0 inside;
 * upper is +∞ where only a pre-test ran).
 */
public record HullVerdict(boolean inside, DecidedBy decidedBy, double distanceLower, double distanceUpper) {

    public enum DecidedBy {
        /** q is outside the box spanned by the points' coordinate ranges. */
        BOUNDING_BOX,
        /** q is farther from the centroid than every point. */
        BALL,
        /** Wolfe's nearest-point algorithm: a hull point within the tolerance (inside), or the supporting hyperplane through
         *  the nearest point it found (outside). */
        NEAREST_POINT,
        /** the simplex method's certificate. */
        LINEAR_PROGRAM,
        /** q is farther from the points' affine span than the tolerance allows (a cloud of lower rank than d). */
        AFFINE_SPAN
    }

    static HullVerdict inside(DecidedBy decidedBy) {
        return new HullVerdict(true, decidedBy, 0.0, 0.0);
    }
}
