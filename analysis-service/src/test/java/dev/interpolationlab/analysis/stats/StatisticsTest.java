package dev.interpolationlab.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.core.random.SplitMix64;
import org.junit.jupiter.api.Test;

/** The threshold statistics against textbook values and data drawn from a known curve. */
class StatisticsTest {

    @Test
    void wilsonIntervalsMatchPublishedValues() {
        // Newcombe (1998), Table I: 0/10 → [0, 0.2775]; 1/10 → [0.0179, 0.4042]; 5/10 → [0.2366, 0.7634]
        assertInterval(0, 10, 0.0, 0.2775);
        assertInterval(1, 10, 0.0179, 0.4042);
        assertInterval(5, 10, 0.2366, 0.7634);
        assertInterval(10, 10, 0.7225, 1.0);
    }

    private static void assertInterval(int k, int n, double low, double high) {
        double[] interval = Wilson.interval(k, n);
        assertEquals(low, interval[0], 1e-4, k + "/" + n);
        assertEquals(high, interval[1], 1e-4, k + "/" + n);
    }

    @Test
    void cochranArmitageMatchesItsClosedForm() {
        // scores 0, 1, 2; 1/10, 5/10, 9/10: p̄ = ½, T = 2·(9 − 5) = 8, Var = ¼·(50 − 30²/30) = 5, Z = 8/√5
        CochranArmitage.Trend trend = CochranArmitage.test(new double[] {0, 1, 2}, new int[] {10, 10, 10}, new int[] {1, 5, 9});
        assertEquals(8 / Math.sqrt(5), trend.z(), 1e-12);
        // 1 − Φ(8/√5) = ½ erfc(8/√10)
        assertEquals(1.7330967556733e-4, trend.p(), 1e-12);
        // unequal groups: scores log n, 0/3, 2/4, 5/5 — T and Var by hand
        double[] t = {Math.log(20), Math.log(40), Math.log(80)};
        double pBar = 7.0 / 12;
        double statistic = t[0] * (0 - 3 * pBar) + t[1] * (2 - 4 * pBar) + t[2] * (5 - 5 * pBar);
        double sumT = 3 * t[0] + 4 * t[1] + 5 * t[2];
        double variance = pBar * (1 - pBar) * (3 * t[0] * t[0] + 4 * t[1] * t[1] + 5 * t[2] * t[2] - sumT * sumT / 12);
        assertEquals(statistic / Math.sqrt(variance), CochranArmitage.test(t, new int[] {3, 4, 5}, new int[] {0, 2, 5}).z(), 1e-12);
        assertNull(CochranArmitage.test(t, new int[] {3, 4, 5}, new int[] {3, 4, 5}), "all alike: no trend to test");
    }

    /** 200 runs per n drawn from P = σ(3(log n − log 100)): the fit recovers n* = 100 and its interval covers it. */
    @Test
    void logisticFitRecoversAKnownThreshold() {
        int[] levels = {20, 40, 80, 160, 320, 640};
        int perLevel = 200;
        int[] samples = new int[levels.length * perLevel];
        boolean[] outcome = new boolean[samples.length];
        SplitMix64 random = new SplitMix64(42);
        for (int l = 0; l < levels.length; l++) {
            double p = 1 / (1 + Math.exp(-3 * (Math.log(levels[l]) - Math.log(100))));
            for (int k = 0; k < perLevel; k++) {
                samples[l * perLevel + k] = levels[l];
                outcome[l * perLevel + k] = random.nextDouble() < p;
            }
        }
        LogisticThreshold.Estimate estimate = LogisticThreshold.estimate(samples, outcome);
        assertEquals(100, estimate.nStar(), 8);
        assertTrue(estimate.low() < 100 && estimate.high() > 100, estimate.toString());
        assertTrue(estimate.high() / estimate.low() < 1.5, "the interval narrows with 1200 runs: " + estimate);
    }

