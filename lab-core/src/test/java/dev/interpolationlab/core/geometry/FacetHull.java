package dev.interpolationlab.core.geometry;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent, exact hull construction for 2-D and 3-D test sets: every line (plane) through 2 (3) of the points
 * that has all points on one side is a facet, by brute force over all pairs (triples). A query is inside when it is
 * on the inner side of every facet. O(N^{d+1}), so only for small N; points in general position.
 */
final class FacetHull {

    private static final double EPS = 1e-12;

    private final List<double[]> facets = new ArrayList<>(); // (normal…, offset): inside ⇔ normal·x ≤ offset

    FacetHull(PointCloud points) {
        int n = points.count();
        int d = points.dim();
        if (d == 2) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double[] a = points.point(i);
                    double[] b = points.point(j);
                    addIfFacet(points, new double[] {b[1] - a[1], a[0] - b[0]}, a);
                }
            }
        } else if (d == 3) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    for (int k = j + 1; k < n; k++) {
                        double[] a = points.point(i);
                        double[] u = minus(points.point(j), a);
                        double[] v = minus(points.point(k), a);
                        double[] normal = {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
                        addIfFacet(points, normal, a);
                    }
                }
            }
        } else {
            throw new IllegalArgumentException("2-D or 3-D only");
        }
    }

    boolean contains(double[] q) {
        for (double[] facet : facets) {
            if (dot(facet, q) > facet[facet.length - 1] + EPS) {
                return false;
            }
        }
        return true;
    }

    /** Exact Euclidean distance from q to a 2-D hull: 0 inside, else the nearest facet segment. */
    double distance2d(PointCloud points, double[] q) {
        if (contains(q)) {
            return 0.0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < points.count(); i++) {
            for (int j = i + 1; j < points.count(); j++) {
                best = Math.min(best, segmentDistance(points.point(i), points.point(j), q));
            }
        }
        return best;
    }

    /**
     * Exact Euclidean distance from q to a 3-D hull: 0 inside, else the nearest triangle of three points (the nearest
     * hull point lies on a facet, every facet is such a triangle in general position, and every triangle lies in the
     * hull).
     */
    double distance3d(PointCloud points, double[] q) {
        if (contains(q)) {
            return 0.0;
        }
        double best = Double.POSITIVE_INFINITY;
        int n = points.count();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                for (int k = j + 1; k < n; k++) {
                    best = Math.min(best, triangleDistance(points.point(i), points.point(j), points.point(k), q));
                }
            }
        }
        return best;
    }

    /** The plane's foot when it falls inside the triangle (barycentric coordinates ≥ 0), else the nearest edge. */
    private static double triangleDistance(double[] a, double[] b, double[] c, double[] q) {
        double[] u = minus(b, a);
        double[] v = minus(c, a);
        double[] w = minus(q, a);
        double uu = dot(u, u);
        double uv = dot(u, v);
        double vv = dot(v, v);
        double det = uu * vv - uv * uv;
        double s = (vv * dot(w, u) - uv * dot(w, v)) / det;
        double t = (uu * dot(w, v) - uv * dot(w, u)) / det;
        if (s >= 0 && t >= 0 && s + t <= 1) {
            double squared = 0;
            for (int k = 0; k < 3; k++) {
                double r = w[k] - s * u[k] - t * v[k];
                squared += r * r;
            }
            return Math.sqrt(squared);
        }
        return Math.min(segmentDistance(a, b, q), Math.min(segmentDistance(b, c, q), segmentDistance(a, c, q)));
    }

    private static double segmentDistance(double[] a, double[] b, double[] q) {
        double[] ab = minus(b, a);
        double t = Math.max(0, Math.min(1, dot(minus(q, a), ab) / dot(ab, ab)));
        double squared = 0;
        for (int k = 0; k < a.length; k++) {
            double r = a[k] + t * ab[k] - q[k];
            squared += r * r;
        }
        return Math.sqrt(squared);
    }

    private void addIfFacet(PointCloud points, double[] normal, double[] onPlane) {
        double offset = dot(normal, onPlane);
        int above = 0;
        int below = 0;
        for (int i = 0; i < points.count(); i++) {
            double side = dot(normal, points.point(i)) - offset;
            above += side > EPS ? 1 : 0;
            below += side < -EPS ? 1 : 0;
        }
        if (above == 0 || below == 0) {
            double sign = above == 0 ? 1.0 : -1.0;
            double[] facet = new double[normal.length + 1];
            for (int k = 0; k < normal.length; k++) {
                facet[k] = sign * normal[k];
            }
            facet[normal.length] = sign * offset;
            facets.add(facet);
        }
    }

    private static double[] minus(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            r[k] = a[k] - b[k];
        }
        return r;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < Math.min(a.length, b.length); k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
