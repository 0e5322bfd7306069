package dev.interpolationlab.analysis.messaging;

import com.google.protobuf.Message;
import dev.interpolationlab.analysis.store.StoreFailure;
import dev.interpolationlab.runtime.DeadLetters;
import dev.interpolationlab.wire.PoisonRecordException;
import dev.interpolationlab.wire.ProtoCodec;
import dev.interpolationlab.wire.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * How every consumed record is stored: a record that can never be read goes to its dead-letter topic (nack, with
 * the reason); so does one the database refuses for what it holds (a permanent error, see {@link StoreFailure#isPermanent}).
 * Any other store failure is retried until it succeeds, because dropping or dead-lettering a valid record on a
 * database outage would lose data. The record is acknowledged only once stored. At shutdown a record still waiting
 * for the database is left unacknowledged and is redelivered.
 */
@ApplicationScoped
class Ingestion {

    private static final Logger LOG = Logger.getLogger(Ingestion.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    @Inject
    DeadLetters deadLetters;

    private volatile boolean stopping;

    void start(@Observes StartupEvent startup) {
        deadLetters.register(Topics.SWEEPS, Topics.SWEEPS_CONTROL, Topics.RUNS_EVENTS, Topics.RUNS_METRICS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    <T extends Message> CompletionStage<Void> store(org.eclipse.microprofile.reactive.messaging.Message<byte[]> record,
            T prototype, StoreOperation<T> operation) {
        T message;
        var metadata = record.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        try {
            message = ProtoCodec.decode(metadata.getHeaders(), record.getPayload(), prototype);
        } catch (PoisonRecordException e) {
            return deadLetter(record, metadata.getTopic(), e);
        }
        try {
            return storeWithRetry(operation, message, prototype) ? record.ack() : CompletableFuture.completedFuture(null);
        } catch (RefusedRecordException e) {
            return deadLetter(record, metadata.getTopic(), e);
        }
    }

    /**
     * Stores a polled batch in one write: each unreadable record is nacked on its own (to the dead-letter topic), the
     * rest are stored together, then the whole batch is acknowledged. When the store refuses the write permanently, the
     * records are stored one by one so that only those it refuses are dead-lettered.
     */
    <T extends Message> CompletionStage<Void> storeBatch(KafkaRecordBatch<String, byte[]> batch, T prototype,
            StoreOperation<List<T>> operation) {
        List<T> messages = new ArrayList<>(batch.getRecords().size());
        List<KafkaRecord<String, byte[]>> decoded = new ArrayList<>(batch.getRecords().size());
        List<CompletableFuture<Void>> deadLettered = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            try {
                messages.add(ProtoCodec.decode(record.getHeaders(), record.getPayload(), prototype));
                decoded.add(record);
            } catch (PoisonRecordException e) {
                deadLettered.add(deadLetter(record, record.getTopic(), e));
            }
        }
        try {
            if (!storeWithRetry(operation, messages, prototype)) {
                return CompletableFuture.completedFuture(null);
            }
        } catch (RefusedRecordException refused) {
            // one record spoils the batch's single write: store them one by one and dead-letter only those refused
            for (int i = 0; i < messages.size(); i++) {
                try {
                    if (!storeWithRetry(operation, List.of(messages.get(i)), prototype)) {
                        return CompletableFuture.completedFuture(null);
                    }
                } catch (RefusedRecordException e) {
                    deadLettered.add(deadLetter(decoded.get(i), decoded.get(i).getTopic(), e));
                }
            }
        }
        return CompletableFuture.allOf(deadLettered.toArray(CompletableFuture[]::new)).thenCompose(sent -> batch.ack());
    }

    private CompletableFuture<Void> deadLetter(org.eclipse.microprofile.reactive.messaging.Message<?> record, String topic,
            Exception reason) {
        LOG.warnf("record sent to the dead-letter topic: %s", reason.getMessage());
        deadLetters.count(topic);
        return record.nack(reason).toCompletableFuture();
    }

    /**
     * Retries a store until it succeeds; false when shutdown interrupts the retries (the records stay unacknowledged).
     * A permanent refusal is not retried: it is thrown as {@link RefusedRecordException} for the caller to dead-letter.
     */
    private <M> boolean storeWithRetry(StoreOperation<M> operation, M message, Message prototype) {
        long backoff = 100;
        while (true) {
            try {
                operation.apply(message);
                return true;
            } catch (SQLException e) {
                if (StoreFailure.isPermanent(e)) {
                    throw new RefusedRecordException(prototype.getDescriptorForType().getName() + " refused by the store (SQLState "
                            + e.getSQLState() + "): " + e.getMessage(), e);
                }
                if (stopping) {
                    LOG.warnf("shutting down with a %s not stored; it will be redelivered", prototype.getDescriptorForType().getName());
                    return false;
                }
                LOG.warnf("store failed (%s); retrying in %d ms", e.getMessage(), backoff);
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a store", e);
        }
    }
}
