package dev.interpolationlab.core.geometry;

/**
 * Distance to the hull, min over λ in the simplex of f(λ) = ½‖Σ λ_i x_i − q‖², by Frank–Wolfe with exact line search
 * (science.md §2.1), in its pairwise variant: each step moves weight from the worst point in use (the "away" vertex,
 * argmax g·x_i over λ_i > 0) to the Frank–Wolfe vertex, which converges linearly on a polytope where plain
 * Frank–Wolfe zigzags at O(1/t) whenever the nearest point lies on a face (Lacoste-Julien & Jaggi 2015). Each
 * iteration is one pass of N inner products: with g = p − q the gradient at the current hull point p, the vertex
 * x_j = argmin_i g·x_i is both the Frank–Wolfe vertex and a supporting hyperplane, which gives two certified lower
 * bounds on the distance:
 * <ul>
 *   <li>the duality gap G = g·(p − x_j) ≥ f(p) − f*, so dist ≥ √(2 (f(p) − G));</li>
 *   <li>the hull lies in {x : g·x ≥ g·x_j}; if q is on the other side (margin g·x_j − g·q > 0), dist ≥ margin/‖g‖ and q
 *       is provably outside — no LP needed.</li>
 * </ul>
 * The upper bound is ‖p − q‖, since p is in the hull. The walk starts at the centroid (λ uniform), the origin of the
 * normalised frame, so that its first hyperplane is the one orthogonal to q − centroid: in high dimension that one
 * alone usually proves q outside. Not thread-safe (reused workspaces; an iteration allocates nothing).
 */
final class FrankWolfe {

    enum Verdict { INSIDE, OUTSIDE, UNDECIDED }

    private final double[] x;
    private final int n;
    private final int d;
    private final double tolerance;
    private final double[] p;
    private final double[] g;
    private final double[] lambda;

    private Verdict verdict;
    private double lower;
    private double upper;
    private int iterations;

    FrankWolfe(double[] x, int n, int d, double tolerance) {
        this.x = x;
        this.n = n;
        this.d = d;
        this.tolerance = tolerance;
        this.p = new double[d];
        this.g = new double[d];
        this.lambda = new double[n];
    }

    /**
     * Iterates until q is decided — within τ of p in every coordinate (inside), or separated with a margin proving
     * ‖p − q‖∞ > τ for every hull point p (outside) — and, when {@code relativeAccuracy} is finite, until also
     * upper − lower ≤ relativeAccuracy · upper; or until {@code maxIterations}.
     */
    void run(double[] q, int maxIterations, double relativeAccuracy) {
        java.util.Arrays.fill(lambda, 1.0 / n);
        java.util.Arrays.fill(p, 0.0);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                p[k] += x[i * d + k] / n;
            }
        }
        verdict = Verdict.UNDECIDED;
        lower = 0.0;
        upper = Double.POSITIVE_INFINITY;
        for (iterations = 0; iterations < maxIterations; iterations++) {
            double f = 0.0;
            double gInf = 0.0;
            double g1 = 0.0;
            double gp = 0.0;
            double gq = 0.0;
            for (int k = 0; k < d; k++) {
                g[k] = p[k] - q[k];
                f += 0.5 * g[k] * g[k];
                gInf = Math.max(gInf, Math.abs(g[k]));
                g1 += Math.abs(g[k]);
                gp += g[k] * p[k];
                gq += g[k] * q[k];
            }
            double gNorm = Math.sqrt(2.0 * f);
            upper = Math.min(upper, gNorm);
            if (gInf <= tolerance) {
                verdict = Verdict.INSIDE;
                lower = 0.0;
                return;
            }
            int vertex = 0;
            int away = 0;
            double support = Double.POSITIVE_INFINITY;
            double awayScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double s = Dot.row(x, i * d, g, d);
                if (s < support) {
                    support = s;
                    vertex = i;
                }
                if (lambda[i] > 0.0 && s > awayScore) {
                    awayScore = s;
                    away = i;
                }
            }
            double margin = support - gq;
            double gap = gp - support;
            lower = Math.max(lower, Math.max(margin / gNorm, Math.sqrt(2.0 * Math.max(0.0, f - gap))));
            if (margin > tolerance * g1) {
                verdict = Verdict.OUTSIDE;
            }
            boolean accurate = upper - lower <= relativeAccuracy * upper;
            if (verdict == Verdict.OUTSIDE && (Double.isInfinite(relativeAccuracy) || accurate) || gap <= 0.0) {
                return;
            }
            if (vertex != away) {
                step(vertex, away, awayScore - support);
            }
        }
    }

    /** Exact line search along x_j − x_a: γ = g·(x_a − x_j) / ‖x_j − x_a‖², at most the away weight λ_a. */
    private void step(int vertex, int away, double descent) {
        double squared = 0.0;
        int to = vertex * d;
        int from = away * d;
        for (int k = 0; k < d; k++) {
            double dk = x[to + k] - x[from + k];
            squared += dk * dk;
        }
        double gamma = Math.min(lambda[away], descent / squared);
        for (int k = 0; k < d; k++) {
            p[k] += gamma * (x[to + k] - x[from + k]);
        }
        lambda[vertex] += gamma;
        lambda[away] = gamma == lambda[away] ? 0.0 : lambda[away] - gamma;
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

    int iterations() {
        return iterations;
    }
}
