package dev.interpolationlab.gateway.live;

import com.google.protobuf.Message;
import dev.interpolationlab.proto.v1.AnalysisResult;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.RunEvent;
import dev.interpolationlab.wire.PoisonRecordException;
import dev.interpolationlab.wire.ProtoCodec;
import dev.interpolationlab.wire.ProtoJson;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Fans the lab's live topics out to the SSE clients of this gateway instance. Each gateway instance reads every
 * record itself (its own consumer group, from the latest offset), so any replica can serve any client. Unreadable
 * records are skipped here: the analysis service, which owns those topics, dead-letters them.
 */
@ApplicationScoped
public class LiveEvents {

    private static final Logger LOG = Logger.getLogger(LiveEvents.class);

    private final BroadcastProcessor<LiveEvent> events = BroadcastProcessor.create();
    private final AtomicInteger activeStreams = new AtomicInteger();

    @Inject
    MeterRegistry registry;

    @PostConstruct
    void registerGauge() {
        Gauge.builder("lab.live.streams", activeStreams, AtomicInteger::get)
                .description("live event streams subscribed on this gateway").register(registry);
    }

    /** Every live event of one sweep, from now on; counted in {@link #activeStreams()} until cancelled. */
    public Multi<LiveEvent> of(String sweepId) {
        return events.filter(event -> event.sweepId().equals(sweepId))
                .onSubscription().invoke(activeStreams::incrementAndGet)
                .onTermination().invoke(activeStreams::decrementAndGet);
    }

    /** Streams subscribed now: each one filters every live record, so departed clients must not linger. */
    public int activeStreams() {
        return activeStreams.get();
    }

    @Incoming("live-metrics")
    public CompletionStage<Void> onMetrics(org.eclipse.microprofile.reactive.messaging.Message<byte[]> record) {
        return relay(record, EpochMetrics.getDefaultInstance(), "epoch", EpochMetrics::getSweepId, Function.identity());
    }

    @Incoming("live-run-events")
    public CompletionStage<Void> onRunEvent(org.eclipse.microprofile.reactive.messaging.Message<byte[]> record) {
        return relay(record, RunEvent.getDefaultInstance(), "run", RunEvent::getSweepId, LiveEvents::withoutParameters);
    }

    /** A run's final parameters (up to megabytes) are for analysis, not for a live view: the stream leaves them out. */
    static RunEvent withoutParameters(RunEvent event) {
        if (!event.hasSummary() || event.getSummary().getFinalParametersCount() == 0) {
            return event;
        }
        return event.toBuilder().setSummary(event.getSummary().toBuilder().clearFinalParameters()).build();
    }

    @Incoming("live-analyses")
    public CompletionStage<Void> onAnalysis(org.eclipse.microprofile.reactive.messaging.Message<byte[]> record) {
        return relay(record, AnalysisResult.getDefaultInstance(), "analysis", AnalysisResult::getSweepId, Function.identity());
    }

    private <T extends Message> CompletionStage<Void> relay(org.eclipse.microprofile.reactive.messaging.Message<byte[]> record,
            T prototype, String name, Function<T, String> sweepId, Function<T, T> forClients) {
        try {
            var metadata = record.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
            T message = ProtoCodec.decode(metadata.getHeaders(), record.getPayload(), prototype);
            LiveEvent event = new LiveEvent(sweepId.apply(message), name, ProtoJson.print(forClients.apply(message)));
            synchronized (events) { // the three channels deliver on different threads; a processor takes one at a time
                events.onNext(event);
            }
        } catch (PoisonRecordException e) {
            LOG.debugf("skipped an unreadable live record: %s", e.getMessage());
        }
        return record.ack();
    }
}
