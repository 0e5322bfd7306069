package dev.interpolationlab.core.spec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.interpolationlab.api.SpecError;
import dev.interpolationlab.core.sweep.GridExpander;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and mutated specs through the parser and the validator: each is either accepted, and then
 * expands into no more runs than the limit allows, or rejected with every error naming a field and saying what is
 * wrong. Nothing else may happen: an exception of any other kind would be a 500 at the gateway.
 */
class SpecFuzzTest {

    private static final SpecLimits LIMITS = new SpecLimits(10_000, 50_000_000L, 50_000_000L, 10_000_000L, 1_000_000);

    @Test
    void everySpecIsAcceptedWithinTheLimitsOrRejectedWithNamedErrors() {
        SpecParser parser = new SpecParser(LIMITS);
        SpecMutations specs = new SpecMutations(20261201L);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 5_000; i++) {
            String body = specs.next();
            try {
                ValidatedSweep sweep = parser.parseJson(body);
                int runs = GridExpander.runs("sw-fuzz", sweep).size();
                assertTrue(runs >= 1 && runs <= LIMITS.maxRuns(), runs + " runs from " + body);
                accepted++;
            } catch (InvalidSpecException e) {
                assertFalse(e.errors().isEmpty(), "rejected without an error: " + body);
                for (SpecError error : e.errors()) {
                    assertTrue(error.field() != null && !error.field().isBlank() && error.message() != null && !error.message().isBlank(),
                            "an error without a field or a message: " + error + " for " + body);
                }
                rejected++;
            } catch (RuntimeException | StackOverflowError e) {
                fail("spec #" + i + " threw " + e + " instead of a validation error:\n" + body, e);
            }
        }
        // the mutations must reach both sides, or the test would prove little
        assertTrue(accepted > 100 && rejected > 3_000, accepted + " accepted, " + rejected + " rejected");
    }
}
