package dev.interpolationlab.gateway.live;

import com.google.protobuf.Message;
import dev.interpolationlab.proto.v1.AnalysisResult;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.RunEvent;
import dev.interpolationlab.wire.PoisonRecordException;
import dev.interpolationlab.wire.ProtoCodec;
import dev.interpolationlab.wire.ProtoJson;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Fans the lab's live topics out to the SSE clients of this gateway instance, through a {@link ReplayLog} so that a
 * reconnecting client is replayed what it missed. Each gateway instance reads every record itself (its own consumer
 * group, from the latest offset), so any replica can serve any client. Unreadable records are skipped here: the
 * analysis service, which owns those topics, dead-letters them.
 */
@ApplicationScoped
public class LiveEvents {

    private static final Logger LOG = Logger.getLogger(LiveEvents.class);

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "lab.live.replay-per-sweep")
    int replayPerSweep;

    @ConfigProperty(name = "lab.live.replay-idle")
    Duration replayIdle;

    private ReplayLog log;
    private Timer recordAge;

    @PostConstruct
    void start() {
        log = new ReplayLog(UUID.randomUUID().toString().replace("-", "").substring(0, 12), replayPerSweep, replayIdle.toMillis());
        Gauge.builder("lab.live.streams", log, ReplayLog::subscribers)
                .description("live event streams subscribed on this gateway").register(registry);
        Gauge.builder("lab.live.kept.sweeps", log, ReplayLog::keptSweeps)
                .description("sweeps whose recent live events this gateway keeps for replay").register(registry);
        recordAge = Timer.builder("lab.live.record.age").publishPercentiles(0.5, 0.99)
                .description("time from a live record's creation (its Kafka timestamp) to its fan-out to the streams").register(registry);
    }

    /**
     * Every live event of one sweep from now on, after those that followed {@code lastEventId} (when given); epoch
     * events thinned to {@code perDecade} steps per decade of each run when positive.
     */
    public Multi<LiveEvent> of(String sweepId, String lastEventId, int perDecade) {
        return log.subscribe(sweepId, lastEventId, perDecade);
    }

    /** Streams subscribed now: departed clients must not linger. */
    public int activeStreams() {
        return log.subscribers();
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
            recordAge.record(Math.max(0, System.currentTimeMillis() - metadata.getTimestamp().toEpochMilli()), TimeUnit.MILLISECONDS);
            T message = ProtoCodec.decode(metadata.getHeaders(), record.getPayload(), prototype);
            String runId = message instanceof EpochMetrics epoch ? epoch.getRunId() : null;
            long step = message instanceof EpochMetrics epoch ? epoch.getStep() : -1;
            log.append(sweepId.apply(message), name, runId, step, () -> ProtoJson.print(forClients.apply(message)), System.currentTimeMillis());
        } catch (PoisonRecordException e) {
            LOG.debugf("skipped an unreadable live record: %s", e.getMessage());
        }
        return record.ack();
    }
}
