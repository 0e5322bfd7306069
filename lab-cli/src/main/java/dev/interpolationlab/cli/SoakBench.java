package dev.interpolationlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.interpolationlab.api.RunView;
import dev.interpolationlab.api.SweepView;
import dev.interpolationlab.core.spec.SpecLimits;
import dev.interpolationlab.core.spec.SpecParser;
import dev.interpolationlab.core.spec.ValidatedSweep;
import dev.interpolationlab.core.sweep.RecordSchedule;
import dev.interpolationlab.wire.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./lab bench soak --minutes M}: sweeps of bench/soak-sweep.yaml through a fresh embedded stack with two
 * trainers, two sweeps in flight at all times, for M minutes, while a trainer is killed with {@code kill -9} every
 * {@code --kill-every} minutes (in turn, started again 3 s later) and the analysis service is stopped and started again
 * once, half-way. Then every sweep is let finish and the store is checked against what was recorded: per run, the
 * steps its record schedule names, each stored once (the metrics table's key makes a second copy impossible, so the
 * records a resumed run sent again are counted on the topic instead); no run failed. The heap after a full GC and the
 * resident memory of every process are read at the start and at the end. Prints one JSON line.
 */
final class SoakBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IN_FLIGHT = 2;

    private SoakBench() {
    }

    static String run(Path home, Map<String, String> options) throws Exception {
        double minutes = Double.parseDouble(options.getOrDefault("minutes", "60"));
        double killEveryMinutes = Double.parseDouble(options.getOrDefault("kill-every", "5"));
        int trainers = Integer.parseInt(options.getOrDefault("trainers", "2"));
        Path specFile = home.resolve(options.getOrDefault("spec", "bench/soak-sweep.yaml"));
        ValidatedSweep spec = new SpecParser(SpecLimits.DEFAULTS).parseYaml(Files.readString(specFile));
        long expectedPerRun = RecordSchedule.of(spec.spec().getBase().getRecord(), spec.spec().getBase().getOptimizer().getSteps()).count();

        LabPaths paths = new LabPaths(home, Files.createTempDirectory("lab-bench-soak"));
        Stack stack = new Stack(paths, System.err, Map.of("LAB_CHECKPOINT_EVERY", "2s", "LAB_TRAINER_SESSION_TIMEOUT_MS", "6000"));
        try {
            Properties running = stack.up(trainers);
            GatewayClient gateway = new GatewayClient(running.getProperty("gateway.url"));
            ObjectNode result = JSON.createObjectNode().put("minutes", minutes).put("trainers", trainers)
                    .put("killEveryMinutes", killEveryMinutes);
            ObjectNode start = memory(paths, running, trainers);

            List<String> sweeps = new ArrayList<>();
            Set<String> inFlight = new LinkedHashSet<>();
            long begun = System.nanoTime();
            long end = begun + (long) (minutes * 60e9);
            long killEvery = (long) (killEveryMinutes * 60e9);
            long nextKill = begun + killEvery;
            boolean analysisRestarted = false;
            int kills = 0;
            int unanswered = 0;
            while (System.nanoTime() < end) {
                try {
                    inFlight.removeIf(id -> finished(gateway.sweep(id)));
                    while (inFlight.size() < IN_FLIGHT) {
                        String id = gateway.submit(specFile).id();
                        sweeps.add(id);
                        inFlight.add(id);
                    }
                } catch (CliException away) {
                    // the analysis service restarting: the gateway's reads answer 503 meanwhile
                    unanswered++;
                }
                if (System.nanoTime() >= nextKill) {
                    String victim = "trainer-" + (kills % trainers + 1);
                    stack.kill(victim);
                    Thread.sleep(3000);
                    stack.startAgain(victim);
                    kills++;
                    nextKill += killEvery;
                }
                if (!analysisRestarted && System.nanoTime() >= begun + (end - begun) / 2) {
                    stack.stop("analysis-service");
                    stack.startAgain("analysis-service");
                    analysisRestarted = true;
                }
                Thread.sleep(1000);
            }
            System.err.printf("soak over after %d sweeps and %d kills; letting %d sweep(s) finish%n", sweeps.size(), kills,
                    inFlight.size());
            long drainDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            for (String id : inFlight) {
                while (!finishedOrAway(gateway, id)) {
                    if (System.nanoTime() > drainDeadline) {
                        throw new CliException("sweep " + id + " did not finish within 30 min of the soak's end");
                    }
                    Thread.sleep(1000);
                }
            }

            int completed = 0;
            int notCompleted = 0;
            long stored = 0;
            long missing = 0;
            long unscheduled = 0;
            try (Connection db = DriverManager.getConnection(running.getProperty("jdbc.url"), running.getProperty("jdbc.username"),
                    running.getProperty("jdbc.password"))) {
                for (String id : sweeps) {
                    for (RunView run : gateway.runs(id)) {
                        completed += run.completed() ? 1 : 0;
                        notCompleted += run.completed() ? 0 : 1;
                        long steps = storedSteps(db, run.id());
                        stored += steps;
                        missing += Math.max(0, expectedPerRun - steps);
                        unscheduled += Math.max(0, steps - expectedPerRun);
                    }
                }
            }
            long published = recordsOn(running.getProperty("kafka.bootstrap.servers"), Topics.RUNS_METRICS);
            result.put("sweeps", sweeps.size()).put("runsCompleted", completed).put("runsNotCompleted", notCompleted)
                    .put("trainerKills", kills).put("pollsUnanswered", unanswered).put("analysisRestarts", analysisRestarted ? 1 : 0)
                    .put("stepsScheduled", (long) (completed + notCompleted) * expectedPerRun).put("stepsStored", stored)
                    .put("stepsMissing", missing).put("stepsOffSchedule", unscheduled)
                    .put("metricRecordsPublished", published).put("recordsSentAgainAfterResumes", published - stored);
            result.set("memoryStart", start);
            result.set("memoryEnd", memory(paths, running, trainers));
            return result.toString();
        } finally {
            stack.down();
        }
    }

    private static boolean finishedOrAway(GatewayClient gateway, String id) {
        try {
            return finished(gateway.sweep(id));
        } catch (CliException away) {
            return false;
        }
    }

    private static boolean finished(SweepView sweep) {
        return List.of("completed", "failed", "cancelled").contains(sweep.status());
    }

    private static long storedSteps(Connection db, String runId) throws Exception {
        try (PreparedStatement count = db.prepareStatement("select count(*) from metrics where run_id = ?")) {
            count.setString(1, runId);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** Every record ever written to {@code topic} (its partitions' end offsets less their start; nothing expired here). */
    private static long recordsOn(String bootstrapServers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                earliest.put(new TopicPartition(topic, p), OffsetSpec.earliest());
            }
            long ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
            long starts = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
            return ends - starts;
        }
    }

    /**
     * Every process: the services' heap after a full GC and resident memory (a trainer started again is its new
     * process), Kafka's resident memory, and PostgreSQL's (the postmaster and its backends together).
     */
    private static ObjectNode memory(LabPaths paths, Properties running, int trainers) throws Exception {
        ObjectNode memory = JSON.createObjectNode();
        Map<String, String> services = new java.util.LinkedHashMap<>();
        services.put("gateway", running.getProperty("gateway.url"));
        services.put("analysis-service", running.getProperty("analysis.url"));
        for (int i = 1; i <= trainers; i++) {
            services.put("trainer-" + i, running.getProperty("trainer." + i + ".url"));
        }
        for (Map.Entry<String, String> service : services.entrySet()) {
            long pid = ProcessMemory.pid(paths, service.getKey());
            memory.set(service.getKey(), JSON.createObjectNode().put("pid", pid)
                    .put("heapAfterGcMB", ProcessMemory.heapAfterGcMegabytes(pid, service.getValue()))
                    .put("rssMB", ProcessMemory.rssMegabytes(pid)));
        }
        long kafka = ProcessMemory.pid(paths, "kafka");
        memory.set("kafka", JSON.createObjectNode().put("pid", kafka).put("rssMB", ProcessMemory.rssMegabytes(kafka)));
        long postmaster = Long.parseLong(Files.readAllLines(paths.data().resolve("postgres/postmaster.pid")).get(0).trim());
        double postgres = ProcessMemory.rssMegabytes(postmaster);
        for (ProcessHandle backend : ProcessHandle.of(postmaster).map(p -> p.descendants().toList()).orElse(List.of())) {
            try {
                postgres += ProcessMemory.rssMegabytes(backend.pid());
            } catch (java.io.IOException gone) {
                // a backend that ended meanwhile holds nothing
            }
        }
        memory.set("postgres", JSON.createObjectNode().put("pid", postmaster).put("rssMB", postgres));
        return memory;
    }
}
