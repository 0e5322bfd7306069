package dev.interpolationlab.trainer.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two-layer ReLU network h_θ(x) = Σ_j a_j σ(w_j·x) on a squared loss L = c·(1/2n) Σ_i r_i², r_i = h(x_i) − y_i
 * (science.md §1(a)), for inputs of dimension d ≤ {@value #MAX_INPUTS} (bias column included): the shapes of the
 * optimisation-threshold and early-alignment experiments. Layout of θ: W row-major (m×d), then a.
 *
 * <p>For such small d a gradient step is n·m tiny dot products, and calling a gemm per step leaves most of the
 * time in memory traffic over the n×m pre-activations. This kernel never stores them: samples ride in the lanes of a
 * vector, and each neuron's pre-activations are computed in registers twice, once for the output and once, after the
 * residuals are known, for the gradient:
 * <pre>
 *   forward   h_i      = Σ_j a_j σ(z_ij),                 z_ij = w_j·x_i
 *   backward  ∂L/∂a_j  = Σ_i ρ_i σ(z_ij),                 ρ_i = (c/n) r_i
 *             ∂L/∂w_j  = a_j Σ_i ρ_i 1{z_ij &gt; 0} x_i
 * </pre>
 * The forward pass keeps a vector of outputs in a register while it runs through the neurons; the backward pass keeps
 * a neuron's d + 1 gradient sums in registers while it runs through the samples.
 *
 * <p>Reproducibility: every sum runs in an order fixed by the shape alone. A sample's output is its own lane's sum
 * over the neurons in order; a neuron's gradient sums the samples in the logical lanes of {@link Lanes}. The vector
 * width decides only how many logical lanes one pass covers, and the thread count only which thread computes which
 * samples (forward) or neurons (backward), so the result is bit-for-bit the same on every machine and any thread count.
 */
public final class FusedTwoLayer implements Objective {

    public static final int MAX_INPUTS = 8;
    private static final int BLOCK = Lanes.LOGICAL;
    private static final VectorSpecies<Double> LANES = Lanes.SPECIES;
    private static final int WIDTH = Lanes.WIDTH;

    private final int n;
    private final int d;
    private final int m;
    private final int rows;           // n rounded up to BLOCK; padded samples are 0 with residual 0
    private final Loss loss;
    private final double[] xt;        // 8×rows, column-major inputs; the rows past d are 0
    private final double[] y;
    private final double[] output;    // h(x_i)
    private final double[] residual;  // ρ_i = (c/n)(h(x_i) − y_i), 0 on padding
    private final double[][] lanes;   // per thread, the logical lanes of one neuron's d + 1 sums
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
        this.rows = (n + BLOCK - 1) / BLOCK * BLOCK;
        this.loss = loss;
        this.xt = new double[MAX_INPUTS * rows];
        this.y = new double[rows];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                xt[k * rows + i] = inputs[i * d + k];
            }
        }
        System.arraycopy(labels, 0, y, 0, n);
        this.output = new double[rows];
        this.residual = new double[rows];
        this.lanes = new double[parallel.threads()][(d + 1) * BLOCK];
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
    public String kernel() {
        return "fused-vector " + Double.SIZE * Lanes.WIDTH + "-bit";
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

    /** h_i for this part's samples, one vector of outputs at a time. */
    private void forward(int part, int parts) {
        int blocks = rows / BLOCK;
        int to = Parallel.from(blocks, part + 1, parts) * BLOCK;
        for (int i = Parallel.from(blocks, part, parts) * BLOCK; i < to; i += WIDTH) {
            forwardVector(i);
        }
    }

    /**
     * h_i for the samples of the vector at i, summed over the neurons in order in a register.
     *
     * <p>Shaped for the JIT (measured on Java 17): a vector stays in a register only where C2 inlines every Vector API
     * call that touches it, and C2 stops inlining once a compilation passes a node budget, so each pass is cut into
     * methods this small; and the inputs are loaded inside the neuron loop (from L1) because vectors held across it
     * were boxed on the heap.
     */
    private void forwardVector(int i) {
        double[] theta = this.theta;
        int aOffset = m * d;
        DoubleVector h = DoubleVector.zero(LANES);
        for (int j = 0, w = 0; j < m; j++, w += d) {
            // z = w_j·x in input order; unrolled, since d ≤ 8 and the tests on it are loop-invariant
            DoubleVector z = input(0, i).mul(theta[w]);
            if (d > 1) z = input(1, i).fma(weight(theta, w + 1), z);
            if (d > 2) z = input(2, i).fma(weight(theta, w + 2), z);
            if (d > 3) z = input(3, i).fma(weight(theta, w + 3), z);
            if (d > 4) z = input(4, i).fma(weight(theta, w + 4), z);
            if (d > 5) z = input(5, i).fma(weight(theta, w + 5), z);
            if (d > 6) z = input(6, i).fma(weight(theta, w + 6), z);
            if (d > 7) z = input(7, i).fma(weight(theta, w + 7), z);
            h = z.max(0.0).fma(weight(theta, aOffset + j), h);
        }
        h.intoArray(output, i);
    }

    /** ∂L/∂a_j and ∂L/∂w_j for this part's neurons. */
    private void backward(int part, int parts) {
        int to = Parallel.from(m, part + 1, parts);
        double[] sums = lanes[part];
        int aOffset = m * d;
        for (int j = Parallel.from(m, part, parts); j < to; j++) {
            int w = j * d;
            for (int lane = 0; lane < BLOCK; lane += WIDTH) {
                accumulate(w, lane, sums);
            }
            double a = theta[aOffset + j];
            gradient[aOffset + j] = Lanes.sum(sums, 0);
            for (int k = 0; k < d; k++) {
                gradient[w + k] = a * Lanes.sum(sums, (k + 1) * BLOCK);
            }
        }
    }

    /**
     * The d + 1 gradient sums of the neuron whose weights start at θ[w], over the samples of the logical lanes from
     * {@code lane}: Σ_i ρ_i σ(z_i) and Σ_i ρ_i 1{z_i &gt; 0} x_i, in registers, left in {@code sums}. A method of its
     * own for the JIT's sake, like {@link #forwardVector}; the inputs past d are rows of zeros, loaded once and dropped
     * by the compiler when unused.
     */
    private void accumulate(int w, int lane, double[] sums) {
        double[] theta = this.theta;
        DoubleVector gradA = DoubleVector.zero(LANES);
        DoubleVector g0 = gradA;
        DoubleVector g1 = gradA;
        DoubleVector g2 = gradA;
        DoubleVector g3 = gradA;
        DoubleVector g4 = gradA;
        DoubleVector g5 = gradA;
        DoubleVector g6 = gradA;
        DoubleVector g7 = gradA;
        for (int i = lane; i < rows; i += BLOCK) {
            DoubleVector x0 = input(0, i);
            DoubleVector x1 = input(1, i);
            DoubleVector x2 = input(2, i);
            DoubleVector x3 = input(3, i);
            DoubleVector x4 = input(4, i);
            DoubleVector x5 = input(5, i);
            DoubleVector x6 = input(6, i);
            DoubleVector x7 = input(7, i);
            DoubleVector z = x0.mul(theta[w]);
            if (d > 1) z = x1.fma(weight(theta, w + 1), z);
            if (d > 2) z = x2.fma(weight(theta, w + 2), z);
            if (d > 3) z = x3.fma(weight(theta, w + 3), z);
            if (d > 4) z = x4.fma(weight(theta, w + 4), z);
            if (d > 5) z = x5.fma(weight(theta, w + 5), z);
            if (d > 6) z = x6.fma(weight(theta, w + 6), z);
            if (d > 7) z = x7.fma(weight(theta, w + 7), z);
            DoubleVector rho = DoubleVector.fromArray(LANES, residual, i);
            gradA = z.max(0.0).fma(rho, gradA);
            DoubleVector active = Lanes.wherePositive(rho, z);
            g0 = x0.fma(active, g0);
            if (d > 1) g1 = x1.fma(active, g1);
            if (d > 2) g2 = x2.fma(active, g2);
            if (d > 3) g3 = x3.fma(active, g3);
            if (d > 4) g4 = x4.fma(active, g4);
            if (d > 5) g5 = x5.fma(active, g5);
            if (d > 6) g6 = x6.fma(active, g6);
            if (d > 7) g7 = x7.fma(active, g7);
        }
        gradA.intoArray(sums, lane);
        g0.intoArray(sums, BLOCK + lane);
        if (d > 1) g1.intoArray(sums, 2 * BLOCK + lane);
        if (d > 2) g2.intoArray(sums, 3 * BLOCK + lane);
        if (d > 3) g3.intoArray(sums, 4 * BLOCK + lane);
        if (d > 4) g4.intoArray(sums, 5 * BLOCK + lane);
        if (d > 5) g5.intoArray(sums, 6 * BLOCK + lane);
        if (d > 6) g6.intoArray(sums, 7 * BLOCK + lane);
        if (d > 7) g7.intoArray(sums, 8 * BLOCK + lane);
    }

    private static DoubleVector weight(double[] theta, int index) {
        return DoubleVector.broadcast(LANES, theta[index]);
    }

    private DoubleVector input(int k, int i) {
        return DoubleVector.fromArray(LANES, xt, k * rows + i);
    }
}
