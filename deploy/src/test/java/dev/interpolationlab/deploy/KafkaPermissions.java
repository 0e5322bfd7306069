package dev.interpolationlab.deploy;

import dev.interpolationlab.wire.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a lab service does on Kafka, as ACL entries {@code type:patternType:name:Operation}: derived from its
 * application.properties (each channel's topic, consumer group and dead-letter topic) and from the clients it makes
 * in code, which are named here with the class that makes them. Read and Write imply Describe, as in Kafka's
 * authorizer, so they are not listed again.
 */
final class KafkaPermissions {

    /** A placeholder resolved at start to something new per instance: the group names a prefix, not one group. */
    private static final String PER_INSTANCE = "${quarkus.uuid}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");
    private static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(topic|group\\.id|dead-letter-queue\\.topic)");

    private KafkaPermissions() {
    }

    /** Every permission the service's Kafka clients need. */
    static Set<String> neededBy(String service) {
        Map<String, String> properties = properties(service);
        Set<String> needed = new TreeSet<>();
        // TopicBootstrap lists the lab topics at every start
        needed.add(topicPrefix(labTopicPrefix(), "Describe"));
        properties.forEach((key, value) -> {
            Matcher channel = CHANNEL.matcher(key);
            if (!channel.matches()) {
                return;
            }
            String resolved = resolve(value, properties);
            switch (channel.group(3)) {
                case "topic" -> needed.add(topic(resolved, channel.group(1).equals("incoming") ? "Read" : "Write"));
                case "group.id" -> needed.add(group(resolved, "Read"));
                default -> needed.add(topic(resolved, "Write"));
            }
        });
        switch (service) {
            case "gateway" -> {
                // messaging/SweepPublisher: a submission, a retry or a cancel is one transaction, as gateway-<host>-<port>
                List.of(Topics.SWEEPS, Topics.RUNS_REQUESTED, Topics.SWEEPS_CONTROL).forEach(topic -> needed.add(topic(topic, "Write")));
                needed.add("transactionalId:prefix:gateway-:Write");
            }
            case "trainer-service" -> {
                // messaging/ShareGroupDispatch: a share consumer, the group's settings, and the broker's delivery limit
                String shareGroup = resolve(properties.get("lab.trainer.share-group.id"), properties);
                needed.add(topic(Topics.RUNS_REQUESTED, "Read"));
                needed.add(group(shareGroup, "Read"));
                needed.add(group(shareGroup, "AlterConfigs"));
                needed.add("cluster:literal:kafka-cluster:DescribeConfigs");
            }
            default -> {
                // the analysis service's clients are all channels
            }
        }
        return needed;
    }

    /** A Strimzi KafkaUser's ACLs ({@code spec.authorization.acls}), one entry per operation. */
    static Set<String> granted(List<Object> acls) {
        Set<String> granted = new TreeSet<>();
        for (Object acl : acls) {
            Map<String, Object> resource = Yaml.map(Yaml.map(acl).get("resource"));
            String type = resource.get("type").toString();
            String pattern = String.valueOf(resource.getOrDefault("patternType", "literal"));
            // Strimzi's cluster resource has no name; Kafka calls it kafka-cluster
            String name = type.equals("cluster") ? "kafka-cluster" : resource.get("name").toString();
            for (Object operation : Yaml.list(Yaml.map(acl).get("operations"))) {
                granted.add(type + ":" + pattern + ":" + name + ":" + operation);
            }
        }
        return granted;
    }

    /** The prefix every lab topic shares (and its dead-letter topics). */
    static String labTopicPrefix() {
        String prefix = "lab.";
        for (String topic : Topics.ALL) {
            if (!topic.startsWith(prefix) || !Topics.deadLetter(topic).startsWith(prefix)) {
                throw new IllegalStateException(topic + " does not start with " + prefix);
            }
        }
        return prefix;
    }

    private static String topic(String name, String operation) {
        return "topic:literal:" + name + ":" + operation;
    }

    private static String topicPrefix(String prefix, String operation) {
        return "topic:prefix:" + prefix + ":" + operation;
    }

    private static String group(String resolved, String operation) {
        int perInstance = resolved.indexOf(PER_INSTANCE);
        return perInstance < 0 ? "group:literal:" + resolved + ":" + operation
                : "group:prefix:" + resolved.substring(0, perInstance) + ":" + operation;
    }

    /** The service's properties as its default profile reads them (no %profile. entries, no comments). */
    static Map<String, String> properties(String service) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : Repository.read(Repository.root().resolve(service).resolve("src/main/resources/application.properties")).split("\n")) {
            String trimmed = line.trim();
            int equals = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("%") || equals < 0) {
                continue;
            }
            properties.put(trimmed.substring(0, equals).trim(), trimmed.substring(equals + 1).trim());
        }
        return properties;
    }

    /**
     * A value with its ${property} references replaced by the properties' values and ${VARIABLE:default} by the
     * default (the environment of a plain start); {@link #PER_INSTANCE} is kept.
     */
    static String resolve(String value, Map<String, String> properties) {
        Matcher placeholder = PLACEHOLDER.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            String name = placeholder.group(1);
            String replacement;
            if (placeholder.group().equals(PER_INSTANCE)) {
                replacement = PER_INSTANCE;
            } else if (properties.containsKey(name)) {
                replacement = resolve(properties.get(name), properties);
            } else if (placeholder.group(2) != null) {
                replacement = resolve(placeholder.group(2), properties);
            } else {
                throw new IllegalStateException("cannot resolve " + placeholder.group() + " in " + value);
            }
            placeholder.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        placeholder.appendTail(resolved);
        return resolved.toString();
    }
}
