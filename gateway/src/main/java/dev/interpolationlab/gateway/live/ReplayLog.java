package dev.interpolationlab.gateway.live;

import dev.interpolationlab.core.series.LogThinning;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The live events of this gateway instance, numbered, with the recent events of each sweep kept for replay. A client
 * that reconnects with the id of the last event it received ({@code Last-Event-ID}) gets every later event of its
 * sweep, then the live ones, in order and without duplicates. When the events it missed are no longer kept (more than
 * {@code keptPerSweep} of them, or an id of another gateway instance or of an earlier start of this one), it gets a
 * {@code reset} event instead: its cue to reload the sweep's state over REST and carry on from there.
 *
 * <p>Appending, replaying and subscribing happen under one lock, so a subscriber's replay and its live events meet
 * without a gap or an overlap. A sweep's kept events are dropped once nobody listened to it for {@code idleMillis}.
 */
public final class ReplayLog {

    private final String instance;
    private final int keptPerSweep;
    private final long idleMillis;
    private final Map<String, SweepLog> sweeps = new HashMap<>();
    private final AtomicInteger subscribers = new AtomicInteger();
    private long sequence;
    private long appendsSinceEviction;

    /** What is kept of one sweep, and who listens to it. */
    private static final class SweepLog {
        final ArrayDeque<LiveEvent> recent = new ArrayDeque<>();
        final List<Subscriber> subscribers = new ArrayList<>();
        long droppedThrough; // the newest sequence whose event of this sweep may be lost: replay only after it
        long lastActiveMillis;

        /** @param knownAfter events before this one were never kept here (or were kept by an evicted log) */
        SweepLog(long knownAfter) {
            droppedThrough = knownAfter;
        }
    }

    /** One stream, with its thinning of epoch events: the last kept bucket of each run. */
    private record Subscriber(MultiEmitter<? super LiveEvent> emitter, LogThinning thinning, Map<String, Long> lastBuckets) {

        void offer(LiveEvent event) {
            if (thinning != null && event.runId() != null) {
                long last = lastBuckets.getOrDefault(event.runId(), Long.MIN_VALUE);
                if (!thinning.keeps(event.step(), last)) {
                    return;
                }
                lastBuckets.put(event.runId(), thinning.bucket(event.step()));
            }
            emitter.emit(event);
        }
    }

    /**
     * @param instance     this gateway instance's id, the prefix of every event id (unique per start)
     * @param keptPerSweep recent events kept per sweep for replay
     * @param idleMillis   how long the events of a sweep nobody listens to are kept
     */
    public ReplayLog(String instance, int keptPerSweep, long idleMillis) {
        if (instance.contains("-")) {
            throw new IllegalArgumentException("the instance id may not contain '-': " + instance);
        }
        this.instance = instance;
        this.keptPerSweep = keptPerSweep;
        this.idleMillis = idleMillis;
    }

    /** Numbers an event, keeps it for replay and hands it to the sweep's subscribers. */
    public synchronized void append(String sweepId, String name, String runId, long step, Supplier<String> json, long nowMillis) {
        long seq = ++sequence;
        LiveEvent event = new LiveEvent(instance + "-" + seq, sweepId, name, runId, step, json);
        SweepLog log = sweeps.computeIfAbsent(sweepId, id -> new SweepLog(seq - 1));
        log.lastActiveMillis = nowMillis;
        log.recent.addLast(event);
        if (log.recent.size() > keptPerSweep) {
            log.droppedThrough = sequenceOf(log.recent.removeFirst().id());
        }
        for (Subscriber subscriber : log.subscribers) {
            subscriber.offer(event);
        }
        if (++appendsSinceEviction >= 10_000) {
            appendsSinceEviction = 0;
            evictIdle(nowMillis);
        }
    }

    /**
     * The events of a sweep from now on, after a replay of those that followed {@code lastEventId} when given.
     *
     * @param perDecade when positive, epoch events are thinned per run to this many steps per decade
     */
    public Multi<LiveEvent> subscribe(String sweepId, String lastEventId, int perDecade) {
        return Multi.createFrom().<LiveEvent>emitter(emitter -> {
            Subscriber subscriber = new Subscriber(emitter, perDecade > 0 ? new LogThinning(perDecade) : null, new HashMap<>());
            synchronized (this) {
                SweepLog log = sweeps.computeIfAbsent(sweepId, id -> new SweepLog(sequence));
                if (lastEventId != null && !lastEventId.isBlank()) {
                    replay(sweepId, log, lastEventId.trim(), subscriber);
                }
                log.subscribers.add(subscriber);
            }
            subscribers.incrementAndGet();
            emitter.onTermination(() -> {
                synchronized (this) {
                    SweepLog log = sweeps.get(sweepId);
                    if (log != null) {
                        log.subscribers.remove(subscriber);
                        log.lastActiveMillis = System.currentTimeMillis();
                    }
                }
                subscribers.decrementAndGet();
            });
        }, BackPressureStrategy.BUFFER);
    }

    private void replay(String sweepId, SweepLog log, String lastEventId, Subscriber subscriber) {
        int dash = lastEventId.lastIndexOf('-');
        long last = dash < 0 || !lastEventId.substring(0, dash).equals(instance) ? -1 : parseOrMinusOne(lastEventId.substring(dash + 1));
        if (last < 0 || last > sequence || last < log.droppedThrough) {
            String why = last < 0 ? "the event id " + quoted(lastEventId) + " is not one of this gateway instance's"
                    : last > sequence ? "the event id " + quoted(lastEventId) + " is ahead of this gateway instance"
                    : "the events after " + quoted(lastEventId) + " are no longer kept";
            String reason = "{\"reason\":" + quoted(why + "; reload the sweep's state and continue from here") + "}";
            subscriber.emitter().emit(new LiveEvent(instance + "-" + sequence, sweepId, "reset", null, -1, () -> reason));
            return;
        }
        for (LiveEvent event : log.recent) {
            if (sequenceOf(event.id()) > last) {
                subscriber.offer(event);
            }
        }
    }

    private void evictIdle(long nowMillis) {
        for (Iterator<SweepLog> it = sweeps.values().iterator(); it.hasNext(); ) {
            SweepLog log = it.next();
            if (log.subscribers.isEmpty() && nowMillis - log.lastActiveMillis > idleMillis) {
                it.remove();
            }
        }
    }

    /** Streams subscribed now. */
    public int subscribers() {
        return subscribers.get();
    }

    /** Sweeps whose recent events are kept now. */
    public synchronized int keptSweeps() {
        return sweeps.size();
    }

    private static long sequenceOf(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }

    private static long parseOrMinusOne(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
