package dev.interpolationlab.core.geometry;

/**
 * Exact hull membership as the feasibility linear program of science.md §2.1: find λ ≥ 0 with Σ λ_i x_i = q and
 * Σ λ_i = 1. It is solved by phase 1 of a dense revised simplex method — d + 1 rows, one artificial variable per row,
 * minimise the sum of the artificials — so every answer comes with a certificate that is checked before it is
 * returned:
 * <ul>
 *   <li>inside: a convex combination of at most d + 1 points (the basic λ) whose distance to q is at most the
 *       tolerance τ in every coordinate;</li>
 *   <li>outside: the optimal duals (w, w0), a Farkas certificate w·x_i + w0 ≤ 0 < w·q + w0, i.e. a hyperplane that
 *       separates q from every x_i with a margin proving that q is farther than τ from the hull.</li>
 * </ul>
 * Pricing is Dantzig's rule (the most negative reduced cost), which is one pass of N inner products of length d;
 * after a run of degenerate pivots it switches to Bland's rule, which cannot cycle. The basis inverse is updated by
 * the product form and refactorised every {@value #REFACTOR_EVERY} pivots to bound the rounding drift.
 * Coordinates are expected in the normalised frame of {@link ConvexHull} (centred, largest |coordinate| = 1), where
 * τ is absolute. Not thread-safe: the workspaces are reused from query to query, so that a pivot allocates nothing.
 */
final class HullLp {

    private static final int REFACTOR_EVERY = 64;
    private static final double PIVOT_TOLERANCE = 1e-9;
    private static final double PRICING_TOLERANCE = 1e-11;
    /** A pivot this small (coordinates are of order 1) marks a basic column dependent on the others. */
    private static final double SINGULAR = 1e-12;

    private final double[] x;
    private final int n;
    private final int d;
    private final int m;
    private final double tolerance;

    private final double[] inverse;
    private final double[] factor;
    private final int[] basis;
    private final boolean[] basic;
    private final double[] values;
    private final double[] rowSign;
    private final double[] rhs;
    private final double[] w;
    private final double[] column;
    private final double[] lambda;

    private int pivots;

    HullLp(double[] x, int n, int d, double tolerance) {
        this.x = x;
        this.n = n;
        this.d = d;
        this.m = d + 1;
        this.tolerance = tolerance;
        this.inverse = new double[m * m];
        this.factor = new double[m * m];
        this.basis = new int[m];
        this.basic = new boolean[n + m];
        this.values = new double[m];
        this.rowSign = new double[m];
        this.rhs = new double[m];
        this.w = new double[d];
        this.column = new double[m];
        this.lambda = new double[n];
    }

    /** Whether q lies in the hull (within τ); {@link #pivots()} tells how many simplex pivots it took. */
    boolean contains(double[] q) {
        start(q);
        int degenerateRun = 0;
        int maxPivots = 50 * (n + m);
        for (pivots = 0; pivots <= maxPivots; pivots++) {
            if (pivots > 0 && pivots % REFACTOR_EVERY == 0) {
                refactor();
            }
            if (artificialSum() <= tolerance / 4 && feasibleCombinationVerified(q)) {
                return true;
            }
            boolean bland = degenerateRun > 2 * m;
            double w0 = computeDuals();
            int entering = price(w0, bland);
            if (entering < 0) {
                refactor();
                w0 = computeDuals();
                entering = price(w0, bland);
                if (entering < 0) {
                    // Optimal with a positive sum of artificials: q is outside unless it sits within the tolerance band.
                    return !separationVerified(q);
                }
            }
            loadColumn(entering);
            int leaving = ratioTest(bland);
            if (leaving < 0) {
                throw new IllegalStateException("phase-1 simplex found an unbounded ray, which a bounded objective excludes");
            }
            double step = Math.max(0.0, values[leaving]) / column[leaving];
            degenerateRun = step <= 1e-14 ? degenerateRun + 1 : 0;
            pivot(leaving, entering, step);
        }
        throw new IllegalStateException("hull LP did not terminate in " + maxPivots + " pivots (N=" + n + ", d=" + d + ")");
    }

    int pivots() {
        return pivots;
    }

