package dev.interpolationlab.gateway.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.interpolationlab.gateway.live.StreamAdmission.Verdict;
import org.junit.jupiter.api.Test;

class StreamAdmissionTest {

    @Test
    void eachClientHasItsShareAndTheGatewayItsTotal() {
        StreamAdmission admission = new StreamAdmission(2, 3);
        assertEquals(Verdict.ADMITTED, admission.admit("a"));
        assertEquals(Verdict.ADMITTED, admission.admit("a"));
        assertEquals(Verdict.CLIENT_FULL, admission.admit("a"));
        assertEquals(Verdict.ADMITTED, admission.admit("b"));
        assertEquals(Verdict.GATEWAY_FULL, admission.admit("c"), "three open in all");
        admission.release("a");
        assertEquals(Verdict.ADMITTED, admission.admit("c"), "a released stream makes room");
        assertEquals(Verdict.GATEWAY_FULL, admission.admit("a"));
    }

    @Test
    void clientsWithNoOpenStreamAreForgotten() {
        StreamAdmission admission = new StreamAdmission(1, 10);
        for (int i = 0; i < 5; i++) {
            assertEquals(Verdict.ADMITTED, admission.admit("client-" + i));
            admission.release("client-" + i);
        }
        assertEquals(0, admission.clients());
        assertThrows(IllegalStateException.class, () -> admission.release("client-0"));
    }
}
