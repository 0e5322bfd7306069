package dev.interpolationlab.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.core.random.SplitMix64;
import java.util.List;
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
    void spearmanUsesRanksWithAveragedTies() {
        // 1 − 6Σd²/(n(n² − 1)) with d = (−1, 1, −1, 1, 0): 1 − 24/120
        assertEquals(0.8, Spearman.rho(new double[] {1, 2, 3, 4, 5}, new double[] {2, 1, 4, 3, 5}), 1e-12);
        assertEquals(-1.0, Spearman.rho(new double[] {1, 2, 3}, new double[] {9, 4, 1}), 1e-12);
        assertEquals(List.of(1.0, 2.5, 2.5, 4.0), java.util.Arrays.stream(Spearman.ranks(new double[] {1, 5, 5, 7})).boxed().toList());
        assertTrue(Double.isNaN(Spearman.rho(new double[] {1, 2}, new double[] {3, 3})));
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
    void separatedOutcomesPutNStarBetweenTheLevelsThatSeparateThem() {
        int[] samples = {20, 20, 20, 40, 40, 40, 80, 80, 80, 160, 160, 160};
        boolean[] outcome = {false, false, false, false, false, false, true, true, true, true, true, true};
        LogisticThreshold.Estimate estimate = LogisticThreshold.estimate(samples, outcome);
        assertTrue(estimate.nStar() > 40 && estimate.nStar() < 80, estimate.toString());
        assertTrue(estimate.low() >= 20 && estimate.high() <= 160, estimate.toString());
        // no rise, or no variation: no estimate
        assertNull(LogisticThreshold.estimate(samples, new boolean[12]));
        boolean[] falling = outcome.clone();
        for (int i = 0; i < falling.length; i++) {
            falling[i] = !falling[i];
        }
        assertNull(LogisticThreshold.estimate(samples, falling));
    }

    @Test
    void runStatesFollowScienceSection2_2() {
        assertEquals(RunState.INTERPOLATING, RunState.of(outcome(true, 0.0, 1e-6, 1.0, 1.0)));
        assertEquals(RunState.OLS_LIKE, RunState.of(outcome(false, 0.97, 0.2, 1.0, 1e-9)));
        assertEquals(RunState.SPURIOUS_STATIONARY, RunState.of(outcome(false, 0.6, 0.1, 1.0, 1e-7)));
        assertEquals(RunState.STILL_MOVING, RunState.of(outcome(false, 0.6, 0.1, 1.0, 1e-2)));
        // classification (no label variance): the trainer's verdict decides
        assertEquals(RunState.INTERPOLATING, RunState.of(new RunOutcome(List.of(), 10, "completed", true, null, null, 0.3, null, null, 1.0, null)));
    }

    private static RunOutcome outcome(boolean interpolating, double ratio, double trainLoss, double labelVariance, double grad) {
        return new RunOutcome(List.of(), 100, "completed", interpolating, ratio, 2.0, trainLoss, null, labelVariance, grad, null);
    }
}
