package dev.interpolationlab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.core.linalg.LeastSquares;
import dev.interpolationlab.core.linalg.Ridge;
import dev.interpolationlab.core.random.SplitMix64;
import org.junit.jupiter.api.Test;

/** The theory curves against science.md §3's tables, exact identities, and simulations with the lab's own solvers. */
class TheoryCurvesTest {

    @Test
    void ridgelessRiskMatchesTheT1Table() {
        double[] gamma = {0.5, 0.9, 1.2, 2, 5};
        double[] table = {0.250, 2.25, 1.42, 0.750, 0.863}; // science.md T1, "formula" row (r² = 1, σ² = 0.25)
        for (int i = 0; i < gamma.length; i++) {
            assertEquals(table[i], RidgelessRisk.risk(gamma[i], 1, 0.25), 0.005 * table[i], "γ = " + gamma[i]);
        }
        assertEquals(Double.POSITIVE_INFINITY, RidgelessRisk.risk(1, 1, 0.25));
        // SNR 4: γ* = 2 with R* = 2rσ − σ² = 0.75
        assertEquals(2.0, RidgelessRisk.bestOverparametrisedRatio(1, 0.25), 1e-12);
        assertEquals(0.75, RidgelessRisk.risk(2, 1, 0.25), 1e-12);
        assertTrue(Double.isNaN(RidgelessRisk.bestOverparametrisedRatio(1, 2)));
    }

    @Test
    void ridgeRiskTendsToTheRidgelessRiskAndItsDerivativeMatchesFiniteDifferences() {
        for (double gamma : new double[] {0.3, 0.5, 2, 5}) {
            assertEquals(RidgelessRisk.risk(gamma, 1, 0.25), RidgeRisk.risk(1e-9, gamma, 1, 0.25), 1e-5, "γ = " + gamma);
            for (double z : new double[] {-0.01, -0.3, -2}) {
                double h = 1e-6 * Math.abs(z);
                double central = (RidgeRisk.stieltjes(z + h, gamma) - RidgeRisk.stieltjes(z - h, gamma)) / (2 * h);
                assertEquals(central, RidgeRisk.stieltjesDerivative(z, gamma), 1e-6 * Math.abs(central));
            }
        }
        // the optimal penalty minimises the curve
        double best = RidgeRisk.optimalPenalty(2, 1, 0.25);
        assertTrue(RidgeRisk.risk(best, 2, 1, 0.25) < RidgeRisk.risk(best * 1.5, 2, 1, 0.25));
        assertTrue(RidgeRisk.risk(best, 2, 1, 0.25) < RidgeRisk.risk(best / 1.5, 2, 1, 0.25));
    }

    /** Ridge at λ* on Gaussian data with the lab's solver (mean of 30 draws) against T2, within 5% (science.md: < 2%). */
    @Test
    void ridgeRiskMatchesSimulationAtTheOptimalPenalty() {
        int n = 300;
        double noise = 0.25;
        SplitMix64 random = new SplitMix64(1903_08560L);
        for (double gamma : new double[] {0.5, 2}) {
            int p = (int) Math.round(gamma * n);
            double lambda = RidgeRisk.optimalPenalty(gamma, 1, noise);
            double total = 0;
            int draws = 30;
            for (int repeat = 0; repeat < draws; repeat++) {
                LinearDraw draw = LinearDraw.of(random, n, p, noise);
                total += squaredDistance(Ridge.solve(draw.x, draw.y, n, p, lambda), draw.beta);
            }
            double theory = RidgeRisk.risk(lambda, gamma, 1, noise);
            assertEquals(theory, total / draws, 0.05 * theory, "γ = " + gamma);
        }
    }

