package dev.interpolationlab.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An in-process KRaft broker and a real PostgreSQL server (a child process unpacked from Maven jars by zonky). */
final class EmbeddedInfra implements LabInfra {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgres postgres;

    private EmbeddedInfra(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /** Ports 0 pick free ones. */
    static EmbeddedInfra start(Path dataDir, int kafkaPort, int postgresPort) throws Exception {
        EmbeddedPostgres postgres = startPostgres(dataDir.resolve("postgres"), postgresPort);
        try {
            return new EmbeddedInfra(EmbeddedKafka.start(dataDir, kafkaPort), postgres);
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
                .setServerConfig("fsync", "off");
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
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
    public String description() {
        return "embedded KRaft broker at " + kafkaBootstrapServers() + " and PostgreSQL at " + jdbcUrl();
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new IllegalStateException("PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
