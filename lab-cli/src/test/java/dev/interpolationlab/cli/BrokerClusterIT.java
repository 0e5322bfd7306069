package dev.interpolationlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interpolationlab.wire.Topics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./lab up --brokers 3}: Kafka as a KRaft cluster of three processes, every partition on all three, a write
 * acknowledged by two. The broker that leads most of the metrics partitions is killed ({@code kill -9}) mid-sweep and
 * started again a while later: the sweep completes and every recorded step of every run is stored exactly once.
 */
class BrokerClusterIT {

    private static final int BROKERS = 3;
    private static final int EVERY = 1000;

    private static Stack stack;
    private static Properties running;
    private static RunningLab lab;

    @BeforeAll
    static void startTheLab() throws Exception {
        Path home = Path.of(System.getProperty("lab.home", "..")).toAbsolutePath().normalize();
        stack = new Stack(new LabPaths(home, Files.createTempDirectory("lab-cluster")), new PrintStream(System.out, true),
                Map.of("LAB_CHECKPOINT_EVERY", "1s", "LAB_TRAINER_SESSION_TIMEOUT_MS", "6000"));
        running = stack.up(2, BROKERS);
        lab = new RunningLab(running);
    }

    @AfterAll
    static void stopTheLab() {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    void theLeaderKilledMidSweepLosesNoStep() throws Exception {
        String bootstrap = running.getProperty("kafka.bootstrap.servers");
        assertEquals(BROKERS, bootstrap.split(",").length, bootstrap);
        int leader;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            assertEquals(BROKERS, admin.describeCluster().nodes().get().size());
            for (String topic : List.of(Topics.RUNS_REQUESTED, Topics.RUNS_METRICS, Topics.RUNS_EVENTS, Topics.RUNS_CHECKPOINTS)) {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                for (TopicPartitionInfo partition : description.partitions()) {
                    assertEquals(3, partition.replicas().size(), topic + " " + partition);
                }
                Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic))).all().get()
                        .values().iterator().next();
                assertEquals("2", config.get("min.insync.replicas").value(), topic);
            }
            leader = mostLeadingBroker(admin.describeTopics(List.of(Topics.RUNS_METRICS)).allTopicNames().get()
                    .get(Topics.RUNS_METRICS));
        }

        int steps = 60_000;
        String id = lab.submit("""
                {"name": "kill-the-leader", "seed": 17, "repeats": 4,
                 "model": {"kind": "two-layer", "width": 500, "init": {"scheme": "balanced", "scale": 1e-5}},
                 "data": {"kind": "gaussian-teacher", "dim": 5, "samples": 640, "noise": 0.5, "testSamples": 200},
                 "optimizer": {"kind": "gd", "lr": 0.05, "steps": %d},
                 "record": {"every": %d}}""".formatted(steps, EVERY));
        lab.awaitRun(id, run -> lab.storedSteps(run.path("id").asText()).size() > 3, Duration.ofMinutes(2));
        stack.kill("kafka-" + leader);
        // the others elect new leaders and go on without it: a step recorded after the kill is stored
        JsonNode going = lab.awaitRun(id, run -> run.path("status").asText().equals("running"), Duration.ofSeconds(30));
        int before = lab.storedSteps(going.path("id").asText()).size();
        lab.awaitRun(id, run -> run.path("id").asText().equals(going.path("id").asText())
                && (lab.storedSteps(run.path("id").asText()).size() > before || !run.path("status").asText().equals("running")),
                Duration.ofMinutes(1));
        Thread.sleep(5_000);
        stack.startAgain("kafka-" + leader);

        JsonNode sweep = lab.awaitStatus(id, "completed", Duration.ofMinutes(5));
        assertEquals(4, sweep.at("/runs/completed").asInt(), sweep.toString());
        for (JsonNode run : lab.runs(id)) {
            String runId = run.path("id").asText();
            assertEquals(RunningLab.schedule(steps, EVERY), lab.storedSteps(runId), "every step of " + runId + " once");
        }
    }

    /** The broker that leads the most partitions of the topic: killing it moves the most leaders. */
    private static int mostLeadingBroker(TopicDescription topic) {
        Map<Integer, Integer> led = new HashMap<>();
        topic.partitions().forEach(partition -> led.merge(partition.leader().id(), 1, Integer::sum));
        assertTrue(!led.isEmpty(), topic.toString());
        return led.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
