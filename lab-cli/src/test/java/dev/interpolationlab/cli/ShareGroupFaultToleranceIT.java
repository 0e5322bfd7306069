package dev.interpolationlab.cli;

import java.util.Map;

/**
 * The faults of {@link FaultToleranceIT} with trainers on a share group: a killed trainer's run comes back when its
 * acquisition lock lapses, the share group's state (which runs are acquired, delivered how often) survives the broker
 * restarted, and a run that keeps failing is still tried within LAB_RUN_MAX_ATTEMPTS.
 */
class ShareGroupFaultToleranceIT extends FaultToleranceIT {

    @Override
    Map<String, String> dispatch() {
        return Map.of("LAB_TRAINER_DISPATCH", TrainerGroup.SHARE_GROUP.dispatch);
    }
}
