package dev.interpolationlab.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.interpolationlab.wire.TopicBootstrap;
import dev.interpolationlab.wire.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real KRaft nodes in this JVM: the lab's topics get three replicas and a majority to acknowledge, and with
 * the leader of a partition stopped every acknowledged record is still there and new writes are still acknowledged.
 */
class KafkaClusterTest {

    @Test
    void aPlanReadBackIsTheSamePlan(@TempDir Path dir) {
        KafkaCluster plan = KafkaCluster.plan(3, dir);
        plan.write(KafkaCluster.planFile(dir));
        assertEquals(plan, KafkaCluster.read(KafkaCluster.planFile(dir)));
        assertEquals(3, plan.bootstrapServers().split(",").length);
        assertEquals(3, plan.replicationFactor());
        assertEquals(2, plan.minInSyncReplicas());
        assertEquals(1, KafkaCluster.plan(2, dir).minInSyncReplicas(), "two of two would stop every write while either broker is down");
        assertThrows(IllegalArgumentException.class, () -> KafkaCluster.plan(0, dir));
    }

    /** What the services' test resource starts with {@code LAB_KAFKA_BROKERS=3}, and the replication it hands them. */
    @Test
    void theTestInfrastructureStartsAClusterOfThree(@TempDir Path dir) throws Exception {
        assumeFalse("containers".equals(System.getProperty("lab.infra", System.getenv("LAB_INFRA"))), "a cluster is embedded only");
        try (LabInfra infra = LabInfra.start(dir, 3);
             Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrapServers()))) {
            assertEquals(3, infra.kafkaBrokers());
            assertEquals(3, infra.kafkaReplicationFactor());
            assertEquals(3, admin.describeCluster().nodes().get().size());
            assertEquals(3, infra.kafkaBootstrapServers().split(",").length, "a client still connects with one broker down");
        }
    }

    @Test
    void theLeadersLossLosesNoAcknowledgedRecordAndStopsNoWrite(@TempDir Path dir) throws Exception {
        KafkaCluster plan = KafkaCluster.plan(3, dir);
        List<EmbeddedKafka> nodes = new ArrayList<>(EmbeddedKafka.startCluster(dir, plan));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", plan.bootstrapServers()))) {
            assertEquals(3, admin.describeCluster().nodes().get().size());

            TopicBootstrap.ensureTopics(Map.of("bootstrap.servers", plan.bootstrapServers()), 4, 1, plan.replicationFactor());
            TopicDescription metrics = admin.describeTopics(List.of(Topics.RUNS_METRICS)).allTopicNames().get().get(Topics.RUNS_METRICS);
            metrics.partitions().forEach(partition -> assertEquals(3, partition.replicas().size(), partition.toString()));
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.RUNS_METRICS)))
                    .all().get().values().iterator().next();
            assertEquals("2", config.get("min.insync.replicas").value());

            int leader = metrics.partitions().get(0).leader().id();
            send(plan.bootstrapServers(), 0, 100);
            EmbeddedKafka stopped = nodes.remove(leader - 1);
            stopped.close();

            send(plan.bootstrapServers(), 100, 200);
            Set<String> read = readAll(plan.bootstrapServers(), 200);
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                expected.add("record-" + i);
            }
            assertEquals(expected, read);
        } finally {
            nodes.parallelStream().forEach(EmbeddedKafka::close);
        }
    }

    /** Records {@code from} … {@code to - 1} to partition 0 of the metrics topic, each acknowledged by a majority. */
    private static void send(String bootstrapServers, int from, int to) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all",
                "enable.idempotence", "true", "delivery.timeout.ms", "60000"), new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(Topics.RUNS_METRICS, 0, "k", "record-" + i)).get();
            }
        }
    }

    private static Set<String> readAll(String bootstrapServers, int expected) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", "cluster-check");
        props.put("auto.offset.reset", "earliest");
        Set<String> values = new HashSet<>();
        int received = 0;
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.RUNS_METRICS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received < expected && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                    received++;
                }
            }
        }
        assertTrue(received == expected, "read " + received + " records, expected " + expected + " (none twice)");
        return values;
    }
}
