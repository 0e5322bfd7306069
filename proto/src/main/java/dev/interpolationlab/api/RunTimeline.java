package dev.interpolationlab.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's way through the queue: when it was queued (the sweep's acceptance, or the retry that queued it again), when
 * its first attempt started, when its last attempt ended with the run's outcome, and every attempt in order.
 */
public record RunTimeline(Instant queuedAt, Instant startedAt, Instant finishedAt, List<Attempt> attempts) {

    /**
     * From the attempts as stored (by attempt number; outcome null where no end was reported): an attempt without an
     * end is lost if a later one started, else still running.
     */
    public static RunTimeline of(Instant queuedAt, List<Attempt> stored) {
        List<Attempt> attempts = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            Attempt attempt = stored.get(i);
            if (attempt.outcome() == null) {
                attempt = attempt.withOutcome(i + 1 < stored.size() ? Attempt.LOST : Attempt.RUNNING);
            }
            attempts.add(attempt);
        }
        Instant startedAt = attempts.isEmpty() ? null : attempts.get(0).startedAt();
        Attempt last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
        boolean finished = last != null && last.endedAt() != null && !last.outcome().equals(Attempt.RELEASED);
        return new RunTimeline(queuedAt, startedAt, finished ? last.endedAt() : null, List.copyOf(attempts));
    }

    /** Whether an attempt is still open: one running, or a released run that waits for its next attempt. */
    public boolean open() {
        return !attempts.isEmpty() && finishedAt == null;
    }
}
