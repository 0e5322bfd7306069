package dev.interpolationlab.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real Kafka broker and PostgreSQL server that the lab's services, tests and {@code ./lab up} run against.
 * {@link #start} uses Testcontainers (apache/kafka, postgres images) when a Docker engine answers and the embedded
 * servers (from Maven artifacts, no Docker) otherwise, so the same tests run in both worlds.
 * {@code LAB_INFRA=embedded|containers} (or the system property {@code lab.infra}) forces one.
 * {@code LAB_KAFKA_BROKERS=3} (or {@code lab.kafka.brokers}) starts an embedded cluster of three brokers instead of one.
 */
public interface LabInfra extends AutoCloseable {

    String kafkaBootstrapServers();

    String jdbcUrl();

    String jdbcUsername();

    String jdbcPassword();

    /** How many brokers the Kafka cluster has. */
    default int kafkaBrokers() {
        return 1;
    }

    /** Three copies of every partition where there are three brokers, else one per broker (see {@link KafkaCluster}). */
    default short kafkaReplicationFactor() {
        return KafkaCluster.replicationFactor(kafkaBrokers());
    }

    /** What is running, for logs: "embedded KRaft broker + PostgreSQL 14 (zonky)" or the container images. */
    String description();

    @Override
    void close();

    static LabInfra start(Path dataDir) {
        String brokers = System.getProperty("lab.kafka.brokers", System.getenv().getOrDefault("LAB_KAFKA_BROKERS", "1"));
        try {
            return start(dataDir, Integer.parseInt(brokers.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LAB_KAFKA_BROKERS must be a whole number, not '" + brokers + "'");
        }
    }

    static LabInfra start(Path dataDir, int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("a Kafka cluster needs at least one broker, not " + brokers);
        }
        String forced = System.getProperty("lab.infra", System.getenv().getOrDefault("LAB_INFRA", "auto"));
        boolean containers = switch (forced) {
            case "containers" -> true;
            case "embedded" -> false;
            default -> brokers == 1 && ContainerInfra.dockerAnswers();
        };
        if (containers && brokers > 1) {
            throw new IllegalArgumentException("a cluster of " + brokers + " brokers is embedded only; use LAB_INFRA=embedded");
        }
        try {
            Files.createDirectories(dataDir);
            return containers ? ContainerInfra.start() : EmbeddedInfra.start(dataDir, brokers);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Kafka and PostgreSQL (" + (containers ? "containers" : "embedded") + "): " + e.getMessage(), e);
        }
    }
}
