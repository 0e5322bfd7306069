package dev.interpolationlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The faults of {@link LabFaults} with trainers on a share group: a killed trainer's run comes back when its
 * acquisition lock lapses, the share group's state (which runs are acquired, delivered how often) survives the broker
 * restarted, and a run that keeps failing is still tried within LAB_RUN_MAX_ATTEMPTS. A broker restart ends the locks
 * it held, so a run training through one starts again: {@link #brokerOutagesCostTheRunNoAttempt} restarts the broker
 * until the run has started five times, past its budget of three (the trainers that lost it gave those attempts back).
 * (A budget past the broker's delivery limit is shown by the trainer's ShareGroupRetryBudgetTest.)
 */
class ShareGroupFaultToleranceIT extends LabFaults {

    private static final int STARTS = MAX_ATTEMPTS + 2;

    @Override
    Map<String, String> dispatch() {
        return Map.of("LAB_TRAINER_DISPATCH", TrainerGroup.SHARE_GROUP.dispatch);
    }

    /** Kafka outages cost a run none of its budget: it completes, with every recorded step stored once. */
    @Test
    @Order(5)
    void brokerOutagesCostTheRunNoAttempt() throws Exception {
        int steps = 600_000;
        String id = lab.submit(sweep("outages", 1, steps));
        String runId = lab.awaitRun(id, run -> lab.storedSteps(run.path("id").asText()).size() > 3, Duration.ofMinutes(2))
                .path("id").asText();
        for (int restarts = 0; lab.runOf(id, runId).path("attempts").asInt() < STARTS && restarts < 12; restarts++) {
            int stored = lab.storedSteps(runId).size();
            stack.stop("kafka");
            Thread.sleep(3_000);
            stack.startAgain("kafka");
            // trained on after the outage: steps past those stored before it
            lab.awaitRun(id, run -> run.path("id").asText().equals(runId) && lab.storedSteps(runId).size() > stored + 3,
                    Duration.ofMinutes(2));
        }
        // 600,000 steps: 11 minutes at the 870 steps/s of a slow CI machine, a few on a fast one
        JsonNode sweep = lab.awaitStatus(id, "completed", Duration.ofMinutes(12));
        assertEquals(1, sweep.at("/runs/completed").asInt(), sweep.toString());
        JsonNode run = lab.runOf(id, runId);
        assertEquals(RunningLab.schedule(steps, EVERY), lab.storedSteps(runId), "every step of " + runId + " once");
        int attempts = run.path("attempts").asInt();
        assertTrue(attempts >= STARTS, "the outages ended the run's attempts " + attempts + " times, not " + STARTS);
    }
}
