package dev.interpolationlab.core.data;

import dev.interpolationlab.core.random.SplitMix64;

/**
 * Label corruption as in Zhang et al.'s randomisation tests (science.md §1(f), pluskid/fitting-random-labels): each
 * training label is replaced, with probability p, by a class drawn uniformly from all K (the true class included, so
 * the wrong-label rate is p(K−1)/K). Drawn from its own stream, so the inputs and clean labels are the same for every p.
 */
final class LabelNoise {

    private LabelNoise() {
    }

    static void corrupt(double[] labels, int classes, double probability, long runSeed) {
        if (probability == 0.0) {
            return;
        }
        SplitMix64 random = SplitMix64.stream(runSeed, "label-noise");
        for (int k = 0; k < labels.length; k++) {
            boolean replace = random.nextDouble() < probability;
            int replacement = random.nextInt(classes);
            if (replace) {
                labels[k] = replacement;
            }
        }
    }
}
