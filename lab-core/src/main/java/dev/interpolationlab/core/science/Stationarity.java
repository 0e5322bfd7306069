package dev.interpolationlab.core.science;

/**
 * The horizon-extension check that certifies a run as stationary (Boursier &amp; Flammarion 2024 read the end state of
 * a run as a limit of gradient flow; a horizon only approximates it): the train loss moved by at most this fraction
 * of its final value over the last doubling of steps, from T/2 to T. The trainer's convergence rule stops only where
 * it holds, and the analysis certifies with the same number, so that a run the rule stopped is one the analysis can
 * certify.
 */
public final class Stationarity {

    public static final double LOSS_CHANGE_OVER_DOUBLING = 1e-3;

    private Stationarity() {
    }

    /** |L(T) − L(T/2)| / L(T), the loss change over the last doubling of steps. */
    public static double lossChangeOverDoubling(double lossAtHalf, double lossAtEnd) {
        return Math.abs(lossAtHalf - lossAtEnd) / lossAtEnd;
    }
}
