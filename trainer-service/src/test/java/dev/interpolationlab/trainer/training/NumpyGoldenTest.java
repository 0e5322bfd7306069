package dev.interpolationlab.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.proto.v1.InitSpec;
import dev.interpolationlab.proto.v1.OptimizerSpec;
import dev.interpolationlab.trainer.model.Activation;
import dev.interpolationlab.trainer.model.FusedTwoLayer;
import dev.interpolationlab.trainer.model.GemmTwoLayer;
import dev.interpolationlab.trainer.model.Initialisation;
import dev.interpolationlab.trainer.model.Loss;
import dev.interpolationlab.trainer.model.Objective;
import dev.interpolationlab.trainer.model.Parallel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Twenty steps of the lab's training against numpy's: the same data, the same θ₀, the same heavy-ball GD, computed by
 * an independent implementation (src/test/resources/golden/two_layer_gd.py, run here with Debian's python3-numpy),
 * as micrograd checks its engine against PyTorch. Both kernels, both losses, with and without momentum.
 */
class NumpyGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int N = 21;   // not a multiple of the vector width
    private static final int D = 3;
    private static final int M = 7;
    private static final int STEPS = 20;

    @ParameterizedTest(name = "{0} kernel, {1}, momentum {2}")
    @CsvSource({"fused, half-mse, 0.0", "fused, mse, 0.9", "gemm, half-mse, 0.9", "gemm, mse, 0.0"})
    void twentyStepsMatchNumpy(String kernel, String lossName, double momentum) throws Exception {
        SplitMix64 random = new SplitMix64(11);
        double[] x = new double[N * D];
        double[] y = new double[N];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        for (int i = 0; i < N; i++) {
            y[i] = random.nextGaussian();
        }
        double[] theta = Initialisation.draw(InitSpec.newBuilder().setScheme("unbalanced").setScale(1.0).build(), M, D, random);
        Loss loss = Loss.of(lossName);
        double lr = 0.05;
        Function<Parallel, Objective> bind = parallel -> kernel.equals("fused") ? new FusedTwoLayer(x, y, N, D, M, loss, parallel)
                : new GemmTwoLayer(x, y, N, D, M, loss, Activation.RELU, parallel);

        JsonNode numpy = numpy(x, y, theta, loss.scale(), lr, momentum);

        double[] lab = theta.clone();
        double[] gradient = new double[lab.length];
        Optimizer optimizer = Optimizer.of(OptimizerSpec.newBuilder().setKind("sgd").setLr(lr).setMomentum(momentum).build(), lab.length);
        try (Parallel parallel = new Parallel(1)) {
            Objective objective = bind.apply(parallel);
            for (int t = 0; t < STEPS; t++) {
                double expected = numpy.get("losses").get(t).asDouble();
                assertEquals(expected, objective.lossAndGradient(lab, gradient), 1e-12 * expected, "L(θ_" + t + ")");
                optimizer.update(lab, gradient);
            }
        }
        for (int i = 0; i < lab.length; i++) {
            double expected = numpy.get("theta").get(i).asDouble();
            assertEquals(expected, lab[i], 1e-12 * Math.max(1.0, Math.abs(expected)), "θ_" + STEPS + "[" + i + "]");
        }
        assertFalse(java.util.Arrays.equals(theta, lab), "the steps moved θ");
    }

    private static JsonNode numpy(double[] x, double[] y, double[] theta, double lossScale, double lr, double momentum)
            throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(NumpyGoldenTest.class.getResource("/golden/two_layer_gd.py").toURI());
        var input = JSON.createObjectNode().put("n", N).put("d", D).put("m", M).put("lossScale", lossScale).put("lr", lr)
                .put("momentum", momentum).put("steps", STEPS);
        List.of("x", "y", "theta").forEach(name -> input.putArray(name));
        for (double v : x) {
            input.withArray("x").add(v);
        }
        for (double v : y) {
            input.withArray("y").add(v);
        }
        for (double v : theta) {
            input.withArray("theta").add(v);
        }
        Process python = new ProcessBuilder("/usr/bin/python3", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream stdin = python.getOutputStream()) {
            stdin.write(JSON.writeValueAsBytes(input));
        }
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, python.waitFor(), "numpy's reference ran (it needs /usr/bin/python3 with numpy: Debian python3-numpy, which .ci/run installs)");
        return JSON.readTree(output);
    }
}
