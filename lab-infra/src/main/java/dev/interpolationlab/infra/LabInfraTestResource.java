package dev.interpolationlab.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Quarkus test resource: one real Kafka cluster (one broker, or as many as {@code LAB_KAFKA_BROKERS} says) and one
 * real PostgreSQL per test JVM (see {@link LabInfra#start}), shared by every test class that names this resource, and
 * stopped when the JVM exits. The services create their topics with as many replicas as the cluster allows, up to 3.
 */
public class LabInfraTestResource implements QuarkusTestResourceLifecycleManager {

    private static LabInfra shared;

    public static synchronized LabInfra infra() {
        if (shared == null) {
            try {
                shared = LabInfra.start(Files.createTempDirectory("lab-infra-test"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LabInfra started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "lab-infra-stop"));
        }
        return shared;
    }

    @Override
    public Map<String, String> start() {
        LabInfra infra = infra();
        return Map.of(
                "kafka.bootstrap.servers", infra.kafkaBootstrapServers(),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl(),
                "quarkus.datasource.username", infra.jdbcUsername(),
                "quarkus.datasource.password", infra.jdbcPassword(),
                "lab.kafka.replication-factor", Short.toString(infra.kafkaReplicationFactor()));
    }

    @Override
    public void stop() {
        // Shared across test classes of this JVM; stopped by the shutdown hook.
    }
}
