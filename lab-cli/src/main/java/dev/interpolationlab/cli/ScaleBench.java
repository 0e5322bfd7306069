package dev.interpolationlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.api.RunView;
import dev.interpolationlab.api.SweepView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./lab bench scale}: horizontal scaling of the trainers (issue 6). The same sweep (bench/scale-sweep.yaml, or
 * --spec) runs through a private embedded stack with 1 trainer and again with 2, each stack warmed up first by a
 * short sweep (bench/scale-warmup.yaml, or --warm-up) and timed from submission to completion, and once in a single process without Kafka or PostgreSQL (the trainer's SweepBench). Reports the
 * throughput ratio of 2 trainers to 1 and the pipeline's overhead per run against the in-process baseline. Prints
 * one JSON line.
 */
final class ScaleBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScaleBench() {
    }

    static String run(Path home, Map<String, String> options) throws Exception {
        Path spec = home.resolve(options.getOrDefault("spec", "bench/scale-sweep.yaml"));
        Path warmUp = home.resolve(options.getOrDefault("warm-up", "bench/scale-warmup.yaml"));
        Measured one = throughStack(home, spec, warmUp, 1);
        Measured two = throughStack(home, spec, warmUp, 2);
        JsonNode alone = JSON.readTree(TrainerProcess.run(home, List.of("dev.interpolationlab.trainer.bench.SweepBench", spec.toString())));
        double inProcess = alone.get("in_process_s").asDouble();
        int runs = alone.get("runs").asInt();
        return String.format(Locale.ROOT, "{\"runs\": %d, \"one_trainer_s\": %.2f, \"two_trainers_s\": %.2f, \"speedup\": %.3f, "
                        + "\"in_process_s\": %.2f, \"overhead_per_run_ms\": %.1f, \"training_s_one_trainer\": %.2f, \"training_s_two_trainers\": %.2f, "
                        + "\"training_s_in_process\": %.2f}",
                runs, one.seconds, two.seconds, one.seconds / two.seconds, inProcess, (one.seconds - inProcess) * 1000 / runs, one.trainingSeconds,
                two.trainingSeconds, alone.get("training_s").asDouble());
    }

    private record Measured(double seconds, double trainingSeconds) {
    }

    /**
     * The sweep through a fresh stack with {@code trainers} trainers, warmed up first (every JVM of the stack has
     * compiled its hot code), from the 202 to the last completed run.
     */
    private static Measured throughStack(Path home, Path spec, Path warmUp, int trainers) throws Exception {
        Stack stack = new Stack(new LabPaths(home, Files.createTempDirectory("lab-bench-scale")), System.err);
        try {
            Properties running = stack.up(trainers);
            awaitTrainers(running.getProperty("kafka.bootstrap.servers"), trainers);
            GatewayClient gateway = new GatewayClient(running.getProperty("gateway.url"));
            complete(gateway, gateway.submit(warmUp).id());
            long started = System.nanoTime();
            String id = gateway.submit(spec).id();
            complete(gateway, id);
            double seconds = (System.nanoTime() - started) / 1e9;
            double training = 0;
            for (RunView run : gateway.runs(id)) {
                training += run.wallMs() / 1e3;
            }
            System.err.printf(Locale.ROOT, "%d trainer(s): %.1f s%n", trainers, seconds);
            return new Measured(seconds, training);
        } finally {
            stack.down();
        }
    }

    static void complete(GatewayClient gateway, String id) throws InterruptedException {
        long started = System.nanoTime();
        for (SweepView sweep = gateway.sweepOnceStored(id); !sweep.status().equals("completed"); sweep = gateway.sweep(id)) {
            if (sweep.runs().failed() > 0 || System.nanoTime() - started > TimeUnit.MINUTES.toNanos(30)) {
                throw new CliException("the benchmark sweep did not complete: " + sweep);
            }
            Thread.sleep(100);
        }
    }

    /** Until every trainer is in the group that takes the run requests: timing starts with all of them working. */
    private static void awaitTrainers(String bootstrapServers, int trainers) throws Exception {
        if (!TrainerGroup.CONSUMER_GROUP.awaitMembers(bootstrapServers, trainers, 90)) {
            throw new CliException("the trainers did not all join their group within 90 s");
        }
    }
}
