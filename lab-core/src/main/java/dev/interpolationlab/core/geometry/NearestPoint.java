package dev.interpolationlab.core.geometry;

/**
 * The point of the hull nearest to q, min over λ in the simplex of ½‖Σ λ_i x_i − q‖², by Wolfe's nearest-point
 * algorithm (Wolfe 1976, "Finding the nearest point in a polytope"): an active-set method whose corral S is a set of
 * affinely independent points with p, the current hull point, at the minimum of ‖·‖ over their affine hull and
 * strictly inside their simplex. In the frame of the query (y_i = x_i − q):
 * <ul>
 *   <li>major cycle: one pass of N inner products finds the supporting vertex y_j = argmin_i p·y_i; if p is not yet
 *       optimal, y_j joins the corral;</li>
 *   <li>minor cycles: the minimiser α of ‖Σ α_a y_a‖ with Σ α_a = 1 over the corral solves (eeᵀ + YᵀY) v = e, α = v/Σv
 *       (the e eᵀ term keeps the system definite when q lies in the corral's affine hull); where some α_a ≤ 0 the
 *       weights move towards α until the first one reaches 0, that point leaves, and the minimiser is solved again.</li>
 * </ul>
 * Each major cycle strictly decreases ‖p‖ and no corral repeats, so it ends in finitely many cycles on the exact
 * nearest point of the final face: where Frank–Wolfe converges linearly at best, this one stops once the face is found.
 * Certificates, both from the last pass: the upper bound ‖p‖ (p is a convex combination of the points), and the lower
 * bounds of the supporting hyperplane through y_j, margin/‖p‖ with margin = p·y_j, and of the duality gap
 * G = p·(p − y_j), √(‖p‖² − 2G) (science.md §2.1). The walk starts from the single point that Frank–Wolfe's first
 * hyperplane picks (argmax q·x_i about the centroid), the one membership's certificate is made of in high dimension.
 * Not thread-safe (reused workspaces; a cycle allocates nothing).
 */
final class NearestPoint {

    enum Verdict { INSIDE, OUTSIDE, UNDECIDED }

    private final double[] x;
    private final int n;
    private final int d;
    private final double tolerance;
    private final int capacity;
    /** The corral: point indices, their rows y_a = x_a − q, Gram matrix y_a·y_b, weights. */
    private final int[] corral;
    private final double[] rows;
    private final double[] gram;
    private final double[] weight;
    private final double[] alpha;
    private final double[] factor;
    private final double[] p;
    private int size;

    private Verdict verdict;
    private double lower;
    private double upper;

    NearestPoint(double[] x, int n, int d, double tolerance) {
        this.x = x;
        this.n = n;
        this.d = d;
        this.tolerance = tolerance;
        this.capacity = d + 1;
        this.corral = new int[capacity];
        this.rows = new double[capacity * d];
        this.gram = new double[capacity * capacity];
        this.weight = new double[capacity];
        this.alpha = new double[capacity];
        this.factor = new double[capacity * capacity];
        this.p = new double[d];
    }

