package dev.interpolationlab.gateway.access;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client: each holds at most {@code burst} submissions and refills at {@code perMinute} a minute.
 * Pure logic on a caller's clock, so it is tested without waiting. Buckets left full for {@link #IDLE_NANOS} are
 * dropped, so the map stays as small as the set of recently active clients.
 */
public final class SubmissionRateLimit {

    static final long IDLE_NANOS = 10L * 60 * 1_000_000_000L;
    private static final int SWEEP_ABOVE = 10_000;

    private final double burst;
    private final double perNano;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedAt = now;
        }
    }

    public SubmissionRateLimit(int perMinute, int burst) {
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("the submission rate and burst must be at least 1, got " + perMinute + " and " + burst);
        }
        this.burst = burst;
        this.perNano = perMinute / 60e9;
    }

    /** Takes one submission for {@code client} at {@code now} (nanoseconds): 0 if allowed, else the seconds to wait. */
    public long acquire(String client, long now) {
        if (buckets.size() > SWEEP_ABOVE) {
            dropIdle(now);
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedAt) * perNano);
            bucket.updatedAt = now;
            if (bucket.tokens >= 1.0) {
                bucket.tokens -= 1.0;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1.0 - bucket.tokens) / perNano / 1e9));
        }
    }

    private void dropIdle(long now) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (now - it.next().updatedAt > IDLE_NANOS) {
                it.remove();
            }
        }
    }

    int clients() {
        return buckets.size();
    }
}
