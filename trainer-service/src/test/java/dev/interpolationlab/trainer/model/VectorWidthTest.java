package dev.interpolationlab.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernels' results do not depend on the machine's vector width ({@link Lanes}): the same steps, run in JVMs that
 * may use vectors of 2, 4 or 8 doubles (-XX:MaxVectorSize), give the same bits. A machine without AVX-512 caps the
 * width below 8; the test needs at least two widths to compare.
 */
class VectorWidthTest {

    @Test
    void everyVectorWidthGivesTheSameBits() throws Exception {
        TreeMap<Integer, String> digestByWidth = new TreeMap<>();
        for (int bytes : new int[] {16, 32, 64}) {
            String[] line = runDigest(bytes).split(" ");
            int width = Integer.parseInt(line[0]);
            String previous = digestByWidth.putIfAbsent(width, line[1]);
            assertTrue(previous == null || previous.equals(line[1]), "two runs at width " + width + " differ");
        }
        assertTrue(digestByWidth.size() >= 2, "only one vector width available: " + digestByWidth.keySet());
        assertEquals(1, digestByWidth.values().stream().distinct().count(), "digests by vector width: " + digestByWidth);
    }

    private static String runDigest(int maxVectorBytes) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:MaxVectorSize=" + maxVectorBytes, "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Digest.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        process.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "digest run did not finish");
        assertEquals(0, process.exitValue(), "digest run failed: " + out);
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }

    /** Prints "width sha256" of 20 gradient steps of both kernels (d = 5 fused, d = 12 gemm, with a neuron tail). */
    public static final class Digest {
        public static void main(String[] args) throws NoSuchAlgorithmException {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int d : new int[] {5, 12}) {
                int n = 300;
                int m = 21;
                GaussianProblem problem = GaussianProblem.draw(d, n, d, m);
                double[] theta = problem.theta();
                double[] gradient = new double[theta.length];
                Objective kernel = TwoLayer.bind(problem.x(), problem.y(), n, d, m, Loss.HALF_MSE, Activation.RELU, Parallel.sequential(), KernelChoice.AUTO);
                for (int step = 0; step < 20; step++) {
                    update(sha, kernel.lossAndGradient(theta, gradient));
                    for (int i = 0; i < theta.length; i++) {
                        theta[i] -= 0.05 * gradient[i];
                    }
                }
                for (double value : theta) {
                    update(sha, value);
                }
            }
            System.out.println(Lanes.WIDTH + " " + HexFormat.of().formatHex(sha.digest()));
        }

        private static void update(MessageDigest sha, double value) {
            long bits = Double.doubleToRawLongBits(value);
            for (int shift = 0; shift < 64; shift += 8) {
                sha.update((byte) (bits >>> shift));
            }
        }
    }
}
