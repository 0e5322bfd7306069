package dev.interpolationlab.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the lab topics (and their dead-letter topics) if they do not exist, so that services can start in any
 * order. Partition counts matter: {@code lab.runs.requested} bounds how many trainers can work at once.
 * Topics that already exist are left as they are.
 */
public final class TopicBootstrap {

    static final String LARGE_RECORD_BYTES = Integer.toString(16 * 1024 * 1024);
    /**
     * 14 days: how long the analysis service (or its database) may be away before records it has not stored are
     * deleted unread. Past that, its consumers start again at the oldest record kept, and what was deleted is lost.
     */
    static final String RETENTION_MS = Long.toString(java.time.Duration.ofDays(14).toMillis());

    private TopicBootstrap() {
    }

    /**
     * The settings a lab topic is created with, beyond its partitions and replication (and what deploy/'s Strimzi
     * topics must match).
     */
    public static Map<String, String> settings(String topic) {
        return switch (topic) {
            // latest state per run only; a model's parameters can exceed the default 1 MB record limit
            case Topics.RUNS_CHECKPOINTS -> Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, LARGE_RECORD_BYTES);
            // the latest action per sweep is what counts; every trainer reads it from the beginning
            case Topics.SWEEPS_CONTROL -> Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            // an accepted sweep lists all its runs; a run request can carry an uploaded data set; a completed event
            // carries the final parameters. Until the analysis service has stored them these topics are the only copy,
            // so they are kept for RETENTION_MS whatever the broker's default.
            case Topics.SWEEPS, Topics.RUNS_REQUESTED, Topics.RUNS_EVENTS -> Map.of(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, LARGE_RECORD_BYTES, TopicConfig.RETENTION_MS_CONFIG, RETENTION_MS);
            case Topics.RUNS_METRICS -> Map.of(TopicConfig.RETENTION_MS_CONFIG, RETENTION_MS);
            default -> Map.of();
        };
    }

    /**
     * A write is acknowledged (producers use {@code acks=all}) once this many replicas hold it: a majority where a
     * partition has three or more copies, so that one broker can be lost without losing an acknowledged record or
     * refusing writes; one where it has fewer (two of two would stop every write while either broker is down).
     */
    public static int minInSyncReplicas(short replicationFactor) {
        return replicationFactor >= 3 ? replicationFactor / 2 + 1 : 1;
    }

    private static Map<String, String> withDurability(Map<String, String> settings, short replicationFactor) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSyncReplicas(replicationFactor)));
        return all;
    }

    /**
     * Creates what is missing, connecting with {@code clientConfig}: the services' Kafka client settings (bootstrap
     * servers and, where configured, TLS and SASL), of which the admin client takes those it knows. Run requests get
     * {@code runRequestPartitions}: as many as trainers may work at once for a consumer group, one for a share group
     * (the broker gives each of up to as many members as partitions partitions of its own, so only a single partition
     * makes one queue that every trainer takes from).
     */
    public static void ensureTopics(Map<String, ?> clientConfig, int partitions, int runRequestPartitions, short replicationFactor) {
        Properties props = new Properties();
        props.putAll(ClientSettings.known(clientConfig, AdminClientConfig.configNames()));
        Object bootstrapServers = props.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : Topics.ALL) {
                if (!existing.contains(topic)) {
                    int topicPartitions = topic.equals(Topics.RUNS_REQUESTED) ? runRequestPartitions : partitions;
                    missing.add(new NewTopic(topic, topicPartitions, replicationFactor)
                            .configs(withDurability(settings(topic), replicationFactor)));
                }
                String deadLetter = Topics.deadLetter(topic);
                if (!existing.contains(deadLetter)) {
                    missing.add(new NewTopic(deadLetter, 1, replicationFactor).configs(withDurability(Map.of(), replicationFactor)));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating topic " + name, e);
                } catch (TimeoutException e) {
                    throw new IllegalStateException("timed out creating topic " + name, e);
                }
            });
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + " to create the lab topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the lab topics", e);
        }
    }
}
