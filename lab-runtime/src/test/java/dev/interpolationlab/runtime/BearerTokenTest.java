package dev.interpolationlab.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

    private final BearerToken token = BearerToken.of(Optional.of("  s3cret-token "));

    @Test
    void onlyTheConfiguredTokenPasses() {
        assertTrue(token.isSet());
        assertEquals(Optional.empty(), token.refusal("Bearer s3cret-token"));
        assertEquals(Optional.empty(), token.refusal("bearer   s3cret-token  "), "the scheme is case-insensitive (RFC 7235)");
        assertEquals(Optional.of("the bearer token is not this service's"), token.refusal("Bearer s3cret-tokem"));
        assertEquals(Optional.of("the bearer token is not this service's"), token.refusal("Bearer s3cret-token2"));
        for (String missing : new String[] {null, "", "Bearer ", "Basic czNjcmV0LXRva2Vu", "s3cret-token"}) {
            assertEquals(Optional.of("this endpoint needs an Authorization: Bearer token (LAB_API_TOKEN)"), token.refusal(missing),
                    String.valueOf(missing));
        }
    }

    @Test
    void withoutATokenEveryRequestPassesAndNoHeaderIsSent() {
        for (Optional<String> none : java.util.List.of(Optional.<String>empty(), Optional.of("   "))) {
            BearerToken open = BearerToken.of(none);
            assertFalse(open.isSet());
            assertEquals(Optional.empty(), open.refusal(null));
            assertEquals(Optional.empty(), open.authorizationHeader());
        }
        assertEquals(Optional.of("Bearer s3cret-token"), token.authorizationHeader());
    }

    @Test
    void aRequiredTokenThatIsNotSetStopsTheStartAndSaysWhatToSet() {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> BearerToken.of(Optional.of(" "), true, "the gateway's token"));
        assertEquals("LAB_API_TOKEN_REQUIRED is true but LAB_API_TOKEN is not set: set the gateway's token", missing.getMessage());
        assertTrue(BearerToken.of(Optional.of("t"), true, "the gateway's token").isSet());
        assertFalse(BearerToken.of(Optional.empty(), false, "the gateway's token").isSet());
    }
}