    @Test
    void separatedOutcomesGiveAWideIntervalOverTheWholeGap() {
        int[] samples = {20, 20, 20, 40, 40, 40, 80, 80, 80, 160, 160, 160};
        boolean[] outcome = {false, false, false, false, false, false, true, true, true, true, true, true};
        LogisticThreshold.Estimate estimate = LogisticThreshold.estimate(samples, outcome);
        assertTrue(estimate.nStar() > 40 && estimate.nStar() < 80, estimate.toString());
        // the data cannot tell where in (40, 80) the crossing is: the interval spans the gap and more, not a point
        assertTrue(estimate.low() < 40 && estimate.high() > 80, estimate.toString());
        // no rise, or no variation: no estimate
        assertNull(LogisticThreshold.estimate(samples, new boolean[12]));
        boolean[] falling = outcome.clone();
        for (int i = 0; i < falling.length; i++) {
            falling[i] = !falling[i];
        }
        assertNull(LogisticThreshold.estimate(samples, falling));
    }

    @Test
    void profileIntervalMatchesABruteForceSearchOnSeparatedAndOverlappingData() {
        int[] levels = {20, 40, 80, 160, 320, 640};
        // separated: 0/5, 0/5, 5/5, ...; overlapping: 0/5, 1/5, 2/5, 4/5, 5/5, 5/5
        for (int[] positives : new int[][] {{0, 0, 5, 5, 5, 5}, {0, 1, 2, 4, 5, 5}}) {
            int[] samples = new int[levels.length * 5];
            boolean[] outcome = new boolean[samples.length];
            for (int l = 0; l < levels.length; l++) {
                for (int k = 0; k < 5; k++) {
                    samples[l * 5 + k] = levels[l];
                    outcome[l * 5 + k] = k < positives[l];
                }
            }
            LogisticThreshold.Estimate estimate = LogisticThreshold.estimate(samples, outcome);
            double[] direct = bruteForceInterval(samples, outcome);
            String what = java.util.Arrays.toString(positives) + ": " + estimate + " vs " + java.util.Arrays.toString(direct);
            assertEquals(direct[0], estimate.low(), 0.02 * direct[0], what);
            assertEquals(direct[1], estimate.high(), 0.02 * direct[1], what);
            assertEquals(direct[2], estimate.nStar(), 0.02 * direct[2], what);
        }
    }

    /**
     * The same interval by exhaustion: ℓ*(a, b) on a fine grid of (u*, b) with a = −b·u*, its maximum, and the range
     * of u* over the grid points within χ²₁(0.95)/2 of it; {low, high, arg max} in n.
     */
    private static double[] bruteForceInterval(int[] samples, boolean[] outcome) {
        double[] logN = java.util.Arrays.stream(samples).mapToDouble(Math::log).toArray();
        double mean = java.util.Arrays.stream(logN).average().orElseThrow();
        double spread = Math.sqrt(java.util.Arrays.stream(logN).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
        double best = Double.NEGATIVE_INFINITY;
        double bestU = Double.NaN;
        int uPoints = 1601;
        int bPoints = 1200;
        double[][] values = new double[uPoints][bPoints];
        for (int i = 0; i < uPoints; i++) {
            double uStar = -4 + 8.0 * i / (uPoints - 1);
            for (int j = 0; j < bPoints; j++) {
                double b = 1e-3 * Math.pow(2e5, j / (bPoints - 1.0));
                double logLikelihood = 0;
                double i00 = 0;
                double i01 = 0;
                double i11 = 0;
                for (int k = 0; k < samples.length; k++) {
                    double u = (logN[k] - mean) / spread;
                    double p = 1 / (1 + Math.exp(-b * (u - uStar)));
                    logLikelihood += outcome[k] ? Math.log(p) : Math.log1p(-p);
                    double w = p * (1 - p);
                    i00 += w;
                    i01 += w * u;
                    i11 += w * u * u;
                }
                values[i][j] = logLikelihood + 0.5 * Math.log(i00 * i11 - i01 * i01);
                if (values[i][j] > best) {
                    best = values[i][j];
                    bestU = uStar;
                }
            }
        }
        double low = Double.NaN;
        double high = Double.NaN;
        for (int i = 0; i < uPoints; i++) {
            double uStar = -4 + 8.0 * i / (uPoints - 1);
            for (int j = 0; j < bPoints; j++) {
                if (2 * (best - values[i][j]) <= LogisticThreshold.CHI_SQUARE_95) {
                    low = Double.isNaN(low) ? uStar : Math.min(low, uStar);
                    high = Double.isNaN(high) ? uStar : Math.max(high, uStar);
                }
            }
        }
        return new double[] {Math.exp(mean + spread * low), Math.exp(mean + spread * high), Math.exp(mean + spread * bestU)};
    }
}
