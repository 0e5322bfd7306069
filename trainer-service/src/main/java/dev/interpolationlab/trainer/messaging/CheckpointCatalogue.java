package dev.interpolationlab.trainer.messaging;

import dev.interpolationlab.proto.v1.Checkpoint;
import dev.interpolationlab.wire.PoisonRecordException;
import dev.interpolationlab.wire.ProtoCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The latest checkpoint of every unfinished run, read by each trainer from the compacted {@code lab.runs.checkpoints}
 * (a consumer group of its own, from the beginning), so whichever trainer a run is redelivered to can resume it.
 * A finished run's tombstone removes it. If this view lags behind, a run resumes from an earlier checkpoint or from
 * the start, with the same final numbers: only time is lost. The attempt each checkpoint counts fences a trainer that
 * comes back after its run was taken over ({@link #superseded}). Refund notices ({@link #refundKey}) name the attempts
 * whose trainers handed the run over alive, which the retry budget does not count ({@link #refunded}).
 */
@ApplicationScoped
public class CheckpointCatalogue {

    private static final Logger LOG = Logger.getLogger(CheckpointCatalogue.class);
    private static final String REFUND = "/refund/";

    /** How many runs' attempts this trainer remembers past their tombstones: far more than can be in flight at once. */
    static final int RUNS_REMEMBERED = 100_000;

    private final Map<String, Checkpoint> latest = new ConcurrentHashMap<>();
    private final Map<String, Attempts> attempts = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Attempts> eldest) {
            return size() > RUNS_REMEMBERED;
        }
    });

    /**
     * The attempts seen at one run, in the order they started (the current one last), with the current one's count;
     * {@code ended}: the run's tombstone came after the current attempt, so the next one is a retry on request, whose
     * budget starts at {@code budgetFrom} in {@code ids}. {@code refunded}: attempts given back by refund notices,
     * which may be read before the attempt's own checkpoint (they are keyed apart, so on another partition).
     */
    private static final class Attempts {
        final List<String> ids = new ArrayList<>();
        final Set<String> refunded = new HashSet<>();
        int count;
        int budgetFrom;
        boolean ended;
    }

    /** The key of the refund notice of one attempt at a run, beside the run's own key. */
    static String refundKey(String runId, String attemptId) {
        return runId + REFUND + attemptId;
    }

    @Incoming("checkpoints")
    public void onCheckpoint(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        int refund = record.key().indexOf(REFUND);
        if (refund >= 0) {
            onRefund(record.key().substring(0, refund), record.key().substring(refund + REFUND.length()), record.value() != null);
            return;
        }
        if (record.value() == null) {
            latest.remove(record.key());
            Attempts run = attempts.get(record.key());
            if (run != null) {
                synchronized (run) {
                    run.ended = true;
                }
            }
            return;
        }
        try {
            add(ProtoCodec.decode(record.headers(), record.value(), Checkpoint.getDefaultInstance()));
        } catch (PoisonRecordException e) {
            LOG.warnf("skipped an unreadable checkpoint of %s: %s", record.key(), e.getMessage());
        }
    }

    /**
     * A checkpoint of an attempt that a later one has replaced comes from a trainer that was paused or cut off past
     * its lock while another took the run over: it is ignored (fencing). Within an attempt the later step wins.
     */
    void add(Checkpoint checkpoint) {
        String runId = checkpoint.getRunId();
        if (!checkpoint.getAttemptId().isEmpty() && !current(runId, checkpoint.getAttemptId(), checkpoint.getAttempts(), false)) {
            LOG.infof("ignored a checkpoint of %s at step %d from a replaced attempt", runId, checkpoint.getStep());
            return;
        }
        latest.merge(runId, checkpoint, (old, fresh) -> !fresh.getAttemptId().equals(old.getAttemptId()) || fresh.getStep() >= old.getStep() ? fresh : old);
    }

    /**
     * A refund notice of {@code attemptId} (or its tombstone, once the run is finished). One read after the run's
     * tombstone belongs to the finished run and does not carry over to a retry on request.
     */
    void onRefund(String runId, String attemptId, boolean given) {
        Attempts run = attempts.computeIfAbsent(runId, id -> new Attempts());
        synchronized (run) {
            if (!given) {
                run.refunded.remove(attemptId);
            } else if (!run.ended) {
                run.refunded.add(attemptId);
            }
        }
    }

    /**
     * How many attempts at the run since its budget began were given back by their trainers: the retry budget counts
     * the started attempts less these.
     */
    public int refunded(String runId) {
        Attempts run = attempts.get(runId);
        if (run == null) {
            return 0;
        }
        synchronized (run) {
            return (int) run.ids.subList(run.budgetFrom, run.ids.size()).stream().filter(run.refunded::contains).count();
        }
    }

    /** Whether {@code attemptId}'s refund notice has been read. */
    public boolean isRefunded(String runId, String attemptId) {
        Attempts run = attempts.get(runId);
        if (run == null) {
            return false;
        }
        synchronized (run) {
            return run.refunded.contains(attemptId);
        }
    }

    /** The attempts at the run with a refund notice on the topic: their notices go with the run's tombstone. */
    public List<String> refundedAttempts(String runId) {
        Attempts run = attempts.get(runId);
        if (run == null) {
            return List.of();
        }
        synchronized (run) {
            return List.copyOf(run.refunded);
        }
    }

    /** Notes that this trainer started {@code attemptId}, the {@code count}th attempt at the run, once its first checkpoint is on Kafka. */
    void begin(String runId, String attemptId, int count) {
        current(runId, attemptId, count, true);
    }

    /**
     * Whether {@code attemptId} is the run's current attempt, noting it if it is new: one this trainer starts, or one
     * seen first that counts at least as many attempts as the current one (or follows the run's tombstone: a retry
     * on request counts from 1 again). An attempt seen first with a lower count started before the current one.
     */
    private boolean current(String runId, String attemptId, int count, boolean started) {
        Attempts run = attempts.computeIfAbsent(runId, id -> new Attempts());
        synchronized (run) {
            int at = run.ids.indexOf(attemptId);
            if (at >= 0) {
                return at == run.ids.size() - 1;
            }
            if (started || run.ids.isEmpty() || run.ended || count >= run.count) {
                if (run.ended) {
                    run.budgetFrom = run.ids.size();
                }
                run.ids.add(attemptId);
                run.count = count;
                run.ended = false;
                return true;
            }
            run.ids.add(0, attemptId);
            if (run.budgetFrom > 0) {
                run.budgetFrom++;
            }
            return false;
        }
    }

    /**
     * Whether a later attempt than {@code attemptId} has started at the run: the trainer of {@code attemptId} lost the
     * run to another (it was paused or cut off past its lock) and must stop and publish nothing more of it.
     */
    public boolean superseded(String runId, String attemptId) {
        Attempts run = attempts.get(runId);
        if (run == null) {
            return false;
        }
        synchronized (run) {
            int at = run.ids.indexOf(attemptId);
            return at >= 0 && at < run.ids.size() - 1;
        }
    }

    /** The latest checkpoint of a run, if it was taken for the same spec. */
    public Optional<Checkpoint> latest(String runId, String specSha256) {
        return Optional.ofNullable(latest.get(runId)).filter(c -> c.getProvenance().getSpecSha256().equals(specSha256));
    }
}
