package dev.interpolationlab.trainer.model;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.OPENBLAS_VERSION;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two-layer network h_θ(x) = Σ_j a_j σ(w_j·x) on a squared loss (science.md §1(a)), for any input dimension and
 * activation, with the two matrix products on OpenBLAS's dgemm: the kernel for wide inputs, where the products
 * dominate. Layout of θ: W row-major (m×d), then a. With r_i = h(x_i) − y_i and ρ_i = (c/n) r_i:
 * <pre>
 *   Z = X Wᵀ,   h = σ(Z) a,   ∂L/∂a = σ(Z)ᵀ ρ,   ∇_W L = Gᵀ X  with  G_ij = ρ_i a_j σ'(Z_ij)
 * </pre>
 * Row i of Z gives h_i, hence ρ_i, hence row i of G: nothing in a row waits for the other rows. So the step runs in
 * one pass over blocks of {@value #BLOCK_ROWS} samples whose Z stays in cache: its product, the forward and backward
 * elementwise work over it, and its product into ∇_W L; Z never goes out to memory, which at n×m = 4096×1024 was most
 * of the time of the whole-matrix version.
 *
 * <p>Reproducibility: the blocks are grouped in at most {@value #SLICES} slices fixed by n alone; each slice sums its
 * blocks in order into its own ∇L and loss partials, and the partials are summed in slice order. Threads take whole
 * slices, and each dgemm call runs on the thread that makes it (OpenBLAS is set to one thread), so the result is the
 * same for any thread count. Row sums over the neurons use logical lanes ({@link Lanes}), like
 * {@link FusedTwoLayer}, so the vector width changes nothing either. Every buffer is allocated when the network is
 * bound, native ones for the products; a step allocates nothing.
 */
public final class GemmTwoLayer implements Objective {

    private static final int BLOCK_ROWS = 128;
    private static final int SLICES = 8;
    private static final int LANES_LOGICAL = Lanes.LOGICAL;
    private static final VectorSpecies<Double> LANES = Lanes.SPECIES;
    private static final int WIDTH = Lanes.WIDTH;

    private final int n;
    private final int d;
    private final int m;
    private final Loss loss;
    private final Activation activation;
    private final boolean relu;
    private final int vectorised;        // neurons handled by vectors: m rounded down to LANES_LOGICAL
    private final int slices;
    private final int blocks;
    private final double[] y;
    private final DoublePointer x;       // n×d inputs, native
    private final DoubleBuffer xView;
    private final DoublePointer w;       // m×d, θ's W copied in
    private final DoubleBuffer wView;
    private final Scratch[] scratch;     // per thread: Z of one block, pointers into X
    private final DoublePointer[] sliceGradW;   // per slice, m×d
    private final DoubleBuffer[] sliceGradWView;
    private final double[][] sliceGradA;        // per slice, m
    private final double[] sliceSquares;        // per slice, Σ r_i²
    private final Parallel parallel;
    private final Parallel.Part forwardOnly = (part, parts) -> pass(part, parts, false);
    private final Parallel.Part forwardBackward = (part, parts) -> pass(part, parts, true);
    private final Parallel.Part reduce = this::reduce;
    private double[] theta;
    private double[] gradient;

    /** A thread's working memory: one block of Z (then G) and views of it. */
    private static final class Scratch {
        final DoublePointer z;
        final ByteBuffer zBytes;
        final DoubleBuffer zView;
        final DoublePointer xBlock;   // moved over X, block by block
        final double[] lanes = new double[LANES_LOGICAL];

        Scratch(int rows, int m, DoublePointer x) {
            z = new DoublePointer((long) rows * m);
            zBytes = z.asByteBuffer().order(ByteOrder.nativeOrder());
            zView = z.asBuffer();
            xBlock = new DoublePointer(x);
        }
    }

    public GemmTwoLayer(double[] inputs, double[] labels, int n, int d, int m, Loss loss, Activation activation, Parallel parallel) {
        this.n = n;
        this.d = d;
        this.m = m;
        this.loss = loss;
        this.activation = activation;
        this.relu = activation == Activation.RELU;
        this.vectorised = m / LANES_LOGICAL * LANES_LOGICAL;
        this.blocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
        this.slices = Math.min(SLICES, blocks);
        this.y = labels.clone();
        this.x = new DoublePointer((long) n * d);
        this.xView = x.asBuffer();
        xView.put(0, inputs, 0, n * d);
        this.w = new DoublePointer((long) m * d);
        this.wView = w.asBuffer();
        this.scratch = new Scratch[parallel.threads()];
        for (int t = 0; t < scratch.length; t++) {
            scratch[t] = new Scratch(BLOCK_ROWS, m, x);
        }
        this.sliceGradW = new DoublePointer[slices];
        this.sliceGradWView = new DoubleBuffer[slices];
        for (int s = 0; s < slices; s++) {
            sliceGradW[s] = new DoublePointer((long) m * d);
            sliceGradWView[s] = sliceGradW[s].asBuffer();
        }
        this.sliceGradA = new double[slices][m];
        this.sliceSquares = new double[slices];
        this.parallel = parallel;
        // our threads split the work; a multi-threaded dgemm inside each would fight them for the cores
        Nd4j.factory().blas().setMaxThreads(1);
    }

    @Override
    public void load(double[] inputs, double[] labels, int[] rows) {
        for (int i = 0; i < n; i++) {
            xView.put(i * d, inputs, rows[i] * d, d);
            y[i] = labels[rows[i]];
        }
    }

    @Override
    public String kernel() {
        return "openblas-dgemm (" + OPENBLAS_VERSION.trim() + ", single-threaded)";
    }

    @Override
    public int parameterCount() {
        return m * d + m;
    }

    @Override
    public double lossAndGradient(double[] theta, double[] gradient) {
        this.gradient = gradient;
        double loss = evaluate(theta, forwardBackward);
        parallel.run(reduce);
        this.gradient = null;
        return loss;
    }

    @Override
    public double loss(double[] theta) {
        return evaluate(theta, forwardOnly);
    }

    private double evaluate(double[] theta, Parallel.Part pass) {
        this.theta = theta;
        wView.put(0, theta, 0, m * d);
        parallel.run(pass);
        double squares = 0.0;
        for (int s = 0; s < slices; s++) {
            squares += sliceSquares[s];
        }
        return 0.5 * loss.scale() * squares / n;
    }

    /** This part's slices, block by block: Z, h and ρ, and with {@code backward} the slice's ∇L partials. */
    private void pass(int part, int parts, boolean backward) {
        Scratch own = scratch[part];
        for (int s = Parallel.from(slices, part, parts); s < Parallel.from(slices, part + 1, parts); s++) {
            double squares = 0.0;
            if (backward) {
                java.util.Arrays.fill(sliceGradA[s], 0.0);
            }
            int firstBlock = Parallel.from(blocks, s, slices);
            for (int block = firstBlock; block < Parallel.from(blocks, s + 1, slices); block++) {
                int from = block * BLOCK_ROWS;
                int rows = Math.min(BLOCK_ROWS, n - from);
                own.xBlock.position((long) from * d);
                // Z_b = X_b Wᵀ  (rows×m)
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, m, d, 1.0, own.xBlock, d, w, d, 0.0, own.z, m);
                for (int r = 0; r < rows; r++) {
                    double residual = output(own, r) - y[from + r];
                    squares += residual * residual;
                    if (backward) {
                        backwardRow(own, r, loss.scale() / n * residual, sliceGradA[s]);
                    }
                }
                if (backward) {
                    // ∇_W L partial of the slice += G_bᵀ X_b  (m×d)
                    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, m, d, rows, 1.0, own.z, m, own.xBlock, d,
                            block == firstBlock ? 0.0 : 1.0, sliceGradW[s], d);
                }
            }
            sliceSquares[s] = squares;
        }
    }

    /** h = Σ_j a_j σ(Z_rj) for row r of the block: logical lanes of neurons, summed in a fixed tree, then the rest. */
    private double output(Scratch own, int r) {
        int aOffset = m * d;
        int row = r * m;
        double h = 0.0;
        if (relu && vectorised > 0) {
            for (int lane = 0; lane < LANES_LOGICAL; lane += WIDTH) {
                DoubleVector sum = DoubleVector.zero(LANES);
                for (int j = lane; j < vectorised; j += LANES_LOGICAL) {
                    sum = preActivation(own, row + j).max(0.0).fma(DoubleVector.fromArray(LANES, theta, aOffset + j), sum);
                }
                sum.intoArray(own.lanes, lane);
            }
            h = Lanes.sum(own.lanes, 0);
        }
        for (int j = relu ? vectorised : 0; j < m; j++) {
            h += theta[aOffset + j] * activation.value(own.zView.get(row + j));
        }
        return h;
    }

    /** ∂L/∂a_j += ρ σ(Z_rj) into the slice's partial, and G_rj = ρ a_j σ'(Z_rj) written over Z_rj. */
    private void backwardRow(Scratch own, int r, double rho, double[] gradA) {
        int aOffset = m * d;
        int row = r * m;
        if (relu) {
            DoubleVector scaled = DoubleVector.broadcast(LANES, rho);
            for (int j = 0; j < vectorised; j += WIDTH) {
                DoubleVector z = preActivation(own, row + j);
                z.max(0.0).fma(scaled, DoubleVector.fromArray(LANES, gradA, j)).intoArray(gradA, j);
                Lanes.wherePositive(DoubleVector.fromArray(LANES, theta, aOffset + j).mul(scaled), z)
                        .intoByteBuffer(own.zBytes, 8 * (row + j), ByteOrder.nativeOrder());
            }
        }
        for (int j = relu ? vectorised : 0; j < m; j++) {
            double z = own.zView.get(row + j);
            gradA[j] += rho * activation.value(z);
            own.zView.put(row + j, rho * theta[aOffset + j] * activation.derivative(z));
        }
    }

    /** The slices' partials summed in slice order into ∇L, each part a range of the parameters. */
    private void reduce(int part, int parts) {
        int aOffset = m * d;
        int from = Parallel.from(aOffset, part, parts);
        int to = Parallel.from(aOffset, part + 1, parts);
        sliceGradWView[0].get(from, gradient, from, to - from);
        for (int s = 1; s < slices; s++) {
            DoubleBuffer partial = sliceGradWView[s];
            for (int k = from; k < to; k++) {
                gradient[k] += partial.get(k);
            }
        }
        for (int j = Parallel.from(m, part, parts); j < Parallel.from(m, part + 1, parts); j++) {
            double sum = sliceGradA[0][j];
            for (int s = 1; s < slices; s++) {
                sum += sliceGradA[s][j];
            }
            gradient[aOffset + j] = sum;
        }
    }

    private static DoubleVector preActivation(Scratch own, int index) {
        return DoubleVector.fromByteBuffer(LANES, own.zBytes, 8 * index, ByteOrder.nativeOrder());
    }
}
