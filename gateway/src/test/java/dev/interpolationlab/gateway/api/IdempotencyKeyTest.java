package dev.interpolationlab.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

    private static final String SPEC = "{\"name\":\"a\",\"seed\":1}";

    private static IdempotencyKey key(String header) throws IdempotencyKey.InvalidKey {
        return IdempotencyKey.of(header).orElseThrow();
    }

    @Test
    void theSameKeyAndSpecNameTheSameSweepAndAnythingElseAnother() throws Exception {
        String id = key("7f1c0e9a-submit").sweepId(SPEC);
        assertTrue(id.matches("sw-[0-9a-f]{12}"), id);
        assertEquals(id, key("7f1c0e9a-submit").sweepId(SPEC), "a retry names the same sweep, on any replica");
        assertNotEquals(id, key("7f1c0e9a-submit").sweepId("{\"name\":\"a\",\"seed\":2}"), "another spec under the key");
        assertNotEquals(id, key("7f1c0e9a-submiT").sweepId(SPEC), "another key");
        // the separator: key "ab" with spec "c…" is not key "a" with spec "bc…"
        assertNotEquals(key("ab").sweepId("c"), key("a").sweepId("bc"));
    }

    @Test
    void noHeaderIsNoKeyAndAnUnusableOneIsRefusedWithItsReason() throws Exception {
        assertEquals(Optional.empty(), IdempotencyKey.of(null));
        for (String bad : new String[] {"", "has space", "tab\there", "é", "x".repeat(IdempotencyKey.MAX_LENGTH + 1)}) {
            IdempotencyKey.InvalidKey refused = assertThrows(IdempotencyKey.InvalidKey.class, () -> IdempotencyKey.of(bad), bad);
            assertEquals("Idempotency-Key", refused.error().field());
            assertTrue(refused.error().message().contains("1 to " + IdempotencyKey.MAX_LENGTH), refused.error().message());
        }
        assertTrue(IdempotencyKey.of("x".repeat(IdempotencyKey.MAX_LENGTH)).isPresent());
    }
}
