package dev.interpolationlab.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded Kafka broker and PostgreSQL as one background process for {@code ./lab up}.
 * Usage: {@code InfraMain DATA_DIR READY_FILE [KAFKA_PORT [POSTGRES_PORT]]} (port 0 picks a free one).
 * When both answer it writes READY_FILE (bootstrap servers and JDBC settings); it stops on SIGTERM.
 */
public final class InfraMain {

    private InfraMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: InfraMain DATA_DIR READY_FILE [KAFKA_PORT [POSTGRES_PORT]]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]);
        Path readyFile = Path.of(args[1]);
        int kafkaPort = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int postgresPort = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Files.createDirectories(dataDir);

        EmbeddedInfra infra = EmbeddedInfra.start(dataDir, kafkaPort, postgresPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(readyFile);
                infra.close();
            } catch (Exception e) {
                System.err.println("infra did not stop cleanly: " + e);
            } finally {
                stopped.countDown();
            }
        }, "infra-shutdown"));
        writeReady(readyFile, infra);
        System.out.println("ready: " + infra.description());
        stopped.await();
    }

    private static void writeReady(Path readyFile, LabInfra infra) throws IOException {
        Properties ready = new Properties();
        ready.setProperty("kafka.bootstrap.servers", infra.kafkaBootstrapServers());
        ready.setProperty("jdbc.url", infra.jdbcUrl());
        ready.setProperty("jdbc.username", infra.jdbcUsername());
        ready.setProperty("jdbc.password", infra.jdbcPassword());
        Path temporary = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
        try (var out = Files.newOutputStream(temporary)) {
            ready.store(out, "written by InfraMain when Kafka and PostgreSQL answer");
        }
        Files.move(temporary, readyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
