package dev.interpolationlab.trainer.messaging;

import dev.interpolationlab.proto.v1.Checkpoint;
import dev.interpolationlab.wire.PoisonRecordException;
import dev.interpolationlab.wire.ProtoCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The latest checkpoint of every unfinished run, read by each trainer from the compacted {@code lab.runs.checkpoints}
 * (a consumer group of its own, from the beginning), so whichever trainer a run is redelivered to can resume it.
 * A finished run's tombstone removes it. If this view lags behind, a run resumes from an earlier checkpoint or from
 * the start, with the same final numbers: only time is lost.
 */
@ApplicationScoped
public class CheckpointCatalogue {

    private static final Logger LOG = Logger.getLogger(CheckpointCatalogue.class);

    private final Map<String, Checkpoint> latest = new ConcurrentHashMap<>();

    @Incoming("checkpoints")
    public void onCheckpoint(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            latest.remove(record.key());
            return;
        }
        try {
            Checkpoint checkpoint = ProtoCodec.decode(record.headers(), record.value(), Checkpoint.getDefaultInstance());
            latest.merge(checkpoint.getRunId(), checkpoint, (old, fresh) -> fresh.getStep() >= old.getStep() ? fresh : old);
        } catch (PoisonRecordException e) {
            LOG.warnf("skipped an unreadable checkpoint of %s: %s", record.key(), e.getMessage());
        }
    }

    /** The latest checkpoint of a run, if it was taken for the same spec. */
    public Optional<Checkpoint> latest(String runId, String specSha256) {
        return Optional.ofNullable(latest.get(runId)).filter(c -> c.getProvenance().getSpecSha256().equals(specSha256));
    }
}
