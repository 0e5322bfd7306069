package dev.interpolationlab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.interpolationlab.api.RunCounts;
import org.junit.jupiter.api.Test;

class RunCountsTest {

    @Test
    void sweepStatusFollowsItsRuns() {
        assertEquals("queued", new RunCounts(4, 4, 0, 0, 0, 0).sweepStatus());
        assertEquals("running", new RunCounts(4, 3, 1, 0, 0, 0).sweepStatus());
        assertEquals("running", new RunCounts(4, 3, 0, 1, 0, 0).sweepStatus());
        assertEquals("completed", new RunCounts(4, 0, 0, 4, 0, 0).sweepStatus());
        assertEquals("failed", new RunCounts(4, 0, 0, 3, 1, 0).sweepStatus());
        assertEquals("cancelled", new RunCounts(4, 0, 0, 3, 0, 1).sweepStatus());
    }
}
