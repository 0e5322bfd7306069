package dev.interpolationlab.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real Kafka broker and PostgreSQL server that the lab's services, tests and {@code ./lab up} run against.
 * {@link #start} uses Testcontainers (apache/kafka, postgres images) when a Docker engine answers and the embedded
 * servers (from Maven artifacts, no Docker) otherwise, so the same tests run in both worlds.
 * {@code LAB_INFRA=embedded|containers} (or the system property {@code lab.infra}) forces one.
 */
public interface LabInfra extends AutoCloseable {

    String kafkaBootstrapServers();

    String jdbcUrl();

    String jdbcUsername();

    String jdbcPassword();

    /** What is running, for logs: "embedded KRaft broker + PostgreSQL 14 (zonky)" or the container images. */
    String description();

    @Override
    void close();

    static LabInfra start(Path dataDir) {
        String forced = System.getProperty("lab.infra", System.getenv().getOrDefault("LAB_INFRA", "auto"));
        boolean containers = switch (forced) {
            case "containers" -> true;
            case "embedded" -> false;
            default -> ContainerInfra.dockerAnswers();
        };
        try {
            Files.createDirectories(dataDir);
            return containers ? ContainerInfra.start() : EmbeddedInfra.start(dataDir, 0, 0);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Kafka and PostgreSQL (" + (containers ? "containers" : "embedded") + "): " + e.getMessage(), e);
        }
    }
}
