package dev.interpolationlab.cli;

import dev.interpolationlab.api.RunView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./lab bench failover}: how long a run stands still when its trainer dies (issue 17). Per dispatch, a fresh
 * embedded stack of two trainers with the services' defaults; {@code --kills} times, a one-run sweep
 * (bench/failover-run.yaml) is submitted, its trainer is killed ({@code kill -9}) once the run has recorded steps,
 * and the time from the kill to the STARTED of its next attempt on the other trainer is read from the run's timeline
 * (one machine, one clock). The killed trainer is started again and the run completes before the next kill. Prints
 * one JSON line.
 */
final class FailoverBench {

    private FailoverBench() {
    }

    static String run(Path home, Map<String, String> options) throws Exception {
        Path spec = home.resolve(options.getOrDefault("spec", "bench/failover-run.yaml"));
        int kills = Integer.parseInt(options.getOrDefault("kills", "3"));
        List<String> results = new ArrayList<>();
        for (String dispatch : options.getOrDefault("dispatch", "consumer-group,share-group").split(",")) {
            TrainerGroup group = Arrays.stream(TrainerGroup.values()).filter(g -> g.dispatch.equals(dispatch.trim())).findFirst()
                    .orElseThrow(() -> new CliException("--dispatch takes consumer-group and/or share-group, not " + dispatch, 2));
            results.add(measure(home, spec, group, kills));
        }
        return "{\"spec\": \"" + home.relativize(spec) + "\", \"results\": [" + String.join(", ", results) + "]}";
    }

    private static String measure(Path home, Path spec, TrainerGroup dispatch, int kills) throws Exception {
        Stack stack = new Stack(new LabPaths(home, Files.createTempDirectory("lab-bench-failover")), System.err,
                Map.of("LAB_TRAINER_DISPATCH", dispatch.dispatch));
        try {
            Properties running = stack.up(2);
            String bootstrap = running.getProperty("kafka.bootstrap.servers");
            GatewayClient gateway = new GatewayClient(running.getProperty("gateway.url"));
            List<Double> restarts = new ArrayList<>();
            List<Long> resumedFrom = new ArrayList<>();
            for (int kill = 0; kill < kills; kill++) {
                // both trainers take runs, so that the survivor is in the group when the run comes back
                if (!dispatch.awaitMembers(bootstrap, 2, 180)) {
                    throw new CliException("the trainers did not both join " + dispatch.groupId + " within 180 s");
                }
                String id = gateway.submit(spec).id();
                RunView run = awaitRun(gateway, id, r -> r.status().equals("running")
                        && r.timeline().attempts().size() == 1 && gateway.metrics(r.id()).size() >= 3);
                String victim = run.trainer();
                Instant killed = Instant.now();
                stack.kill(victim);
                RunView resumed = awaitRun(gateway, id, r -> r.timeline().attempts().size() >= 2
                        && r.timeline().attempts().get(1).startedAt() != null);
                Instant restarted = resumed.timeline().attempts().get(1).startedAt();
                restarts.add((restarted.toEpochMilli() - killed.toEpochMilli()) / 1e3);
                ScaleBench.complete(gateway, id);
                resumedFrom.add(gateway.runs(id).get(0).resumedFromStep());
                System.err.printf(Locale.ROOT, "%s: kill %d, restarted after %.1f s%n", dispatch.dispatch, kill + 1, restarts.get(kill));
                stack.startAgain(victim);
            }
            double mean = restarts.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double max = restarts.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            return String.format(Locale.ROOT, "{\"dispatch\": \"%s\", \"kills\": %d, \"restart_s\": %s, \"restart_s_mean\": %.2f, "
                    + "\"restart_s_max\": %.2f, \"resumed_from_step\": %s}", dispatch.dispatch, kills,
                    restarts.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList(), mean, max, resumedFrom);
        } finally {
            stack.down();
        }
    }

    private static RunView awaitRun(GatewayClient gateway, String id, java.util.function.Predicate<RunView> wanted)
            throws InterruptedException {
        gateway.sweepOnceStored(id);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            for (RunView run : gateway.runs(id)) {
                if (wanted.test(run)) {
                    return run;
                }
            }
            Thread.sleep(100);
        }
        throw new CliException("the failover run of " + id + " did not get where it should within 3 minutes");
    }
}
