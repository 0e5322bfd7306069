package dev.interpolationlab.trainer.messaging;

import dev.interpolationlab.proto.v1.Checkpoint;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.RunEvent;
import dev.interpolationlab.proto.v1.RunRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes a run's metrics, lifecycle events and checkpoints, keyed by run id. Metrics are sent without waiting, with a bounded
 * number in flight; {@link #flush()} waits until the broker has acknowledged all of them, so a run is reported
 * complete only once every recorded step is durably on Kafka.
 */
@ApplicationScoped
public class RunPublisher {

    static final int MAX_METRICS_IN_FLIGHT = 256;
    /** What Kafka adds to a checkpoint's value (record batch, key, headers), with room to spare. */
    static final int CHECKPOINT_RECORD_OVERHEAD = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(RunPublisher.class);

    @Inject
    @Channel("run-metrics")
    MutinyEmitter<EpochMetrics> metrics;

    @Inject
    @Channel("run-events")
    MutinyEmitter<RunEvent> events;

    @Inject
    @Channel("run-retries")
    MutinyEmitter<RunRequest> requests;

    @Inject
    @Channel("run-dead-letters")
    MutinyEmitter<byte[]> deadLetters;

    @Inject
    @Channel("run-checkpoints")
    MutinyEmitter<Record<String, Checkpoint>> checkpoints;

    @Inject
    MeterRegistry registry;

    /** The producer refuses larger records; a checkpoint value must leave room for the rest of its record. */
    @ConfigProperty(name = "mp.messaging.outgoing.run-checkpoints.max.request.size")
    int maxCheckpointRequestBytes;

    private Counter checkpointsTooLarge;

    /** Per run, and runs are handled one at a time per consumer thread. */
    private final ThreadLocal<Deque<CompletableFuture<Void>>> inFlight = ThreadLocal.withInitial(ArrayDeque::new);
    private final ThreadLocal<CompletableFuture<Void>> lastCheckpoint = new ThreadLocal<>();
    private final ThreadLocal<String> lastRunWithoutCheckpoints = new ThreadLocal<>();

    @PostConstruct
    void registerMetrics() {
        checkpointsTooLarge = Counter.builder("lab.trainer.checkpoints.skipped")
                .description("periodic checkpoints not sent because the model's state is larger than a Kafka record may be")
                .tag("reason", "too-large").register(registry);
    }

    public void metrics(EpochMetrics record) {
        Deque<CompletableFuture<Void>> pending = inFlight.get();
        try {
            if (pending.size() >= MAX_METRICS_IN_FLIGHT) {
                pending.removeFirst().join();
            }
            pending.addLast(metrics.sendMessage(KafkaRecord.of(record.getRunId(), record)).subscribeAsCompletionStage());
        } catch (RuntimeException e) {
            pending.clear();
            throw new PublishException("metrics of " + record.getRunId(), e);
        }
    }

    public void flush() {
        Deque<CompletableFuture<Void>> pending = inFlight.get();
        try {
            while (!pending.isEmpty()) {
                pending.removeFirst().join();
            }
        } catch (RuntimeException e) {
            pending.clear();
            throw new PublishException("metrics", e);
        }
    }

    /** The largest checkpoint value a Kafka record can carry here. */
    public long maxCheckpointBytes() {
        return maxCheckpointRequestBytes - CHECKPOINT_RECORD_OVERHEAD;
    }

    /**
     * Whether a checkpoint of {@code doubles} parameters and optimiser slots fits a record (8 bytes each, packed).
     * When it does not, the run trains on without checkpoints: a later attempt starts it again from step 0, which costs
     * time but not correctness. The skip is counted, and logged once per run.
     */
    public boolean admitsCheckpoint(String runId, long doubles) {
        long bytes = 8 * doubles;
        if (bytes <= maxCheckpointBytes()) {
            return true;
        }
        checkpointsTooLarge.increment();
        if (!runId.equals(lastRunWithoutCheckpoints.get())) {
            lastRunWithoutCheckpoints.set(runId);
            LOG.warnf("run %s trains without checkpoints: its state of %d doubles (%d bytes) is larger than a checkpoint record"
                    + " may be (%d bytes); a later attempt would start it from step 0", runId, doubles, bytes, maxCheckpointBytes());
        }
        return false;
    }

    /**
     * Sends a checkpoint without waiting: a checkpoint that is lost only means resuming from an earlier one. Waits
     * for the previous one first, so at most one is in flight per run. The caller asks {@link #admitsCheckpoint} first.
     */
    public void checkpoint(Checkpoint checkpoint) {
        CompletableFuture<Void> previous = lastCheckpoint.get();
        if (previous != null) {
            previous.exceptionally(failure -> null).join();
        }
        lastCheckpoint.set(checkpoints.send(Record.of(checkpoint.getRunId(), checkpoint)).subscribeAsCompletionStage());
    }

    /**
     * Sends a checkpoint and waits for the broker to have it (the count of attempts must not be lost). One too large
     * for a record goes without its parameters and optimiser state: otherwise the producer's refusal would read as
     * Kafka being down, and the run would be handed back and forth for good.
     */
    public void checkpointAndWait(Checkpoint checkpoint) {
        lastCheckpoint.remove();
        Checkpoint sendable = checkpoint.getSerializedSize() <= maxCheckpointBytes() ? checkpoint
                : checkpoint.toBuilder().clearParameters().clearOptimizerState().setStep(0).build();
        try {
            checkpoints.sendAndAwait(Record.of(sendable.getRunId(), sendable));
        } catch (RuntimeException e) {
            throw new PublishException("checkpoint of " + checkpoint.getRunId(), e);
        }
    }

    /** Requests a run again, behind the requests already queued on its partition. */
    public void request(RunRequest request) {
        try {
            requests.sendMessageAndAwait(KafkaRecord.of(request.getRunId(), request));
        } catch (RuntimeException e) {
            throw new PublishException("request of " + request.getRunId(), e);
        }
    }

    /** Removes a finished run's checkpoint, and the refund notices of its attempts, from the compacted topic. */
    public void clearCheckpoint(String runId, Collection<String> refundedAttempts) {
        lastCheckpoint.remove();
        try {
            for (String attemptId : refundedAttempts) {
                checkpoints.sendAndAwait(Record.of(CheckpointCatalogue.refundKey(runId, attemptId), null));
            }
            checkpoints.sendAndAwait(Record.of(runId, null));
        } catch (RuntimeException e) {
            throw new PublishException("checkpoint tombstone of " + runId, e);
        }
    }

    /**
     * Gives back an attempt that its trainer handed over alive: a refund notice, sent without waiting, since Kafka may
     * be the reason the attempt ended (the producer keeps trying for its delivery timeout). A notice lost costs the
     * run one attempt of its budget, as if its trainer had died; it is logged.
     */
    public void refund(Checkpoint attempt) {
        Checkpoint notice = Checkpoint.newBuilder().setRunId(attempt.getRunId()).setAttemptId(attempt.getAttemptId())
                .setAttempts(attempt.getAttempts()).setProvenance(attempt.getProvenance()).setRefund(true).build();
        checkpoints.send(Record.of(CheckpointCatalogue.refundKey(attempt.getRunId(), attempt.getAttemptId()), notice))
                .subscribe().with(done -> LOG.debugf("attempt %d at run %s given back", attempt.getAttempts(), attempt.getRunId()),
                        failure -> LOG.warnf("the refund of attempt %d at run %s was not sent (%s): it counts against the run's budget",
                                attempt.getAttempts(), attempt.getRunId(), failure.getMessage()));
    }

    public void event(RunEvent event) {
        try {
            events.sendMessageAndAwait(KafkaRecord.of(event.getRunId(), event));
        } catch (RuntimeException e) {
            throw new PublishException(event.getKind() + " event of " + event.getRunId(), e);
        }
    }

    /**
     * Sends a record that cannot be a run request to the dead-letter topic, as SmallRye's dead-letter strategy does
     * on the consumer-group path: its key, value and headers, and why, where it came from.
     */
    public void deadLetter(ConsumerRecord<String, byte[]> record, String topic, String reason) {
        var out = OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withTopic(topic)
                .withHeaders(new RecordHeaders(record.headers().toArray())
                        .add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8))
                        .add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8))
                        .add("dead-letter-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8))
                        .add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8)))
                .build();
        try {
            deadLetters.sendMessageAndAwait(Message.of(record.value() == null ? new byte[0] : record.value()).addMetadata(out));
        } catch (RuntimeException e) {
            throw new PublishException("dead letter of " + record.key(), e);
        }
    }
}
