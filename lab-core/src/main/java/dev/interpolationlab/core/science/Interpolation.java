package dev.interpolationlab.core.science;

/**
 * When a trained network counts as interpolating (science.md §2.2): its training loss is at most this fraction of
 * the training loss of OLS on the same data. R ≈ 0 interpolates; R ≈ 1 is the simple OLS-like solution.
 */
public final class Interpolation {

    public static final double CUTOFF = 0.5;

    private Interpolation() {
    }

    public static boolean isInterpolating(double trainToOlsRatio) {
        return trainToOlsRatio <= CUTOFF;
    }
}
