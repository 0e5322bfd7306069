package dev.interpolationlab.trainer.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two-layer network h_θ(x) = Σ_j a_j σ(w_j·x) on a squared loss (science.md §1(a)), for any input dimension and
 * activation, with the two matrix products on ND4J's gemm: the kernel for wide inputs, where the products dominate.
 * Layout of θ: W row-major (m×d), then a. With r_i = h(x_i) − y_i and ρ_i = (c/n) r_i:
 * <pre>
 *   Z = X Wᵀ,   h = σ(Z) a,   ∂L/∂a = σ(Z)ᵀ ρ,   ∇_W L = Gᵀ X  with  G_ij = ρ_i a_j σ'(Z_ij)
 * </pre>
 * The elementwise work is one fused pass over Z, in place in ND4J's native buffer (for ReLU with the Vector API, four
 * neurons per 256-bit vector, lanes summed in a fixed order); every buffer is allocated when the network is bound.
 */
public final class GemmTwoLayer implements Objective {

    private static final VectorSpecies<Double> LANES = DoubleVector.SPECIES_256;
    private static final int WIDTH = 4;

    private final int n;
    private final int d;
    private final int m;
    private final Loss loss;
    private final Activation activation;
    private final INDArray x;         // n×d inputs
    private final double[] y;
    private final INDArray w;         // m×d, θ's W copied in
    private final INDArray z;         // n×m pre-activations, then G
    private final INDArray gradW;     // m×d
    private final double[] residual;
    private final DoubleBuffer zView;
    private final ByteBuffer zBytes;
    private final double[] output;
    private final double[][] lanes;
    private final int vectorised;     // columns handled by vectors: all but m mod 4 for ReLU, none otherwise
    private final Parallel parallel;
    private final Parallel.Part forward = this::forward;
    private final Parallel.Part backward = this::backward;
    private double[] theta;
    private double[] gradient;
    private final DoubleBuffer xView;
    private final DoubleBuffer wView;
    private final DoubleBuffer gradWView;

    public GemmTwoLayer(double[] inputs, double[] labels, int n, int d, int m, Loss loss, Activation activation, Parallel parallel) {
        this.n = n;
        this.d = d;
        this.m = m;
        this.loss = loss;
        this.activation = activation;
        this.x = Nd4j.create(inputs, new long[] {n, d}, DataType.DOUBLE);
        this.y = labels.clone();
        this.xView = x.data().asNioDouble();
        this.w = Nd4j.zeros(DataType.DOUBLE, m, d);
        this.z = Nd4j.zeros(DataType.DOUBLE, n, m);
        this.gradW = Nd4j.zeros(DataType.DOUBLE, m, d);
        this.residual = new double[n];
        this.zView = z.data().asNioDouble();
        this.zBytes = z.data().asNio().order(ByteOrder.nativeOrder());
        this.output = new double[n];
        this.lanes = new double[parallel.threads()][WIDTH];
        this.vectorised = activation == Activation.RELU ? m / WIDTH * WIDTH : 0;
        this.parallel = parallel;
        this.wView = w.data().asNioDouble();
        this.gradWView = gradW.data().asNioDouble();
    }

    @Override
    public void load(double[] inputs, double[] labels, int[] rows) {
        for (int i = 0; i < n; i++) {
            xView.put(i * d, inputs, rows[i] * d, d);
            y[i] = labels[rows[i]];
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
        Nd4j.gemm(z, x, gradW, true, false, 1.0, 0.0);
        gradWView.get(0, gradient, 0, m * d);
        return loss;
    }

    /** L(θ), leaving Z and the scaled residuals ρ for the gradient. */
    @Override
    public double loss(double[] theta) {
        this.theta = theta;
        wView.put(0, theta, 0, m * d);
        Nd4j.gemm(x, w, z, false, true, 1.0, 0.0);
        parallel.run(forward);
        return loss.residuals(output, y, n, residual);
    }

    /** h_i = Σ_j a_j σ(Z_ij) for this part's rows. */
    private void forward(int part, int parts) {
        int aOffset = m * d;
        double[] sums = lanes[part];
        for (int i = Parallel.from(n, part, parts); i < Parallel.from(n, part + 1, parts); i++) {
            int row = i * m;
            DoubleVector sum = DoubleVector.zero(LANES);
            for (int j = 0; j < vectorised; j += WIDTH) {
                sum = preActivation(row + j).max(0.0).fma(DoubleVector.fromArray(LANES, theta, aOffset + j), sum);
            }
            sum.intoArray(sums, 0);
            double h = (sums[0] + sums[1]) + (sums[2] + sums[3]);
            for (int j = vectorised; j < m; j++) {
                h += theta[aOffset + j] * activation.value(zView.get(row + j));
            }
            output[i] = h;
        }
    }

    /**
     * ∂L/∂a_j = Σ_i ρ_i σ(Z_ij) and G_ij = ρ_i a_j σ'(Z_ij), written over Z, for this part's neurons: split by columns
     * so that each sum runs over the rows in order, whatever the thread count.
     */
    private void backward(int part, int parts) {
        int aOffset = m * d;
        int groups = vectorised / WIDTH;
        int from = Parallel.from(groups, part, parts) * WIDTH;
        int to = Parallel.from(groups, part + 1, parts) * WIDTH;
        java.util.Arrays.fill(gradient, aOffset + from, aOffset + to, 0.0);
        // row by row, so that Z streams through the cache once (column blocks measured slower)
        for (int i = 0; i < n; i++) {
            DoubleVector rho = DoubleVector.broadcast(LANES, residual[i]);
            for (int j = from; j < to; j += WIDTH) {
                DoubleVector preActivation = preActivation(i * m + j);
                DoubleVector gradA = DoubleVector.fromArray(LANES, gradient, aOffset + j);
                preActivation.max(0.0).fma(rho, gradA).intoArray(gradient, aOffset + j);
                DoubleVector.fromArray(LANES, theta, aOffset + j).mul(rho)
                        .blend(0.0, preActivation.compare(VectorOperators.LE, 0.0))
                        .intoByteBuffer(zBytes, 8 * (i * m + j), ByteOrder.nativeOrder());
            }
        }
        if (part == parts - 1) {
            // the columns the vectors leave, and every column for activations other than ReLU
            for (int j = vectorised; j < m; j++) {
                double sum = 0.0;
                double a = theta[aOffset + j];
                for (int i = 0; i < n; i++) {
                    double preActivation = zView.get(i * m + j);
                    sum += activation.value(preActivation) * residual[i];
                    zView.put(i * m + j, residual[i] * a * activation.derivative(preActivation));
                }
                gradient[aOffset + j] = sum;
            }
        }
    }

    private DoubleVector preActivation(int index) {
        return DoubleVector.fromByteBuffer(LANES, zBytes, 8 * index, ByteOrder.nativeOrder());
    }
}
