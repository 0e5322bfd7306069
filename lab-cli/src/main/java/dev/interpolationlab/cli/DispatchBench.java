package dev.interpolationlab.cli;

import dev.interpolationlab.proto.v1.DispatchStats;
import dev.interpolationlab.proto.v1.TrainerTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * {@code ./lab bench dispatch}: how busy each way of dispatching runs keeps the trainers (issue 17). The same sweep
 * (bench/dispatch-sweep.yaml, run costs spread over n) runs through a fresh embedded stack per dispatch (consumer
 * group over 8 partitions, share group over one, or both over {@code --partitions}) and per trainer count, each stack
 * warmed up first, and the sweep's analysis reports its dispatch efficiency (Σ busy trainer time ÷ (trainers ×
 * makespan)), each trainer's seconds idle while runs were queued, and the trainers' time not spent training per run
 * (with one trainer: the pipeline's overhead per run). Prints one JSON line.
 */
final class DispatchBench {

    private DispatchBench() {
    }

    static String run(Path home, Map<String, String> options) throws Exception {
        Path spec = home.resolve(options.getOrDefault("spec", "bench/dispatch-sweep.yaml"));
        Path warmUp = home.resolve(options.getOrDefault("warm-up", "bench/dispatch-warmup.yaml"));
        List<Integer> trainerCounts = Arrays.stream(options.getOrDefault("trainers", "1,2,4,8").split(",")).map(String::trim)
                .map(Integer::parseInt).toList();
        List<TrainerGroup> dispatches = Arrays.stream(options.getOrDefault("dispatch", "consumer-group,share-group").split(","))
                .map(String::trim).map(DispatchBench::group).toList();
        Integer partitions = options.containsKey("partitions") ? Integer.valueOf(options.get("partitions")) : null;
        List<String> results = new ArrayList<>();
        for (int trainers : trainerCounts) {
            for (TrainerGroup dispatch : dispatches) {
                results.add(measure(home, spec, warmUp, dispatch, trainers, partitions));
            }
        }
        return "{\"spec\": \"" + home.relativize(spec) + "\", \"results\": [" + String.join(", ", results) + "]}";
    }

    private static TrainerGroup group(String dispatch) {
        return Arrays.stream(TrainerGroup.values()).filter(g -> g.dispatch.equals(dispatch)).findFirst()
                .orElseThrow(() -> new CliException("--dispatch takes consumer-group and/or share-group, not " + dispatch, 2));
    }

    /**
     * One sweep through a fresh stack of {@code trainers} trainers on {@code dispatch}, once all are in its group and
     * warm; {@code partitions} of {@code lab.runs.requested}, or the stack's default for the dispatch when null.
     */
    private static String measure(Path home, Path spec, Path warmUp, TrainerGroup dispatch, int trainers, Integer partitions)
            throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("LAB_TRAINER_DISPATCH", dispatch.dispatch));
        if (partitions != null) {
            settings.put("LAB_KAFKA_RUN_REQUEST_PARTITIONS", partitions.toString());
        }
        int topicPartitions = partitions != null ? partitions : dispatch == TrainerGroup.SHARE_GROUP ? 1 : 8;
        Stack stack = new Stack(new LabPaths(home, Files.createTempDirectory("lab-bench-dispatch")), System.err, settings);
        try {
            Properties running = stack.up(trainers);
            // a consumer group gives a partition to at most one member; a share group shares each among several
            int assigned = dispatch == TrainerGroup.CONSUMER_GROUP ? Math.min(trainers, topicPartitions) : trainers;
            if (!dispatch.awaitMembers(running.getProperty("kafka.bootstrap.servers"), assigned, 180)) {
                throw new CliException(assigned + " trainers did not all get partitions of " + dispatch.groupId + " within 180 s");
            }
            GatewayClient gateway = new GatewayClient(running.getProperty("gateway.url"));
            ScaleBench.complete(gateway, gateway.submit(warmUp).id());
            String id = gateway.submit(spec).id();
            ScaleBench.complete(gateway, id);
            DispatchStats stats = gateway.dispatch(id, 60)
                    .orElseThrow(() -> new CliException("the analysis of " + id + " has no dispatch statistics"));
            double maxIdle = 0;
            double idle = 0;
            for (TrainerTime trainer : stats.getTrainerTimesList()) {
                maxIdle = Math.max(maxIdle, trainer.getIdleWhileQueuedSeconds());
                idle += trainer.getIdleWhileQueuedSeconds();
            }
            System.err.printf(Locale.ROOT, "%s, %d trainer(s): efficiency %.3f over %.1f s%n", dispatch.dispatch, trainers,
                    stats.getEfficiency(), stats.getMakespanSeconds());
            double makespan = stats.getMakespanSeconds();
            double busy = stats.getBusySeconds();
            int runs = stats.getAttempts();
            return String.format(Locale.ROOT, "{\"dispatch\": \"%s\", \"partitions\": %d, \"trainers\": %d, "
                            + "\"trainers_used\": %d, \"runs\": %d, \"makespan_s\": %.2f, \"busy_s\": %.2f, \"efficiency\": %.3f, "
                            + "\"idle_while_queued_s_max\": %.2f, \"idle_while_queued_s_mean\": %.2f, \"not_training_per_run_ms\": %.0f}",
                    dispatch.dispatch, topicPartitions, trainers, stats.getTrainers(), runs, makespan, busy,
                    stats.getEfficiency(), maxIdle, idle / trainers, (trainers * makespan - busy) * 1000 / runs);
        } finally {
            stack.down();
        }
    }
}
