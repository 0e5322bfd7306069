package dev.interpolationlab.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * In-process KRaft brokers (one, or a cluster of several that replicates every partition) and a real PostgreSQL
 * server (a child process unpacked from Maven jars by zonky).
 */
final class EmbeddedInfra implements LabInfra {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final List<EmbeddedKafka> brokers;
    private final EmbeddedPostgres postgres;

    private EmbeddedInfra(List<EmbeddedKafka> brokers, EmbeddedPostgres postgres) {
        this.brokers = List.copyOf(brokers);
        this.postgres = postgres;
    }

    /** {@code brokers} Kafka nodes and PostgreSQL, on free ports. */
    static EmbeddedInfra start(Path dataDir, int brokers) throws Exception {
        EmbeddedPostgres postgres = startPostgres(dataDir.resolve("postgres"), 0);
        try {
            List<EmbeddedKafka> kafka = brokers == 1 ? List.of(EmbeddedKafka.start(dataDir, 0))
                    : EmbeddedKafka.startCluster(dataDir, KafkaCluster.plan(brokers, dataDir));
            return new EmbeddedInfra(kafka, postgres);
        } catch (Exception e) {
            postgres.close();
            throw e;
        }
    }

    static EmbeddedPostgres startPostgres(Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "100")
                // zonky's default is off: a commit then returns before its WAL is written, so PostgreSQL killed right
                // after loses writes the analysis service has already acknowledged to Kafka (FaultToleranceIT lost a step so)
                .setServerConfig("synchronous_commit", "on")
                // WAL is still written at every commit, so a killed process loses nothing; only an OS crash or power
                // loss could (the embedded store is a one-machine convenience; compose and Kubernetes keep fsync on)
                .setServerConfig("fsync", "off");
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    @Override
    public String kafkaBootstrapServers() {
        return brokers.get(0).bootstrapServers();
    }

    static String jdbcUrl(EmbeddedPostgres postgres) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    @Override
    public String jdbcUrl() {
        return jdbcUrl(postgres);
    }

    @Override
    public String jdbcUsername() {
        return USER;
    }

    @Override
    public String jdbcPassword() {
        return PASSWORD;
    }

    @Override
    public int kafkaBrokers() {
        return brokers.size();
    }

    @Override
    public String description() {
        return "embedded KRaft " + (brokers.size() == 1 ? "broker" : "cluster of " + brokers.size()) + " at " + kafkaBootstrapServers()
                + " and PostgreSQL at " + jdbcUrl();
    }

    @Override
    public void close() {
        try {
            // together: a node that stops last, alone, would wait for a quorum that has gone
            brokers.parallelStream().forEach(EmbeddedKafka::close);
        } finally {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new IllegalStateException("PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
