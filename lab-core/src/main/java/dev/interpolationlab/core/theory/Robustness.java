package dev.interpolationlab.core.theory;

/**
 * T6 (science.md §3; Bubeck & Sellke 2021): any model with p parameters that fits n noisy points in d dimensions below
 * the noise level has Lipschitz constant ≳ √(nd/p), up to constants and logarithms that science.md could not verify.
 * The lab reports the shape √(nd/p) next to a measured lower estimate of each network's Lipschitz constant.
 */
public final class Robustness {

    private Robustness() {
    }

    public static double lipschitzScale(int samples, int dim, long parameters) {
        return Math.sqrt((double) samples * dim / parameters);
    }
}
