package dev.interpolationlab.trainer.model;

/** Binds the two-layer network to its samples with the kernel that suits the shape. */
public final class TwoLayer {

    private TwoLayer() {
    }

    /**
     * The fused vector kernel for ReLU and d ≤ {@value FusedTwoLayer#MAX_INPUTS} inputs (bias column included), ND4J's
     * gemm otherwise, or gemm always when {@code choice} says so. Both compute the same function and gradient; the
     * choice only changes the speed.
     */
    public static Objective bind(double[] inputs, double[] labels, int n, int d, int m, Loss loss, Activation activation,
            Parallel parallel, KernelChoice choice) {
        if (choice == KernelChoice.AUTO && activation == Activation.RELU && d <= FusedTwoLayer.MAX_INPUTS) {
            return new FusedTwoLayer(inputs, labels, n, d, m, loss, parallel);
        }
        return new GemmTwoLayer(inputs, labels, n, d, m, loss, activation, parallel);
    }

    /** The vector width, in doubles, the kernels run with on this machine (it changes their speed, not their results). */
    public static int vectorWidth() {
        return Lanes.WIDTH;
    }
}
