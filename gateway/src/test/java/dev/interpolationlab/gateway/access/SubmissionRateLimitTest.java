package dev.interpolationlab.gateway.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SubmissionRateLimitTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstPassesThenTheRateHoldsAndTheWaitIsNamed() {
        SubmissionRateLimit limit = new SubmissionRateLimit(6, 3); // one every 10 s after a burst of 3
        long t = 1_000 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limit.acquire("a", t), "burst submission " + i);
        }
        assertEquals(10, limit.acquire("a", t), "the fourth waits for one token: 10 s");
        assertEquals(4, limit.acquire("a", t + 6 * SECOND), "6 s later, 4 s to go");
        assertEquals(0, limit.acquire("a", t + 10 * SECOND));
        assertEquals(10, limit.acquire("a", t + 10 * SECOND), "the token was spent");
    }

    @Test
    void clientsHaveBucketsOfTheirOwnThatRefillOnlyUpToTheBurst() {
        SubmissionRateLimit limit = new SubmissionRateLimit(60, 2);
        long t = 0;
        assertEquals(0, limit.acquire("a", t));
        assertEquals(0, limit.acquire("a", t));
        assertEquals(1, limit.acquire("a", t));
        assertEquals(0, limit.acquire("b", t), "another client is not held back");
        // an hour idle refills to the burst, not to 3600
        long later = t + 3600 * SECOND;
        assertEquals(0, limit.acquire("a", later));
        assertEquals(0, limit.acquire("a", later));
        assertEquals(1, limit.acquire("a", later));
    }

    @Test
    void idleClientsAreForgottenOnceManyHaveCome() {
        SubmissionRateLimit limit = new SubmissionRateLimit(60, 1);
        for (int i = 0; i <= 10_000; i++) {
            limit.acquire("client-" + i, 0);
        }
        limit.acquire("late", SubmissionRateLimit.IDLE_NANOS + SECOND);
        assertEquals(1, limit.clients(), "only the client seen in the last ten minutes is kept");
    }

    @Test
    void aRateOrBurstBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SubmissionRateLimit(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SubmissionRateLimit(1, 0));
    }
}
