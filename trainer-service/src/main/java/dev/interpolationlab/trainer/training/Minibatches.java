package dev.interpolationlab.trainer.training;

import dev.interpolationlab.core.random.SplitMix64;

/**
 * The samples of each SGD step. Every epoch visits the n samples in a fresh random order drawn from the run seed and
 * the epoch number; the orders are concatenated into one stream and step t takes its positions [tB, (t+1)B). So every
 * batch has exactly B samples, and the batch of step t is a function of (seed, t) alone: a resumed run draws the same
 * batches without keeping any sampler state.
 */
final class Minibatches {

    private final int n;
    private final int batch;
    private final long seed;
    private final int[] order;
    private final int[] rows;
    private long epochInOrder = -1;

    Minibatches(int n, int batch, long seed) {
        this.n = n;
        this.batch = batch;
        this.seed = seed;
        this.order = new int[n];
        this.rows = new int[batch];
    }

    /** The sample indices of step t (the array is reused). */
    int[] rows(long t) {
        long position = t * batch;
        for (int k = 0; k < batch; k++, position++) {
            long epoch = position / n;
            if (epoch != epochInOrder) {
                shuffle(epoch);
            }
            rows[k] = order[(int) (position % n)];
        }
        return rows;
    }

    /** Fisher–Yates over 0…n−1 from the stream of this epoch. */
    private void shuffle(long epoch) {
        SplitMix64 random = SplitMix64.stream(seed, "minibatches-" + epoch);
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        epochInOrder = epoch;
    }
}
