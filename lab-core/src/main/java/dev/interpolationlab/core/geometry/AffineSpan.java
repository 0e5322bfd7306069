package dev.interpolationlab.core.geometry;

/**
 * The affine span of a point cloud, found by modified Gram–Schmidt over its centred points: an orthonormal basis
 * Q (r × d) of the directions along which the points spread more than {@code tolerance}. A data set of intrinsic
 * dimension r embedded in R^d (Balestriero, Pesenti &amp; LeCun 2021, §3: data lie near low-dimensional manifolds) has
 * r ≪ d, and its hull lies in the span: a query's hull question splits exactly into its distance ρ to the span, and
 * the r-dimensional question of its coordinates Qᵀ(q − c) against the points' coordinates (Pythagoras:
 * dist(q, hull)² = ρ² + dist(Qᵀ(q − c), Qᵀ(hull − c))², up to the tolerance by which points may leave the span).
 * <p>
 * Each point costs O(r·d) against the basis so far, and the search stops once r = d: O(N·r·d) in all.
 */
final class AffineSpan {

    private final int d;
    private final int rank;
    private final double[] basis;

    private AffineSpan(int d, int rank, double[] basis) {
        this.d = d;
        this.rank = rank;
        this.basis = basis;
    }

    /**
     * The span, or the whole of R^d when the cloud is not clearly low-rank: a residual between {@code tolerance} and
     * {@code clearance} is a direction the points barely leave, whose basis vector would carry the cancellation error
     * of ‖residual‖ ≪ ‖point‖ (nearly proportional features are such a cloud) — answered in R^d, exactly, instead.
     *
     * @param centred   the points minus their centroid, row-major n × d
     * @param tolerance a point whose residual from the span so far is at most this adds no direction
     * @param clearance a direction is added only when the residual exceeds this
     */
    static AffineSpan of(double[] centred, int n, int d, double tolerance, double clearance) {
        double[] basis = new double[d * d];
        double[] residual = new double[d];
        int rank = 0;
        for (int i = 0; i < n && rank < d; i++) {
            System.arraycopy(centred, i * d, residual, 0, d);
            // twice, as modified Gram–Schmidt needs to keep the basis orthogonal to working precision
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < rank; j++) {
                    double along = Dot.row(basis, j * d, residual, d);
                    for (int k = 0; k < d; k++) {
                        residual[k] -= along * basis[j * d + k];
                    }
                }
            }
            double norm = Math.sqrt(Dot.row(residual, 0, residual, d));
            if (norm > tolerance && norm <= clearance) {
                return new AffineSpan(d, d, null);
            }
            if (norm > tolerance) {
                for (int k = 0; k < d; k++) {
                    basis[rank * d + k] = residual[k] / norm;
                }
                rank++;
            }
        }
        return new AffineSpan(d, rank, java.util.Arrays.copyOf(basis, rank * d));
    }

    int rank() {
        return rank;
    }

    /** Coordinates of the centred point {@code v} on the basis into {@code coordinates}; returns ρ, its distance to the span. */
    double project(double[] v, double[] coordinates) {
        double squared = Dot.row(v, 0, v, d);
        double along = 0.0;
        for (int j = 0; j < rank; j++) {
            coordinates[j] = Dot.row(basis, j * d, v, d);
            along += coordinates[j] * coordinates[j];
        }
        // ‖v‖² − ‖Qv‖² loses digits when v is nearly in the span; the residual itself does not
        if (squared - along > 1e-6 * squared) {
            return Math.sqrt(squared - along);
        }
        double residualSquared = 0.0;
        for (int k = 0; k < d; k++) {
            double r = v[k];
            for (int j = 0; j < rank; j++) {
                r -= coordinates[j] * basis[j * d + k];
            }
            residualSquared += r * r;
        }
        return Math.sqrt(residualSquared);
    }

    /** The coordinates of every centred point, row-major n × rank. */
    double[] projectAll(double[] centred, int n) {
        double[] coordinates = new double[n * rank];
        double[] row = new double[d];
        double[] projected = new double[rank];
        for (int i = 0; i < n; i++) {
            System.arraycopy(centred, i * d, row, 0, d);
            project(row, projected);
            System.arraycopy(projected, 0, coordinates, i * rank, rank);
        }
        return coordinates;
    }
}