    /** E‖β̂ − β‖² = σ²p/(n − p − 1) for OLS, checked by 3000 draws with the lab's least squares. */
    @Test
    void finiteGaussianOlsRiskMatchesSimulation() {
        int n = 20;
        int p = 5;
        double noise = 0.25;
        SplitMix64 random = new SplitMix64(3);
        double total = 0;
        double train = 0;
        int draws = 3000;
        for (int repeat = 0; repeat < draws; repeat++) {
            LinearDraw draw = LinearDraw.of(random, n, p, noise);
            double[] estimate = LeastSquares.solve(draw.x, draw.y, n, p);
            total += squaredDistance(estimate, draw.beta);
            train += 2 * LeastSquares.halfMse(draw.x, estimate, draw.y, n, p);
        }
        double expected = FiniteGaussianRisk.excessRisk(p, n, 1, noise);
        assertEquals(0.25 * 5 / 14, expected, 1e-15);
        assertEquals(expected, total / draws, 0.05 * expected);
        assertEquals(FiniteGaussianRisk.trainMse(p, n, noise), train / draws, 0.03 * noise);
        assertEquals(1 * (1 - 200.0 / 400) + 0.25 * 200 / 199, FiniteGaussianRisk.excessRisk(400, 200, 1, 0.25), 1e-12);
    }

    @Test
    void randomFeaturesRiskMatchesTheT4Table() {
        double[] psi1 = {0.5, 1, 2, 2.6, 3.5, 5, 10, 20};
        double[] table = {0.860, 0.797, 1.19, 2.90, 2.48, 0.701, 0.278, 0.178}; // science.md T4 "formula" row
        for (int i = 0; i < psi1.length; i++) {
            assertEquals(table[i], RandomFeaturesRisk.risk(psi1[i], 3, 1, 0.25, 0), 0.006 * table[i], "ψ1 = " + psi1[i]);
        }
        assertEquals(1.659, RandomFeaturesRisk.ZETA, 5e-4);
        assertEquals(Double.POSITIVE_INFINITY, RandomFeaturesRisk.risk(3, 3, 1, 0.25, 0));
    }

    @Test
    void wendelHasItsExactValues() {
        for (int d = 1; d <= 30; d++) {
            assertEquals(0.5, Wendel.probabilityInside(2 * d, d), 1e-12, "N = 2d at d = " + d);
            assertEquals(Math.pow(2, -d), Wendel.probabilityInside(d + 1, d), 1e-15, "N = d + 1 at d = " + d);
            assertEquals(0.0, Wendel.probabilityInside(d, d));
        }
        double previous = 0;
        for (int n = 11; n < 2000; n += 37) {
            double p = Wendel.probabilityInside(n, 10);
            assertTrue(p > previous || p > 1 - 1e-12, "N = " + n);
            assertTrue(p <= 1);
            previous = p;
        }
    }

    @Test
    void robustnessScaleMatchesTheRE8Table() {
        assertEquals(4.47, Robustness.lipschitzScale(400, 20, 400), 0.005);
        assertEquals(0.5, Robustness.lipschitzScale(400, 20, 32000), 0.001);
    }

    /** y = Xβ + σξ with X Gaussian n×p and β uniform on the unit sphere. */
    private record LinearDraw(double[] beta, double[] x, double[] y) {
        static LinearDraw of(SplitMix64 random, int n, int p, double noise) {
            double[] beta = unitVector(random, p);
            double[] x = gaussian(random, n * p);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = dot(x, i * p, beta, p) + Math.sqrt(noise) * random.nextGaussian();
            }
            return new LinearDraw(beta, x, y);
        }
    }

    private static double[] gaussian(SplitMix64 random, int size) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }

    private static double[] unitVector(SplitMix64 random, int p) {
        double[] v = gaussian(random, p);
        double norm = Math.sqrt(dot(v, 0, v, p));
        for (int i = 0; i < p; i++) {
            v[i] /= norm;
        }
        return v;
    }

    private static double dot(double[] a, int offset, double[] b, int p) {
        double s = 0;
        for (int i = 0; i < p; i++) {
            s += a[offset + i] * b[i];
        }
        return s;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }
}
