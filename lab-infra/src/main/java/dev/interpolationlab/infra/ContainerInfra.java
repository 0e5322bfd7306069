package dev.interpolationlab.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Kafka (apache/kafka, KRaft) and PostgreSQL containers, for machines where a Docker engine answers. */
final class ContainerInfra implements LabInfra {

    static final String KAFKA_IMAGE = "apache/kafka:4.2.1";
    static final String POSTGRES_IMAGE = "postgres:16-alpine";

    private final KafkaContainer kafka;
    private final PostgreSQLContainer postgres;

    private ContainerInfra(KafkaContainer kafka, PostgreSQLContainer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /**
     * Asks Testcontainers only when there is a sign of an engine, because its probe logs an ERROR when none
     * answers (platform-notes.md).
     */
    static boolean dockerAnswers() {
        boolean hint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        try {
            return hint && DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static ContainerInfra start() {
        // one broker: the share groups' state topic cannot have the default replication factor 3
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE);
        kafka.start();
        try {
            postgres.start();
        } catch (RuntimeException e) {
            kafka.stop();
            throw e;
        }
        return new ContainerInfra(kafka, postgres);
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String jdbcUrl() {
        return postgres.getJdbcUrl();
    }

    @Override
    public String jdbcUsername() {
        return postgres.getUsername();
    }

    @Override
    public String jdbcPassword() {
        return postgres.getPassword();
    }

    @Override
    public String description() {
        return "containers " + KAFKA_IMAGE + " at " + kafkaBootstrapServers() + " and " + POSTGRES_IMAGE + " at " + jdbcUrl();
    }

    @Override
    public void close() {
        try {
            kafka.stop();
        } finally {
            postgres.stop();
        }
    }
}