    /**
     * Major cycles until q is decided — p within τ of q in every coordinate (inside), or a supporting hyperplane with a
     * margin proving ‖z − q‖∞ > τ for every hull point z (outside) — and, where {@code relativeAccuracy} is finite,
     * until also upper − lower ≤ relativeAccuracy · upper; or until p stops improving in working precision, or
     * {@code maxIterations} major cycles.
     */
    void run(double[] q, int maxIterations, double relativeAccuracy) {
        verdict = Verdict.UNDECIDED;
        lower = 0.0;
        upper = Double.POSITIVE_INFINITY;
        size = 0;
        int first = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double s = Dot.row(x, i * d, q, d);
            if (s > best) {
                best = s;
                first = i;
            }
        }
        add(first, q);
        weight[0] = 1.0;
        point();
        double previous = Double.POSITIVE_INFINITY;
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            double squared = 0.0;
            double pInf = 0.0;
            double p1 = 0.0;
            double pq = 0.0;
            for (int k = 0; k < d; k++) {
                squared += p[k] * p[k];
                pInf = Math.max(pInf, Math.abs(p[k]));
                p1 += Math.abs(p[k]);
                pq += p[k] * q[k];
            }
            double norm = Math.sqrt(squared);
            upper = Math.min(upper, norm);
            if (pInf <= tolerance) {
                verdict = Verdict.INSIDE;
                lower = 0.0;
                return;
            }
            int vertex = 0;
            double support = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double s = Dot.row(x, i * d, p, d);
                if (s < support) {
                    support = s;
                    vertex = i;
                }
            }
            double margin = support - pq;
            double gap = squared - margin;
            lower = Math.max(lower, Math.max(margin / norm, Math.sqrt(Math.max(0.0, squared - 2.0 * gap))));
            if (margin > tolerance * p1) {
                verdict = Verdict.OUTSIDE;
            }
            boolean accurate = upper - lower <= relativeAccuracy * upper;
            boolean stalled = squared >= previous || gap <= 1e-15 * squared || inCorral(vertex) || size == capacity;
            if (verdict == Verdict.OUTSIDE && (Double.isInfinite(relativeAccuracy) || accurate) || stalled) {
                return;
            }
            previous = squared;
            add(vertex, q);
            if (!minorCycles()) {
                return;
            }
        }
    }

    /**
     * Moves p to the affine minimiser of the corral, dropping the points whose weight that would make negative (Wolfe
     * 1976, §3, steps 2–3). False where the corral's system is singular in working precision: p is then left where it
     * was, a point of the hull, and the bounds already found stand.
     */
    private boolean minorCycles() {
        while (true) {
            if (!affineMinimiser()) {
                remove(size - 1);
                normaliseWeights();
                return false;
            }
            double theta = 1.0;
            int leaving = -1;
            for (int a = 0; a < size; a++) {
                if (alpha[a] <= 0.0) {
                    double t = weight[a] / (weight[a] - alpha[a]);
                    if (t < theta) {
                        theta = t;
                        leaving = a;
                    }
                }
            }
            if (leaving < 0) {
                System.arraycopy(alpha, 0, weight, 0, size);
                point();
                return true;
            }
            for (int a = 0; a < size; a++) {
                weight[a] = a == leaving ? 0.0 : Math.max(0.0, weight[a] + theta * (alpha[a] - weight[a]));
            }
            for (int a = size - 1; a >= 0; a--) {
                if (weight[a] <= 0.0) {
                    remove(a);
                }
            }
            normaliseWeights();
        }
    }

    /** Weights summing to 1 (rounding and removals leave them a little off) and p recomputed from them. */
    private void normaliseWeights() {
        double total = 0.0;
        for (int a = 0; a < size; a++) {
            total += weight[a];
        }
        for (int a = 0; a < size; a++) {
            weight[a] /= total;
        }
        point();
    }

    /** α = v/Σv with (eeᵀ + YᵀY) v = e, by Cholesky; false where a pivot vanishes (an affinely dependent corral). */
    private boolean affineMinimiser() {
        int m = size;
        double largest = 0.0;
        for (int a = 0; a < m; a++) {
            for (int b = 0; b <= a; b++) {
                factor[a * capacity + b] = 1.0 + gram[a * capacity + b];
            }
            largest = Math.max(largest, factor[a * capacity + a]);
        }
        for (int a = 0; a < m; a++) {
            for (int b = 0; b <= a; b++) {
                double s = factor[a * capacity + b];
                for (int c = 0; c < b; c++) {
                    s -= factor[a * capacity + c] * factor[b * capacity + c];
                }
                if (a == b) {
                    if (s <= 1e-13 * largest) {
                        return false;
                    }
                    factor[a * capacity + a] = Math.sqrt(s);
                } else {
                    factor[a * capacity + b] = s / factor[b * capacity + b];
                }
            }
        }
        for (int a = 0; a < m; a++) {
            double s = 1.0;
            for (int c = 0; c < a; c++) {
                s -= factor[a * capacity + c] * alpha[c];
            }
            alpha[a] = s / factor[a * capacity + a];
        }
        double total = 0.0;
        for (int a = m - 1; a >= 0; a--) {
            double s = alpha[a];
            for (int c = a + 1; c < m; c++) {
                s -= factor[c * capacity + a] * alpha[c];
            }
            alpha[a] = s / factor[a * capacity + a];
            total += alpha[a];
        }
        for (int a = 0; a < m; a++) {
            alpha[a] /= total;
        }
        return true;
    }

    private void add(int index, double[] q) {
        int at = size * d;
        for (int k = 0; k < d; k++) {
            rows[at + k] = x[index * d + k] - q[k];
        }
        for (int b = 0; b <= size; b++) {
            double g = dotRows(size, b);
            gram[size * capacity + b] = g;
            gram[b * capacity + size] = g;
        }
        corral[size] = index;
        weight[size] = 0.0;
        size++;
    }

    private double dotRows(int a, int b) {
        double s = 0.0;
        for (int k = 0; k < d; k++) {
            s += rows[a * d + k] * rows[b * d + k];
        }
        return s;
    }

    private void remove(int a) {
        for (int b = a; b < size - 1; b++) {
            corral[b] = corral[b + 1];
            weight[b] = weight[b + 1];
            System.arraycopy(rows, (b + 1) * d, rows, b * d, d);
        }
        for (int r = a; r < size - 1; r++) {
            System.arraycopy(gram, (r + 1) * capacity, gram, r * capacity, size);
        }
        for (int r = 0; r < size - 1; r++) {
            System.arraycopy(gram, r * capacity + a + 1, gram, r * capacity + a, size - 1 - a);
        }
        size--;
    }

    private boolean inCorral(int index) {
        for (int a = 0; a < size; a++) {
            if (corral[a] == index) {
                return true;
            }
        }
        return false;
    }

    /** p = Σ_a w_a y_a, the current hull point in the query's frame. */
    private void point() {
        java.util.Arrays.fill(p, 0.0);
        for (int a = 0; a < size; a++) {
            double w = weight[a];
            for (int k = 0; k < d; k++) {
                p[k] += w * rows[a * d + k];
            }
        }
    }

    Verdict verdict() {
        return verdict;
    }

    double lower() {
        return lower;
    }

    double upper() {
        return upper;
    }
}
