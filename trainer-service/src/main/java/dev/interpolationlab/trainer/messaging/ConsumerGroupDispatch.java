package dev.interpolationlab.trainer.messaging;

import dev.interpolationlab.proto.v1.RunRequest;
import dev.interpolationlab.runtime.DeadLetters;
import dev.interpolationlab.wire.PoisonRecordException;
import dev.interpolationlab.wire.ProtoCodec;
import dev.interpolationlab.wire.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The previous dispatch, kept for comparison ({@code lab.trainer.dispatch=consumer-group}, {@code ./lab bench scale}):
 * trainers read {@code lab.runs.requested} as one consumer group through SmallRye's Kafka connector, so a trainer
 * beyond the partition count gets no work and a trainer whose partitions are empty idles while others hold a queue.
 * A request's offset is committed only after its run is done with; a trainer that dies or stops mid-run leaves it
 * uncommitted, and the group hands it to another trainer, which resumes it from its latest checkpoint. A retry is a
 * new request on the topic.
 */
@ApplicationScoped
public class ConsumerGroupDispatch {

    private static final Logger LOG = Logger.getLogger(ConsumerGroupDispatch.class);

    @Inject
    RunAttempts attempts;

    @Inject
    RunPublisher publisher;

    @Inject
    DeadLetters deadLetters;

    void start(@Observes StartupEvent startup) {
        deadLetters.register(Topics.RUNS_REQUESTED);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        attempts.stop();
    }

    @Incoming("run-requests")
    @Blocking
    public CompletionStage<Void> onRunRequest(Message<byte[]> message) {
        RunRequest request;
        try {
            var metadata = message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
            request = ProtoCodec.decode(metadata.getHeaders(), message.getPayload(), RunRequest.getDefaultInstance());
        } catch (PoisonRecordException e) {
            LOG.warnf("run request sent to the dead-letter topic: %s", e.getMessage());
            deadLetters.count(Topics.RUNS_REQUESTED);
            return message.nack(e);
        }
        return switch (attempts.take(request)) {
            case DONE -> message.ack();
            case RETRY -> {
                publisher.request(request);
                yield message.ack();
            }
            case HANDED_OVER -> CompletableFuture.completedFuture(null);
        };
    }
}
