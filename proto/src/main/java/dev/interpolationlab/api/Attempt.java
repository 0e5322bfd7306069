package dev.interpolationlab.api;

import java.time.Instant;

/**
 * One attempt at a run: the trainer that took it, from its start to its end, and how it ended: {@code completed},
 * {@code failed}, {@code cancelled}, {@code released} (left to a next attempt: a retried failure, a stopping trainer),
 * {@code lost} (no end reported, and a next attempt started: its trainer died or lost its lock) or {@code running}.
 * {@code endedAt} is null for lost and running attempts; {@code startedAt} is null only for an end whose start the
 * store has not seen.
 */
public record Attempt(int attempt, String trainer, Instant startedAt, Instant endedAt, String outcome) {

    public static final String LOST = "lost";
    public static final String RUNNING = "running";
    public static final String RELEASED = "released";

    Attempt withOutcome(String derived) {
        return new Attempt(attempt, trainer, startedAt, endedAt, derived);
    }
}
