package dev.interpolationlab.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded Kafka broker, a node of an embedded Kafka cluster, or PostgreSQL as a background process of its
 * own for {@code ./lab up}, so that each can be stopped and started again while the rest of the lab runs (the
 * fault-tolerance tests restart the broker, or kill a cluster's leader, mid-sweep). Usage:
 * {@code InfraMain kafka|postgres DATA_DIR READY_FILE [PORT]} (port 0 or none picks a free one), or
 * {@code InfraMain kafka-node DATA_DIR READY_FILE NODE_ID}: node NODE_ID of the cluster planned in
 * {@link KafkaCluster#planFile DATA_DIR/kafka-cluster.properties}. When it answers it writes READY_FILE (the
 * bootstrap servers, or the JDBC settings); it stops on SIGTERM. Data stays in DATA_DIR: started again on the same
 * directory and port, each picks up where it stopped.
 */
public final class InfraMain {

    private InfraMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || !List.of("kafka", "kafka-node", "postgres").contains(args[0])
                || (args[0].equals("kafka-node") && args.length < 4)) {
            System.err.println("usage: InfraMain kafka|postgres DATA_DIR READY_FILE [PORT],"
                    + " or InfraMain kafka-node DATA_DIR READY_FILE NODE_ID");
            System.exit(2);
        }
        Path dataDir = Path.of(args[1]);
        Path readyFile = Path.of(args[2]);
        int port = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Files.createDirectories(dataDir);

        Properties ready = new Properties();
        AutoCloseable server;
        if (args[0].startsWith("kafka")) {
            EmbeddedKafka kafka;
            if (args[0].equals("kafka")) {
                kafka = EmbeddedKafka.start(dataDir, port);
            } else {
                int nodeId = port; // a cluster's node is named by its id; its ports are in the plan
                KafkaCluster cluster = KafkaCluster.read(KafkaCluster.planFile(dataDir));
                kafka = EmbeddedKafka.startNode(EmbeddedKafka.nodeLogDir(dataDir, nodeId), cluster, nodeId);
            }
            ready.setProperty("kafka.bootstrap.servers", kafka.bootstrapServers());
            server = kafka;
        } else {
            EmbeddedPostgres postgres = EmbeddedInfra.startPostgres(dataDir.resolve("postgres"), port);
            ready.setProperty("jdbc.url", EmbeddedInfra.jdbcUrl(postgres));
            ready.setProperty("jdbc.username", EmbeddedInfra.USER);
            ready.setProperty("jdbc.password", EmbeddedInfra.PASSWORD);
            server = postgres;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(readyFile);
                server.close();
            } catch (Exception e) {
                System.err.println(args[0] + " did not stop cleanly: " + e);
            } finally {
                stopped.countDown();
            }
        }, args[0] + "-shutdown"));
        writeReady(readyFile, ready);
        System.out.println("ready: " + ready);
        stopped.await();
    }

    private static void writeReady(Path readyFile, Properties ready) throws IOException {
        Path temporary = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
        try (var out = Files.newOutputStream(temporary)) {
            ready.store(out, "written by InfraMain when the server answers");
        }
        Files.move(temporary, readyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
