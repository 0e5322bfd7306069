package dev.interpolationlab.trainer.messaging;

import dev.interpolationlab.proto.v1.RunRequest;
import dev.interpolationlab.runtime.DeadLetters;
import dev.interpolationlab.trainer.messaging.RunAttempts.Outcome;
import dev.interpolationlab.wire.ClientSettings;
import dev.interpolationlab.wire.PoisonRecordException;
import dev.interpolationlab.wire.ProtoCodec;
import dev.interpolationlab.wire.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidRecordStateException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Trainers take run requests from {@code lab.runs.requested} as one share group (KIP-932, "Queues for Kafka"): every
 * trainer reads every partition, the broker hands each request to one of them under an acquisition lock, and a free
 * trainer takes the next queued run, so trainers scale past the partition count and none idles while runs are
 * queued. SmallRye's Kafka connector of this Quarkus release has no share groups, so this is a plain
 * {@link KafkaShareConsumer} on a thread of its own; the training runs on a second thread while this one keeps the
 * lock.
 *
 * <p>One request at a time ({@code share.acquire.mode=record_limit}, {@code max.poll.records=1}). While its run
 * trains, the request is acknowledged {@code RENEW} every third of the lock ({@code lab.trainer.share-group.lock}),
 * so a run of hours is never delivered twice while its trainer lives, and a trainer killed with it loses the lock
 * within one lock duration, when the broker delivers the request to another trainer, which resumes from the
 * checkpoint. A run done with is {@code ACCEPT}ed; one to retry, or left by a stopping trainer, is {@code RELEASE}d
 * for the next delivery. The broker counts deliveries and archives a request whose last delivery
 * ({@code group.share.delivery.count.limit}, 5 by default) is released or lost; {@link RunAttempts} counts attempts,
 * and gives back those that Kafka or a stopping trainer ended, so a run may need more deliveries than the broker
 * allows: a request delivered for the last time but one is queued anew with a fresh count ({@link #requeues}) and
 * accepted, and only the lab's retry budget gives a run up. A record that is not a run request goes to the
 * dead-letter topic with the reason and is {@code REJECT}ed. A trainer that can no longer renew
 * its lock (the broker says so, or a whole lock passed without a renewal) abandons the run within a step and
 * rejoins the group with a new consumer.
 */
@ApplicationScoped
public class ShareGroupDispatch {

    static final String SHARE_GROUP = "share-group";
    static final int DEFAULT_DELIVERY_LIMIT = 5;
    private static final Logger LOG = Logger.getLogger(ShareGroupDispatch.class);

    @Inject
    RunAttempts attempts;

    @Inject
    RunPublisher publisher;

    @Inject
    DeadLetters deadLetters;

    @ConfigProperty(name = "lab.trainer.dispatch")
    String dispatch;

    /** The Kafka client settings every channel uses (the kafka.* configuration: bootstrap servers, TLS, SASL). */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "mp.messaging.incoming.run-requests.topic")
    String topic;

    @ConfigProperty(name = "lab.trainer.share-group.id")
    String groupId;

    /** The acquisition lock on a request (the share group's {@code share.record.lock.duration.ms}). */
    @ConfigProperty(name = "lab.trainer.share-group.lock")
    Duration lock;

    @ConfigProperty(name = "lab.trainer.id")
    String trainerId;

    /** The broker's {@code group.share.delivery.count.limit}, read at start (Kafka's default until then). */
    private int deliveryLimit = DEFAULT_DELIVERY_LIMIT;
    private volatile boolean stopped;
    /** The request this trainer holds, if any; the dispatch thread's alone. */
    private Held held;
    private Thread thread;
    private volatile KafkaShareConsumer<String, byte[]> consumer;
    private final ExecutorService training = Executors.newSingleThreadExecutor(r -> new Thread(r, "run-training"));

    void start(@Observes StartupEvent startup) throws Exception {
        if (!SHARE_GROUP.equals(dispatch)) {
            return;
        }
        configureGroup();
        consumer = subscribed();
        thread = new Thread(this::dispatch, "run-dispatch");
        thread.start();
        LOG.infof("trainer %s takes runs from share group %s on %s", trainerId, groupId, topic);
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        attempts.stop();
        if (thread != null) {
            stopped = true;
            consumer.wakeup();
            thread.join(TimeUnit.SECONDS.toMillis(25));
        }
        training.shutdownNow();
    }

    /** Whether this trainer takes runs: false once its dispatch thread has ended (the liveness check reads it). */
    boolean dispatching() {
        return !SHARE_GROUP.equals(dispatch) || (thread != null && thread.isAlive()) || stopped;
    }

    /**
     * The group's own settings, set before its first member joins: a new group starts at the earliest request
     * (the broker's default, latest, would skip runs requested before any trainer started), committed requests only
     * (a submission is one transaction: an aborted one must not be trained), and the lock. Warns if
     * the run requests are spread over partitions.
     */
    private void configureGroup() throws Exception {
        try (Admin admin = Admin.create(ClientSettings.known(kafka, AdminClientConfig.configNames()))) {
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
            Collection<AlterConfigOp> settings = List.of(
                    new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("share.isolation.level", "read_committed"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms", Long.toString(lock.toMillis())), AlterConfigOp.OpType.SET));
            admin.incrementalAlterConfigs(Map.of(group, settings)).all().get(30, TimeUnit.SECONDS);
            warnIfPartitioned(admin);
            deliveryLimit = deliveryLimit(admin);
        }
    }

    /** A topic of several partitions is no single queue (measured with Kafka 4.2.1: 8 members on 8 partitions get one each). */
    private void warnIfPartitioned(Admin admin) throws InterruptedException, TimeoutException {
        int partitions;
        try {
            partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
        } catch (ExecutionException e) {
            LOG.debugf("cannot describe %s yet: %s", topic, e.getCause().getMessage());
            return;
        }
        if (partitions > 1) {
            LOG.warnf("%s has %d partitions: while there are no more trainers than partitions the broker gives each trainer"
                    + " partitions of its own, and runs queued on one wait while the trainers of another idle;"
                    + " create it with one partition (LAB_KAFKA_RUN_REQUEST_PARTITIONS=1) for one queue", topic, partitions);
        }
    }

    /** The brokers' delivery limit, as a broker reports it; Kafka's default if none says. */
    private static int deliveryLimit(Admin admin) throws InterruptedException, TimeoutException {
        try {
            String broker = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().idString();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
            ConfigEntry limit = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get("group.share.delivery.count.limit");
            return limit == null || limit.value() == null ? DEFAULT_DELIVERY_LIMIT : Integer.parseInt(limit.value());
        } catch (ExecutionException | RuntimeException e) {
            // a warning: a broker whose limit differs from the default would have its runs' retry budgets misjudged
            LOG.warnf("cannot read the brokers' delivery limit (%s; with ACLs, the trainer's user needs DescribeConfigs on the cluster):"
                    + " taking Kafka's default, %d", e.getMessage(), DEFAULT_DELIVERY_LIMIT);
            return DEFAULT_DELIVERY_LIMIT;
        }
    }

    /**
     * Whether a request delivered {@code delivered} times is queued anew rather than trained: at the last delivery
     * but one, so that neither this delivery nor the last is one whose loss (a broker restart, a trainer killed)
     * makes the broker archive a run that still has attempts left.
     */
    static boolean requeues(int delivered, int limit) {
        return delivered >= Math.max(2, limit - 1);
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.putAll(ClientSettings.known(kafka, ConsumerConfig.configNames()));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, trainerId + "-runs");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        props.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        return props;
    }

    private void dispatch() {
        try {
            while (!stopped) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                        held = take(record);
                        if (held != null && !hold()) {
                            replaceConsumer();
                            break;
                        }
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // the broker or the dead-letter topic failed: poll again (a run in training goes on)
                    LOG.errorf(e, "run dispatch failed; polling again");
                    Thread.sleep(1000);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            release();
        }
    }

    /**
     * Keeps the lock on the held request while its run trains, then acknowledges the request by the run's outcome;
     * false if the lock was lost and the run abandoned.
     * The lock is renewed with {@code commitSync} and the renewed record taken back with a poll once the renewal is
     * done, so that the consumer never fetches while it holds a request: a fetch then would acquire the next request,
     * whose lock would expire in the client's buffer, and the broker would deliver it to this trainer again after
     * its run (measured with Kafka 4.2.1 and 4.4.0: a record so taken is delivered again after its ACCEPT).
     */
    private boolean hold() {
        Duration wait = Duration.ofSeconds(1);
        while (!stopped) {
            Outcome outcome = held.await(wait);
            if (outcome != null) {
                acknowledge(outcome == Outcome.DONE ? AcknowledgeType.ACCEPT : AcknowledgeType.RELEASE);
                held = null;
                return true;
            }
            if (!renew()) {
                LOG.warnf("trainer %s no longer holds the request %s: abandoning its run", trainerId, held);
                attempts.abandon();
                held.await(Duration.ofSeconds(30));
                held = null;
                return false;
            }
            wait = lock.dividedBy(3);
        }
        return true;
    }

    /**
     * A new member in place of one that lost its lock. Measured with Kafka 4.2.1: a consumer that held a renewed
     * record through a broker restart delivers nothing more to the application, while its background fetches keep
     * acquiring records that expire unseen (their delivery counts climbing to the limit); a new consumer gets them.
     */
    private void replaceConsumer() {
        LOG.infof("trainer %s rejoins share group %s with a new consumer", trainerId, groupId);
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debugf("closing the old consumer: %s", e.getMessage());
        }
        consumer = subscribed();
    }

    private KafkaShareConsumer<String, byte[]> subscribed() {
        KafkaShareConsumer<String, byte[]> created = new KafkaShareConsumer<>(consumerProperties());
        created.subscribe(List.of(topic));
        return created;
    }

    /**
     * Renews the lock on the held request, trying again while the lock may still be held (a broker restart, a
     * network blip); false once it has surely expired, or the broker says this trainer no longer holds the record.
     */
    private boolean renew() {
        while (System.nanoTime() - held.renewedNanos < lock.toNanos()) {
            try {
                consumer.acknowledge(held.record, AcknowledgeType.RENEW);
                Optional<KafkaException> failure = failureOf(consumer.commitSync(lock.dividedBy(3)));
                if (failure.isPresent() && failure.get() instanceof InvalidRecordStateException) {
                    return false;
                }
                if (failure.isEmpty() && takeBack()) {
                    held.renewedNanos = System.nanoTime();
                    return true;
                }
            } catch (WakeupException e) {
                throw e;
            } catch (IllegalStateException | KafkaException e) {
                // the record is not waiting for an acknowledgement (a failed renewal): poll it back, try again
                LOG.debugf("renewing %s failed: %s", held, e.getMessage());
                takeBack();
            }
        }
        return false;
    }

    /** Polls until the held record is back (a renewed record is returned again), for at most a third of the lock. */
    private boolean takeBack() {
        long deadline = System.nanoTime() + lock.dividedBy(3).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (held.is(record)) {
                    held.record = record;
                    return true;
                }
                // not expected while one record is held: leave it to another trainer
                LOG.warnf("request %s-%d@%d delivered while %s trains: released", record.topic(), record.partition(), record.offset(), held);
                consumer.acknowledge(record, AcknowledgeType.RELEASE);
            }
        }
        return false;
    }

    private void acknowledge(AcknowledgeType type) {
        consumer.acknowledge(held.record, type);
        failureOf(consumer.commitSync(Duration.ofSeconds(10)))
                .ifPresent(e -> LOG.warnf("acknowledging %s %s failed: %s", held, type, e.getMessage()));
    }

    private static Optional<KafkaException> failureOf(Map<TopicIdPartition, Optional<KafkaException>> results) {
        return results.values().stream().flatMap(Optional::stream).findFirst();
    }

    /** At shutdown: attempts.stop() has stopped the run within a step, after its checkpoint; the request goes back. */
    private void release() {
        try {
            if (held != null) {
                Outcome outcome = held.await(Duration.ofSeconds(20));
                AcknowledgeType type = outcome == Outcome.DONE ? AcknowledgeType.ACCEPT : AcknowledgeType.RELEASE;
                try {
                    acknowledge(type);
                } catch (IllegalStateException renewing) {
                    // stopped during a renewal: the record is acknowledgeable once it is back
                    if (!takeBack()) {
                        throw renewing;
                    }
                    acknowledge(type);
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("the request %s is left to its lock: %s", held, e.getMessage());
        } finally {
            consumer.close();
        }
    }

    /**
     * Decodes a delivered request and starts its run, or sends poison to the dead-letter topic, or queues a request
     * near its delivery limit anew; null unless a run started.
     */
    private Held take(ConsumerRecord<String, byte[]> record) {
        RunRequest request;
        try {
            request = ProtoCodec.decode(record.headers(), record.value(), RunRequest.getDefaultInstance());
        } catch (PoisonRecordException e) {
            try {
                publisher.deadLetter(record, Topics.deadLetter(topic), e.getMessage());
            } catch (PublishException failed) {
                // kept until its dead letter can be written: delivered again
                consumer.acknowledge(record, AcknowledgeType.RELEASE);
                throw failed;
            }
            LOG.warnf("run request sent to the dead-letter topic: %s", e.getMessage());
            deadLetters.count(Topics.RUNS_REQUESTED);
            consumer.acknowledge(record, AcknowledgeType.REJECT);
            return null;
        }
        int delivered = record.deliveryCount().map(Short::intValue).orElse(1);
        if (requeues(delivered, deliveryLimit)) {
            try {
                publisher.request(request);
            } catch (PublishException failed) {
                consumer.acknowledge(record, AcknowledgeType.RELEASE);
                throw failed;
            }
            consumer.acknowledge(record, AcknowledgeType.ACCEPT);
            LOG.infof("run %s delivered %d times of the broker's %d: queued anew", request.getRunId(), delivered, deliveryLimit);
            return null;
        }
        LOG.debugf("run %s delivered (%d)", request.getRunId(), delivered);
        return new Held(record, training.submit(() -> attempts.take(request)));
    }

    /** A request this trainer holds and its run in training. */
    private static final class Held {
        ConsumerRecord<String, byte[]> record;
        final Future<Outcome> run;
        long renewedNanos = System.nanoTime();

        Held(ConsumerRecord<String, byte[]> record, Future<Outcome> run) {
            this.record = record;
            this.run = run;
        }

        boolean is(ConsumerRecord<String, byte[]> other) {
            return other.partition() == record.partition() && other.topic().equals(record.topic()) && other.offset() == record.offset();
        }

        /** The run's outcome, or null if it is still training after {@code wait}. */
        Outcome await(Duration wait) {
            try {
                return run.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.HANDED_OVER;
            } catch (ExecutionException e) {
                LOG.errorf(e.getCause(), "run attempt ended with an error");
                return Outcome.HANDED_OVER;
            }
        }

        @Override
        public String toString() {
            return record.topic() + "-" + record.partition() + "@" + record.offset();
        }
    }
}
