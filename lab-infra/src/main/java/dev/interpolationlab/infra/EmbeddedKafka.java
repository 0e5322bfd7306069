package dev.interpolationlab.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka node in KRaft mode (a broker and a controller in one) running in this JVM: the same server code
 * as a production broker, started from the kafka_2.13 Maven artifact. Alone it is the lab's default one-broker
 * cluster; several, each in a process of its own ({@link InfraMain}) or in one JVM ({@link #startCluster}), form a
 * cluster that replicates every partition.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final String SHARE_VERSION = "share.version";

    /** The SCRAM mechanism of the lab's Kubernetes deployment (deploy/k8s/base/kafka.yaml). */
    public static final String SCRAM = "SCRAM-SHA-512";

    private final KafkaRaftServer server;
    private final KafkaCluster cluster;
    private final String scramBootstrapServers;

    private EmbeddedKafka(KafkaRaftServer server, KafkaCluster cluster, String scramBootstrapServers) {
        this.server = server;
        this.cluster = cluster;
        this.scramBootstrapServers = scramBootstrapServers;
    }

    /** Starts a one-node cluster on {@code port} (0 picks a free one) with its log in {@code dataDir}, formatting it on first use. */
    public static EmbeddedKafka start(Path dataDir, int port) throws Exception {
        Path logDir = dataDir.resolve("kafka");
        Files.createDirectories(logDir);
        KafkaCluster single = new KafkaCluster(clusterId(logDir), List.of(port == 0 ? FreePorts.pick() : port), List.of(FreePorts.pick()));
        return startNode(logDir, single, 1);
    }

    /**
     * Starts node {@code nodeId} (1-based) of {@code cluster} with its log in {@code logDir}, formatting it on first
     * use. Returns once the node serves, which in a cluster of several takes a quorum of them: start its peers at
     * the same time.
     */
    public static EmbeddedKafka startNode(Path logDir, KafkaCluster cluster, int nodeId) throws Exception {
        return startNode(logDir, cluster, nodeId, null);
    }

    /**
     * A one-node cluster that enforces ACLs, as the lab's Kubernetes deployment does: clients sign in with
     * SCRAM-SHA-512 on {@link #scramBootstrapServers()} and may do only what ACLs allow them; the plaintext listener
     * ({@link #bootstrapServers()}) is the operator's, a super user that creates the users, their ACLs and the topics.
     */
    public static EmbeddedKafka startWithAcls(Path dataDir) throws Exception {
        Path logDir = dataDir.resolve("kafka");
        KafkaCluster single = new KafkaCluster(clusterId(logDir), List.of(FreePorts.pick()), List.of(FreePorts.pick()));
        return startNode(logDir, single, 1, "127.0.0.1:" + FreePorts.pick());
    }

    private static EmbeddedKafka startNode(Path logDir, KafkaCluster cluster, int nodeId, String scramListener) throws Exception {
        Files.createDirectories(logDir);
        String replicas = Short.toString(cluster.replicationFactor());
        String minInSync = Integer.toString(cluster.minInSyncReplicas());
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", cluster.quorumVoters());
        props.put("listeners", "PLAINTEXT://" + cluster.brokerListener(nodeId) + ",CONTROLLER://" + cluster.controllerListener(nodeId));
        props.put("advertised.listeners", "PLAINTEXT://" + cluster.brokerListener(nodeId));
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        // the internal topics (group offsets, transactions, share-group state) as safe as the lab's own
        props.put("default.replication.factor", replicas);
        props.put("min.insync.replicas", minInSync);
        props.put("offsets.topic.replication.factor", replicas);
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", replicas);
        props.put("transaction.state.log.min.isr", minInSync);
        props.put("share.coordinator.state.topic.replication.factor", replicas);
        props.put("share.coordinator.state.topic.min.isr", minInSync);
        props.put("share.coordinator.state.topic.num.partitions", "4");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("log.flush.interval.messages", "1000000");
        if (scramListener != null) {
            props.put("listeners", props.get("listeners") + ",SASL_PLAINTEXT://" + scramListener);
            props.put("advertised.listeners", props.get("advertised.listeners") + ",SASL_PLAINTEXT://" + scramListener);
            props.put("listener.security.protocol.map", props.get("listener.security.protocol.map") + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
            props.put("sasl.enabled.mechanisms", SCRAM);
            props.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            // the plaintext and controller listeners sign no one in: that is the operator, and the node itself
            props.put("super.users", "User:ANONYMOUS");
        }

        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(nodeId)
                .setClusterId(cluster.clusterId())
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setControllerListenerName("CONTROLLER")
                .setIgnoreFormatted(true)
                .run();

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        EmbeddedKafka kafka = new EmbeddedKafka(server, cluster, scramListener);
        kafka.enableShareGroups();
        return kafka;
    }

    /**
     * Every node of {@code cluster} in this JVM, each logging to {@code dataDir/kafka-<node>}: started together, as
     * each waits for a quorum of the others.
     */
    public static List<EmbeddedKafka> startCluster(Path dataDir, KafkaCluster cluster) throws Exception {
        ExecutorService starting = Executors.newFixedThreadPool(cluster.nodes());
        try {
            List<Future<EmbeddedKafka>> nodes = new ArrayList<>();
            for (int node = 1; node <= cluster.nodes(); node++) {
                int nodeId = node;
                nodes.add(starting.submit(() -> startNode(nodeLogDir(dataDir, nodeId), cluster, nodeId)));
            }
            List<EmbeddedKafka> started = new ArrayList<>();
            Exception failure = null;
            for (Future<EmbeddedKafka> node : nodes) {
                try {
                    started.add(node.get(3, TimeUnit.MINUTES));
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    failure = failure == null ? new IllegalStateException("a Kafka node did not start: " + e.getMessage(), e) : failure;
                }
            }
            if (failure != null) {
                started.forEach(EmbeddedKafka::close);
                throw failure;
            }
            return started;
        } finally {
            starting.shutdownNow();
        }
    }

    /** Where node {@code nodeId} of a cluster of several keeps its log. */
    public static Path nodeLogDir(Path dataDir, int nodeId) {
        return dataDir.resolve("kafka-" + nodeId);
    }

    /**
     * Trainers take runs from a share group (KIP-932), which needs the {@code share.version} feature: a cluster
     * formatted by this version has it, one formatted by Kafka 4.1 (a lab data directory from before) is upgraded.
     */
    private void enableShareGroups() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            FeatureMetadata features = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS);
            short supported = features.supportedFeatures().get(SHARE_VERSION).maxVersion();
            FinalizedVersionRange finalized = features.finalizedFeatures().get(SHARE_VERSION);
            if (finalized == null || finalized.maxVersionLevel() < supported) {
                admin.updateFeatures(Map.of(SHARE_VERSION, new FeatureUpdate(supported, FeatureUpdate.UpgradeType.UPGRADE)),
                        new UpdateFeaturesOptions()).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The cluster id stored by an earlier start in the same directory, or a new one: a restart keeps its data. */
    static String clusterId(Path logDir) throws IOException {
        Path meta = logDir.resolve("meta.properties");
        if (Files.exists(meta)) {
            Properties stored = new Properties();
            try (var in = Files.newInputStream(meta)) {
                stored.load(in);
            }
            String id = stored.getProperty("cluster.id");
            if (id != null) {
                return id;
            }
        }
        return Uuid.randomUuid().toString();
    }

    /** The whole cluster's brokers. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Where clients sign in with {@link #SCRAM}, on a node started by {@link #startWithAcls}. */
    public String scramBootstrapServers() {
        if (scramBootstrapServers == null) {
            throw new IllegalStateException("this node has no SCRAM listener: start it with startWithAcls");
        }
        return scramBootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

}
