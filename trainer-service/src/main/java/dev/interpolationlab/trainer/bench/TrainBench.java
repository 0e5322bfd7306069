package dev.interpolationlab.trainer.bench;

import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.proto.v1.InitSpec;
import dev.interpolationlab.trainer.model.Activation;
import dev.interpolationlab.trainer.model.FusedTwoLayer;
import dev.interpolationlab.trainer.model.GemmTwoLayer;
import dev.interpolationlab.trainer.model.Initialisation;
import dev.interpolationlab.trainer.model.KernelChoice;
import dev.interpolationlab.trainer.model.Loss;
import dev.interpolationlab.trainer.model.Objective;
import dev.interpolationlab.trainer.model.Parallel;
import dev.interpolationlab.trainer.model.TwoLayer;
import dev.interpolationlab.trainer.training.TrainingRun;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code ./lab bench train}: the trainer's full-batch gradient-descent step on the half-MSE of a two-layer ReLU network,
 * float64, timed warm (median ms/step over repeats), as bench/peer_numpy.py and bench/peer_torch.py time theirs. Also
 * reports the bytes allocated and the collections run during the timed steps, and for the gemm kernel the bound set by
 * ND4J's measured gemm speed (4·n·m·d flops per step). Prints one JSON line.
 */
public final class TrainBench {

    private TrainBench() {
    }

    public static void main(String[] args) {
        Map<String, String> options = parse(args);
        int d = Integer.parseInt(options.getOrDefault("dim", "5"));
        int n = Integer.parseInt(options.getOrDefault("samples", "640"));
        int m = Integer.parseInt(options.getOrDefault("width", "500"));
        int steps = Integer.parseInt(options.getOrDefault("steps", "500"));
        int repeats = Integer.parseInt(options.getOrDefault("repeats", "7"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "1"));
        String kernel = options.getOrDefault("kernel", "auto");
        if (!options.getOrDefault("model", "two-layer").equals("two-layer")) {
            throw new IllegalArgumentException("only --model two-layer is benchmarked so far");
        }

        SplitMix64 random = new SplitMix64(0);
        double[] x = new double[n * d];
        double[] y = new double[n];
        Arrays.setAll(x, i -> random.nextGaussian());
        Arrays.setAll(y, i -> random.nextGaussian());
        double[] theta = Initialisation.draw(InitSpec.newBuilder().setScheme("unbalanced").setScale(1.0).build(), m, d, random);
        double[] gradient = new double[theta.length];
        // before the kernel is bound: the gemm kernel then sets OpenBLAS to one thread per caller
        double gflops = gemmGflops(n, d, m, threads);
        try (Parallel parallel = new Parallel(threads)) {
            Objective objective = switch (kernel) {
                case "fused" -> new FusedTwoLayer(x, y, n, d, m, Loss.HALF_MSE, parallel);
                case "gemm" -> new GemmTwoLayer(x, y, n, d, m, Loss.HALF_MSE, Activation.RELU, parallel);
                case "auto" -> TwoLayer.bind(x, y, n, d, m, Loss.HALF_MSE, Activation.RELU, parallel, KernelChoice.AUTO);
                default -> throw new IllegalArgumentException("--kernel is fused, gemm or auto, got " + kernel);
            };
            double lr = 1e-3;
            run(objective, theta, gradient, lr, Math.max(50, steps / 2));

            com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long threadId = Thread.currentThread().getId();
            long collectionsBefore = collections();
            long bytesBefore = allocation.getThreadAllocatedBytes(threadId);
            List<Double> timings = new ArrayList<>();
            for (int repeat = 0; repeat < repeats; repeat++) {
                long started = System.nanoTime();
                run(objective, theta, gradient, lr, steps);
                timings.add((System.nanoTime() - started) / 1e6 / steps);
            }
            long bytes = allocation.getThreadAllocatedBytes(threadId) - bytesBefore;
            long collections = collections() - collectionsBefore;
            timings.sort(Double::compare);
            double median = timings.get(timings.size() / 2);
            String used = objective instanceof FusedTwoLayer ? "fused" : "gemm";
            StringBuilder json = new StringBuilder(String.format(Locale.ROOT,
                    "{\"peer\": \"lab-%s-%dt\", \"ms_per_step\": %.4f, \"allocated_bytes_per_step\": %.1f, \"gc_during_timing\": %d, \"vector_width\": %d",
                    used, threads, median, (double) bytes / ((long) steps * repeats), collections, TwoLayer.vectorWidth()));
            if (used.equals("gemm")) {
                json.append(String.format(Locale.ROOT, ", \"gemm_gflops\": %.2f, \"gemm_bound_ms\": %.4f", gflops, 4.0 * n * m * d / gflops / 1e6));
            }
            System.out.println(json.append("}"));
        }
    }

    /** The training loop of TrainingRun, reduced to its hot path. */
    private static void run(Objective objective, double[] theta, double[] gradient, double lr, int steps) {
        for (int step = 0; step < steps; step++) {
            objective.lossAndGradient(theta, gradient);
            TrainingRun.gradientStep(theta, gradient, lr);
        }
    }

    /** The machine's dgemm speed with {@code threads} threads on the step's first product, X Wᵀ (n×d by d×m). */
    private static double gemmGflops(int n, int d, int m, int threads) {
        Nd4j.factory().blas().setMaxThreads(threads);
        INDArray a = Nd4j.rand(DataType.DOUBLE, n, d);
        INDArray b = Nd4j.rand(DataType.DOUBLE, m, d);
        INDArray c = Nd4j.zeros(DataType.DOUBLE, n, m);
        for (int i = 0; i < 20; i++) {
            Nd4j.gemm(a, b, c, false, true, 1.0, 0.0);
        }
        int count = 50;
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Nd4j.gemm(a, b, c, false, true, 1.0, 0.0);
        }
        return 2.0 * n * m * d * count / (System.nanoTime() - started);
    }

    private static long collections() {
        long total = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionCount());
        }
        return total;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
