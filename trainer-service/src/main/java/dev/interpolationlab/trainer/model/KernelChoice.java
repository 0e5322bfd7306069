package dev.interpolationlab.trainer.model;

import java.util.Locale;

/**
 * Which kernel binds the two-layer network: the one that suits the shape, or OpenBLAS's dgemm for every shape. Both
 * compute the same function and gradient (to rounding); forcing dgemm is for checking one against the other on a real run.
 */
public enum KernelChoice {
    AUTO, GEMM;

    /** {@code auto} or {@code gemm}, as configured ({@code lab.trainer.kernel}). */
    public static KernelChoice of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "gemm" -> GEMM;
            default -> throw new IllegalArgumentException("lab.trainer.kernel is '" + name + "': use auto or gemm");
        };
    }
}
