package dev.interpolationlab.core.science;

/**
 * When a trained network counts as interpolating (science.md §2.2): its training loss is at most this fraction of
 * the training loss of OLS on the same data. R ≈ 0 interpolates; R ≈ 1 is the simple OLS-like solution. Where OLS is
 * not defined (n ≤ d), a fit counts as interpolating when its training loss is below {@value #FIT_FRACTION} of the
 * loss of the zero predictor.
 */
public final class Interpolation {

    public static final double CUTOFF = 0.5;
    public static final double FIT_FRACTION = 1e-6;

    private Interpolation() {
    }

    public static boolean isInterpolating(double trainToOlsRatio) {
        return trainToOlsRatio <= CUTOFF;
    }

    /** For a half-MSE-type loss c·(1/2n)Σ r²: compares against the same loss of predicting 0, c·(1/2n)Σ y². */
    public static boolean fitsWithoutBaseline(double trainLoss, double[] labels) {
        double zeroPredictor = 0.0;
        for (double y : labels) {
            zeroPredictor += y * y;
        }
        return trainLoss <= FIT_FRACTION * zeroPredictor / (2.0 * labels.length);
    }
}
