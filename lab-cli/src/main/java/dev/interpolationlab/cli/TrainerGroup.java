package dev.interpolationlab.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * The trainers as Kafka sees them: the members of the consumer group they take runs from ({@code lab-trainers}, the
 * default), or of the share group ({@code lab-trainer-queue}, {@code LAB_TRAINER_DISPATCH=share-group}).
 */
public enum TrainerGroup {
    SHARE_GROUP("share-group", "lab-trainer-queue"),
    CONSUMER_GROUP("consumer-group", "lab-trainers");

    /** The value of {@code LAB_TRAINER_DISPATCH} that selects it. */
    public final String dispatch;
    public final String groupId;

    TrainerGroup(String dispatch, String groupId) {
        this.dispatch = dispatch;
        this.groupId = groupId;
    }

    /** Waits until {@code trainers} members hold partitions of the run requests; false if they do not within {@code seconds}. */
    public boolean awaitMembers(String bootstrapServers, int trainers, int seconds) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                if (membersWithPartitions(admin) == trainers) {
                    return true;
                }
                Thread.sleep(250);
            }
        }
        return false;
    }

    private int membersWithPartitions(Admin admin) throws Exception {
        if (this == SHARE_GROUP) {
            var members = admin.describeShareGroups(List.of(groupId)).all().get().get(groupId).members();
            return (int) members.stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
        }
        var members = admin.describeConsumerGroups(List.of(groupId)).all().get().get(groupId).members();
        return (int) members.stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
    }
}
