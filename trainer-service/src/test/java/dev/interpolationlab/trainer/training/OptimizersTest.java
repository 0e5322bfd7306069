package dev.interpolationlab.trainer.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OptimizersTest {

    @Test
    void heavyBallAccumulatesVelocityAsPyTorchDoes() {
        HeavyBall optimizer = new HeavyBall(0.1, 0.9, 2);
        double[] theta = {1.0, -2.0};
        optimizer.update(theta, new double[] {1.0, 2.0});  // v = g = (1, 2)
        assertArrayEquals(new double[] {0.9, -2.2}, theta, 1e-15);
        optimizer.update(theta, new double[] {1.0, 0.0});  // v = 0.9 (1, 2) + (1, 0) = (1.9, 1.8)
        assertArrayEquals(new double[] {0.9 - 0.19, -2.2 - 0.18}, theta, 1e-15);
        assertArrayEquals(new double[] {1.9, 1.8}, optimizer.state(), 1e-15);
    }

    @Test
    void adamsFirstStepMovesEachCoordinateByLrInTheSignOfItsGradient() {
        Adam optimizer = new Adam(0.01, 3);
        double[] theta = {0.0, 0.0, 0.0};
        double[] gradient = {5.0, -1e-3, 0.0};
        optimizer.update(theta, gradient);
        // m̂ = g, v̂ = g²: Δ = −lr g/(|g| + ε)
        assertEquals(-0.01 * 5.0 / (5.0 + Adam.EPSILON), theta[0], 1e-15);
        assertEquals(0.01 * 1e-3 / (1e-3 + Adam.EPSILON), theta[1], 1e-15);
        assertEquals(0.0, theta[2]);

        Adam restored = new Adam(0.01, 3);
        restored.restore(optimizer.state());
        double[] a = theta.clone();
        double[] b = theta.clone();
        optimizer.update(a, gradient);
        restored.update(b, gradient);
        assertArrayEquals(a, b, 0.0, "the state is all Adam needs to continue");
    }

    @Test
    void minibatchesVisitEverySampleOncePerEpochInAnOrderThatDependsOnlyOnSeedAndStep() {
        int n = 12;
        Minibatches batches = new Minibatches(n, 4, 99);
        int[][] epochs = new int[2][];
        for (int epoch = 0; epoch < 2; epoch++) {
            int[] seen = new int[n];
            int[] order = new int[n];
            for (int step = 0; step < 3; step++) {
                int[] rows = batches.rows(epoch * 3L + step);
                for (int k = 0; k < 4; k++) {
                    seen[rows[k]]++;
                    order[step * 4 + k] = rows[k];
                }
            }
            int[] once = new int[n];
            Arrays.fill(once, 1);
            assertArrayEquals(once, seen, "epoch " + epoch);
            epochs[epoch] = order;
        }
        assertNotEquals(Arrays.toString(epochs[0]), Arrays.toString(epochs[1]), "each epoch has its own order");
        assertArrayEquals(epochs[1], concat(new Minibatches(n, 4, 99), 3, 3), "a fresh sampler gives step t the same rows");

        Minibatches uneven = new Minibatches(10, 4, 1); // batches straddle epochs: step 2 takes 2 of epoch 0, 2 of epoch 1
        int[] counts = new int[10];
        for (int step = 0; step < 5; step++) { // 20 positions = exactly 2 epochs
            for (int row : uneven.rows(step)) {
                counts[row]++;
            }
        }
        int[] twice = new int[10];
        Arrays.fill(twice, 2);
        assertArrayEquals(twice, counts);
    }

    private static int[] concat(Minibatches batches, long firstStep, int steps) {
        int[] all = new int[0];
        for (int s = 0; s < steps; s++) {
            int[] rows = batches.rows(firstStep + s);
            int[] grown = Arrays.copyOf(all, all.length + rows.length);
            System.arraycopy(rows, 0, grown, all.length, rows.length);
            all = grown;
        }
        return all;
    }
}
