package dev.interpolationlab.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import dev.interpolationlab.wire.TopicBootstrap;

/**
 * The layout of a KRaft cluster on this machine: nodes 1..N, each a broker and a voter of the metadata quorum, the
 * ports they listen on and the cluster id their logs are formatted with. Whoever starts the cluster plans it once;
 * every node reads the same plan, so a node started again finds its peers where they were.
 */
public record KafkaCluster(String clusterId, List<Integer> brokerPorts, List<Integer> controllerPorts) {

    private static final String HOST = "127.0.0.1";

    public KafkaCluster {
        if (brokerPorts.isEmpty() || brokerPorts.size() != controllerPorts.size()) {
            throw new IllegalArgumentException("a cluster needs a broker and a controller port per node: " + brokerPorts + ", "
                    + controllerPorts);
        }
        brokerPorts = List.copyOf(brokerPorts);
        controllerPorts = List.copyOf(controllerPorts);
    }

    /**
     * {@code nodes} nodes on free ports, logging under {@code dataDir} ({@link EmbeddedKafka#nodeLogDir}): the
     * cluster id their logs were formatted with if they were, so that a cluster started again keeps its data.
     */
    public static KafkaCluster plan(int nodes, Path dataDir) {
        try {
            return plan(nodes, EmbeddedKafka.clusterId(EmbeddedKafka.nodeLogDir(dataDir, 1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KafkaCluster plan(int nodes, String clusterId) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a cluster has at least one node, not " + nodes);
        }
        List<Integer> brokers = new ArrayList<>();
        List<Integer> controllers = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            brokers.add(FreePorts.pick());
            controllers.add(FreePorts.pick());
        }
        return new KafkaCluster(clusterId, brokers, controllers);
    }

    /** Where a cluster started by {@code ./lab up} keeps its plan, beside the nodes' logs. */
    public static Path planFile(Path dataDir) {
        return dataDir.resolve("kafka-cluster.properties");
    }

    public int nodes() {
        return brokerPorts.size();
    }

    /** Every broker, so that a client still connects while one of them is down. */
    public String bootstrapServers() {
        return brokerPorts.stream().map(port -> HOST + ":" + port).collect(Collectors.joining(","));
    }

    String brokerListener(int nodeId) {
        return HOST + ":" + brokerPorts.get(nodeId - 1);
    }

    String controllerListener(int nodeId) {
        return HOST + ":" + controllerPorts.get(nodeId - 1);
    }

    /** The static quorum: every node votes ({@code 1@host:port,2@host:port,...}). */
    String quorumVoters() {
        return IntStream.rangeClosed(1, nodes()).mapToObj(node -> node + "@" + controllerListener(node)).collect(Collectors.joining(","));
    }

    /** Three copies of every partition where there are three brokers, else one per broker. */
    public short replicationFactor() {
        return replicationFactor(nodes());
    }

    public static short replicationFactor(int brokers) {
        return (short) Math.min(3, brokers);
    }

    /** The brokers' default for every topic, internal ones included: the same rule as the lab's own topics. */
    public int minInSyncReplicas() {
        return TopicBootstrap.minInSyncReplicas(replicationFactor());
    }

    public void write(Path file) {
        Properties properties = new Properties();
        properties.setProperty("cluster.id", clusterId);
        properties.setProperty("broker.ports", join(brokerPorts));
        properties.setProperty("controller.ports", join(controllerPorts));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                properties.store(out, "the KRaft cluster of this lab: one broker and controller per port pair");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static KafkaCluster read(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster plan " + file, e);
        }
        return new KafkaCluster(properties.getProperty("cluster.id"), ports(properties.getProperty("broker.ports")),
                ports(properties.getProperty("controller.ports")));
    }

    private static String join(List<Integer> ports) {
        return ports.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static List<Integer> ports(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }
}
