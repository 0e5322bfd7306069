package dev.interpolationlab.trainer.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two-layer ReLU network h_θ(x) = Σ_j a_j σ(w_j·x) on a squared loss L = c·(1/2n) Σ_i r_i², r_i = h(x_i) − y_i
 * (science.md §1(a)), for inputs of dimension d ≤ {@value #MAX_INPUTS} (bias column included): the shapes of the
 * optimisation-threshold and early-alignment experiments. Layout of θ: W row-major (m×d), then a.
 *
 * <p>For such small d a gradient step is n·m tiny dot products, and calling a gemm per step leaves most of the
 * time in memory traffic over the n×m pre-activations. This kernel never stores them: four samples ride in the lanes
 * of one 256-bit vector, and each neuron's pre-activations are computed in registers twice, once for the output and
 * once, after the residuals are known, for the gradient:
 * <pre>
 *   forward   h_i      = Σ_j a_j σ(z_ij),                 z_ij = w_j·x_i
 *   backward  ∂L/∂a_j  = Σ_i ρ_i σ(z_ij),                 ρ_i = (c/n) r_i
 *             ∂L/∂w_j  = a_j Σ_i ρ_i 1{z_ij &gt; 0} x_i
 * </pre>
 * The forward pass splits the samples between threads, the backward pass the neurons; every sum runs in the same order
 * whatever the split, and the vector width is fixed rather than the machine's preferred one, so results are
 * bit-for-bit the same on every machine and any thread count.
 */
public final class FusedTwoLayer implements Objective {

    public static final int MAX_INPUTS = 8;
    private static final VectorSpecies<Double> LANES = DoubleVector.SPECIES_256;
    private static final int WIDTH = 4;

    private final int n;
    private final int d;
    private final int m;
    private final int rows;           // n rounded up to the vector width; padded samples are 0 with residual 0
    private final Loss loss;
    private final double[] xt;        // d×rows, column-major inputs
    private final double[] y;
    private final double[] output;    // h(x_i)
    private final double[] residual;  // ρ_i = (c/n)(h(x_i) − y_i), 0 on padding
    private final double[][] lanes;   // one 4-double scratch per thread for lane sums
    private final Parallel parallel;
    private final Parallel.Part forward = this::forward;
    private final Parallel.Part backward = this::backward;
    private double[] theta;
    private double[] gradient;

    public FusedTwoLayer(double[] inputs, double[] labels, int n, int d, int m, Loss loss, Parallel parallel) {
        if (d > MAX_INPUTS) {
            throw new IllegalArgumentException("the fused kernel takes at most " + MAX_INPUTS + " inputs, got " + d);
        }
        this.n = n;
        this.d = d;
        this.m = m;
        this.rows = (n + WIDTH - 1) / WIDTH * WIDTH;
        this.loss = loss;
        this.xt = new double[d * rows];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                xt[k * rows + i] = inputs[i * d + k];
            }
        }
        this.y = new double[rows];
        System.arraycopy(labels, 0, y, 0, n);
        this.output = new double[rows];
        this.residual = new double[rows];
        this.lanes = new double[parallel.threads()][WIDTH];
        this.parallel = parallel;
    }

    @Override
    public void load(double[] inputs, double[] labels, int[] sampleRows) {
        for (int i = 0; i < n; i++) {
            int row = sampleRows[i];
            for (int k = 0; k < d; k++) {
                xt[k * rows + i] = inputs[row * d + k];
            }
            y[i] = labels[row];
        }
    }

    @Override
    public int parameterCount() {
        return m * d + m;
    }

    @Override
    public double lossAndGradient(double[] theta, double[] gradient) {
        double loss = loss(theta);
        this.gradient = gradient;
        parallel.run(backward);
        this.gradient = null;
        return loss;
    }

    @Override
    public double loss(double[] theta) {
        this.theta = theta;
        parallel.run(forward);
        return loss.residuals(output, y, n, residual);
    }

    /** h_i for this part's samples, neurons in order. */
    private void forward(int part, int parts) {
        int groups = rows / WIDTH;
        int from = Parallel.from(groups, part, parts) * WIDTH;
        int to = Parallel.from(groups, part + 1, parts) * WIDTH;
        java.util.Arrays.fill(output, from, to, 0.0);
        int aOffset = m * d;
        for (int j = 0; j < m; j++) {
            DoubleVector a = DoubleVector.broadcast(LANES, theta[aOffset + j]);
            for (int i = from; i < to; i += WIDTH) {
                DoubleVector z = preActivation(i, j * d);
                z.max(0.0).fma(a, DoubleVector.fromArray(LANES, output, i)).intoArray(output, i);
            }
        }
    }

    /** ∂L/∂a_j and ∂L/∂w_j for this part's neurons, samples in order. */
    private void backward(int part, int parts) {
        int from = Parallel.from(m, part, parts);
        int to = Parallel.from(m, part + 1, parts);
        double[] sums = lanes[part];
        int aOffset = m * d;
        for (int j = from; j < to; j++) {
            int w = j * d;
            DoubleVector gradA = DoubleVector.zero(LANES);
            DoubleVector g0 = gradA;
            DoubleVector g1 = gradA;
            DoubleVector g2 = gradA;
            DoubleVector g3 = gradA;
            DoubleVector g4 = gradA;
            DoubleVector g5 = gradA;
            DoubleVector g6 = gradA;
            DoubleVector g7 = gradA;
            for (int i = 0; i < rows; i += WIDTH) {
                DoubleVector z = preActivation(i, w);
                DoubleVector rho = DoubleVector.fromArray(LANES, residual, i);
                gradA = z.max(0.0).fma(rho, gradA);
                DoubleVector active = rho.blend(0.0, z.compare(VectorOperators.LE, 0.0));
                // one accumulator per input, unrolled: d is at most 8 and the tests on it are loop-invariant
                g0 = input(0, i).fma(active, g0);
                if (d > 1) g1 = input(1, i).fma(active, g1);
                if (d > 2) g2 = input(2, i).fma(active, g2);
                if (d > 3) g3 = input(3, i).fma(active, g3);
                if (d > 4) g4 = input(4, i).fma(active, g4);
                if (d > 5) g5 = input(5, i).fma(active, g5);
                if (d > 6) g6 = input(6, i).fma(active, g6);
                if (d > 7) g7 = input(7, i).fma(active, g7);
            }
            double a = theta[aOffset + j];
            gradient[aOffset + j] = sum(gradA, sums);
            gradient[w] = a * sum(g0, sums);
            if (d > 1) gradient[w + 1] = a * sum(g1, sums);
            if (d > 2) gradient[w + 2] = a * sum(g2, sums);
            if (d > 3) gradient[w + 3] = a * sum(g3, sums);
            if (d > 4) gradient[w + 4] = a * sum(g4, sums);
            if (d > 5) gradient[w + 5] = a * sum(g5, sums);
            if (d > 6) gradient[w + 6] = a * sum(g6, sums);
            if (d > 7) gradient[w + 7] = a * sum(g7, sums);
        }
    }

    /** z_ij = w_j·x_i for the four samples from i, by fused multiply-adds in input order. */
    private DoubleVector preActivation(int i, int w) {
        DoubleVector z = input(0, i).mul(theta[w]);
        // unrolled like the accumulators in backward: a loop over k here runs at half the speed
        if (d > 1) z = input(1, i).fma(weight(w + 1), z);
        if (d > 2) z = input(2, i).fma(weight(w + 2), z);
        if (d > 3) z = input(3, i).fma(weight(w + 3), z);
        if (d > 4) z = input(4, i).fma(weight(w + 4), z);
        if (d > 5) z = input(5, i).fma(weight(w + 5), z);
        if (d > 6) z = input(6, i).fma(weight(w + 6), z);
        if (d > 7) z = input(7, i).fma(weight(w + 7), z);
        return z;
    }

    private DoubleVector weight(int index) {
        return DoubleVector.broadcast(LANES, theta[index]);
    }

    private DoubleVector input(int k, int i) {
        return DoubleVector.fromArray(LANES, xt, k * rows + i);
    }

    /** The lanes summed in a fixed order (the Vector API's reduceLanes leaves the order open). */
    private static double sum(DoubleVector v, double[] scratch) {
        v.intoArray(scratch, 0);
        return (scratch[0] + scratch[1]) + (scratch[2] + scratch[3]);
    }
}