    /** The all-artificial starting basis: rows signed so that the right-hand side (q, 1) is non-negative. */
    private void start(double[] q) {
        for (int i = 0; i < m; i++) {
            double b = i < d ? q[i] : 1.0;
            rowSign[i] = b < 0 ? -1.0 : 1.0;
            rhs[i] = Math.abs(b);
        }
        java.util.Arrays.fill(basic, false);
        java.util.Arrays.fill(inverse, 0.0);
        for (int i = 0; i < m; i++) {
            basis[i] = n + i;
            basic[n + i] = true;
            inverse[i * m + i] = 1.0;
            values[i] = rhs[i];
        }
    }

    private double artificialSum() {
        double sum = 0.0;
        for (int i = 0; i < m; i++) {
            if (basis[i] >= n) {
                sum += Math.abs(values[i]);
            }
        }
        return sum;
    }

    /** y = c_Bᵀ B⁻¹ with cost 1 on the artificials; returns w0 and leaves the coordinate part, row-signed, in w. */
    private double computeDuals() {
        for (int k = 0; k < m; k++) {
            double y = 0.0;
            for (int i = 0; i < m; i++) {
                if (basis[i] >= n) {
                    y += inverse[i * m + k];
                }
            }
            if (k < d) {
                w[k] = y * rowSign[k];
            } else {
                return y * rowSign[k];
            }
        }
        throw new AssertionError("unreachable");
    }

    /** The entering point: largest w·x_j + w0 (= −reduced cost) above the tolerance, or the first one under Bland. */
    private int price(double w0, boolean bland) {
        int best = -1;
        double bestScore = PRICING_TOLERANCE;
        for (int j = 0; j < n; j++) {
            if (basic[j]) {
                continue;
            }
            double score = Dot.row(x, j * d, w, d) + w0;
            if (score > bestScore) {
                best = j;
                bestScore = score;
                if (bland) {
                    return j;
                }
            }
        }
        return best;
    }

    /** column = B⁻¹ A_j with A_j = (row-signed x_j, 1). */
    private void loadColumn(int j) {
        for (int i = 0; i < m; i++) {
            double sum = inverse[i * m + d] * rowSign[d];
            int row = i * m;
            for (int k = 0; k < d; k++) {
                sum += inverse[row + k] * rowSign[k] * x[j * d + k];
            }
            column[i] = sum;
        }
    }

