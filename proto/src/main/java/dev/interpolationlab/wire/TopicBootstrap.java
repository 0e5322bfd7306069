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

    private TopicBootstrap() {
    }

    public static void ensureTopics(String bootstrapServers, int partitions, short replicationFactor) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : Topics.ALL) {
                if (!existing.contains(topic)) {
                    NewTopic newTopic = new NewTopic(topic, partitions, replicationFactor);
                    if (topic.equals(Topics.RUNS_CHECKPOINTS)) {
                        // latest state per run only; a model's parameters can exceed the default 1 MB record limit
                        newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, LARGE_RECORD_BYTES));
                    } else if (topic.equals(Topics.SWEEPS_CONTROL)) {
                        // the latest action per sweep is what counts; every trainer reads it from the beginning
                        newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                    } else if (topic.equals(Topics.SWEEPS) || topic.equals(Topics.RUNS_REQUESTED) || topic.equals(Topics.RUNS_EVENTS)) {
                        // an accepted sweep lists all its runs; a run request can carry an uploaded data set; a
                        // completed event carries the final parameters
                        newTopic.configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, LARGE_RECORD_BYTES));
                    }
                    missing.add(newTopic);
                }
                String deadLetter = Topics.deadLetter(topic);
                if (!existing.contains(deadLetter)) {
                    missing.add(new NewTopic(deadLetter, 1, replicationFactor));
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
