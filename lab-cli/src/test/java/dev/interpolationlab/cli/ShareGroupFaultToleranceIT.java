package dev.interpolationlab.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

/**
 * The faults of {@link FaultToleranceIT} with trainers on a share group: a killed trainer's run comes back when its
 * acquisition lock lapses, the share group's state (which runs are acquired, delivered how often) survives the broker
 * restarted, and a run that keeps failing is still tried within LAB_RUN_MAX_ATTEMPTS. A broker restart ends the
 * locks it held, so a run training through one starts again: the broker is restarted until the run has started
 * five times, past its budget of three (the trainers that lost it gave those attempts back). (A budget past the
 * broker's delivery limit is shown by the trainer's ShareGroupRetryBudgetTest.)
 */
class ShareGroupFaultToleranceIT extends FaultToleranceIT {

    private static final int STARTS = MAX_ATTEMPTS + 2;

    @Override
    Map<String, String> dispatch() {
        return Map.of("LAB_TRAINER_DISPATCH", TrainerGroup.SHARE_GROUP.dispatch);
    }

    @Override
    boolean anotherOutage(int restarts, int attempt) {
        return attempt < STARTS && restarts < 12;
    }

    @Override
    void assertOutagesCounted(int attempts) {
        assertTrue(attempts >= STARTS, "the outages ended the run's attempts " + attempts + " times, not " + STARTS);
    }
}