    private int ratioTest(boolean bland) {
        int leaving = -1;
        double bestRatio = Double.POSITIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            if (column[i] <= PIVOT_TOLERANCE) {
                continue;
            }
            double ratio = Math.max(0.0, values[i]) / column[i];
            boolean better = ratio < bestRatio - 1e-15;
            boolean tie = !better && ratio <= bestRatio + 1e-15 && leaving >= 0;
            if (better || tie && (bland ? basis[i] < basis[leaving] : column[i] > column[leaving])) {
                leaving = i;
                bestRatio = Math.min(bestRatio, ratio);
            }
        }
        return leaving;
    }

    private void pivot(int leaving, int entering, double step) {
        for (int i = 0; i < m; i++) {
            values[i] -= step * column[i];
        }
        values[leaving] = step;
        basic[basis[leaving]] = false;
        basis[leaving] = entering;
        basic[entering] = true;
        double pivotValue = column[leaving];
        int pivotRow = leaving * m;
        for (int k = 0; k < m; k++) {
            inverse[pivotRow + k] /= pivotValue;
        }
        for (int i = 0; i < m; i++) {
            double multiplier = column[i];
            if (i == leaving || multiplier == 0.0) {
                continue;
            }
            int row = i * m;
            for (int k = 0; k < m; k++) {
                inverse[row + k] -= multiplier * inverse[pivotRow + k];
            }
        }
    }

    /**
     * B⁻¹ afresh from the basic columns by Gauss–Jordan elimination with partial pivoting; then x_B = B⁻¹ b. A basic
     * column found dependent on the others (rounding let it in on a rank-deficient cloud: duplicated or constant
     * coordinates, as hidden features of aligned neurons have) is replaced by the artificial of a row left without a
     * pivot, the repair LP codes make, and the factorisation starts over.
     */
    private void refactor() {
        while (!factorise()) {
            // factorise() swapped in an artificial for the dependent column; factorise the repaired basis.
        }
        for (int i = 0; i < m; i++) {
            double sum = 0.0;
            for (int k = 0; k < m; k++) {
                sum += inverse[i * m + k] * rhs[k];
            }
            values[i] = sum;
        }
    }

    /** One Gauss–Jordan pass; false after repairing a dependent basic column. */
    private boolean factorise() {
        for (int i = 0; i < m; i++) {
            int j = basis[i];
            for (int k = 0; k < m; k++) {
                double entry;
                if (j >= n) {
                    entry = k == j - n ? 1.0 : 0.0;
                } else {
                    entry = k < d ? rowSign[k] * x[j * d + k] : rowSign[d];
                }
                factor[k * m + i] = entry;
            }
        }
        java.util.Arrays.fill(inverse, 0.0);
        for (int i = 0; i < m; i++) {
            inverse[i * m + i] = 1.0;
        }
        for (int c = 0; c < m; c++) {
            int pivotRow = c;
            for (int r = c + 1; r < m; r++) {
                if (Math.abs(factor[r * m + c]) > Math.abs(factor[pivotRow * m + c])) {
                    pivotRow = r;
                }
            }
            if (Math.abs(factor[pivotRow * m + c]) < SINGULAR) {
                // The artificial e_k whose eliminated column T e_k (column k of the partial inverse) is largest in the
                // rows not yet pivoted is independent of the columns before c; T is invertible, so one exists.
                int replacement = -1;
                double largest = 0.0;
                for (int k = 0; k < m; k++) {
                    for (int r = c; r < m && !basic[n + k]; r++) {
                        if (Math.abs(inverse[r * m + k]) > largest) {
                            largest = Math.abs(inverse[r * m + k]);
                            replacement = k;
                        }
                    }
                }
                basic[basis[c]] = false;
                basis[c] = n + replacement;
                basic[n + replacement] = true;
                return false;
            }
            swapRows(factor, c, pivotRow);
            swapRows(inverse, c, pivotRow);
            double p = factor[c * m + c];
            for (int k = 0; k < m; k++) {
                factor[c * m + k] /= p;
                inverse[c * m + k] /= p;
            }
            for (int r = 0; r < m; r++) {
                double f = factor[r * m + c];
                if (r == c || f == 0.0) {
                    continue;
                }
                for (int k = 0; k < m; k++) {
                    factor[r * m + k] -= f * factor[c * m + k];
                    inverse[r * m + k] -= f * inverse[c * m + k];
                }
            }
        }
        return true;
    }

    private void swapRows(double[] matrix, int a, int b) {
        if (a == b) {
            return;
        }
        for (int k = 0; k < m; k++) {
            double t = matrix[a * m + k];
            matrix[a * m + k] = matrix[b * m + k];
            matrix[b * m + k] = t;
        }
    }

    /** The basic λ, clipped at 0 and rescaled to sum 1, reproduces q within τ in every coordinate. */
    private boolean feasibleCombinationVerified(double[] q) {
        double total = 0.0;
        for (int i = 0; i < m; i++) {
            if (basis[i] < n) {
                lambda[basis[i]] = Math.max(0.0, values[i]);
                total += lambda[basis[i]];
            }
        }
        boolean verified = total > 0.0;
        for (int k = 0; k < d && verified; k++) {
            double p = 0.0;
            for (int i = 0; i < m; i++) {
                if (basis[i] < n) {
                    p += lambda[basis[i]] / total * x[basis[i] * d + k];
                }
            }
            verified = Math.abs(p - q[k]) <= tolerance;
        }
        return verified;
    }

    /**
     * The hyperplane w·x = max_i w·x_i separates q with a margin above τ‖w‖₁, which proves that every point p of the
     * hull has ‖p − q‖∞ > τ (since w·(q − p) ≤ ‖w‖₁ ‖q − p‖∞).
     */
    private boolean separationVerified(double[] q) {
        double hullSide = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            hullSide = Math.max(hullSide, Dot.row(x, j * d, w, d));
        }
        double norm1 = 0.0;
        for (int k = 0; k < d; k++) {
            norm1 += Math.abs(w[k]);
        }
        return Dot.row(q, 0, w, d) - hullSide > tolerance * norm1;
    }
}
