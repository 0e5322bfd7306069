package dev.interpolationlab.analysis.service;

import dev.interpolationlab.analysis.store.LabStore;
import dev.interpolationlab.api.SweepView;
import dev.interpolationlab.core.sweep.GridExpander;
import dev.interpolationlab.core.sweep.TrainingSpecs;
import dev.interpolationlab.proto.v1.RetryPlan;
import dev.interpolationlab.proto.v1.RunRef;
import dev.interpolationlab.proto.v1.RunRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What a retry of a sweep requests again, decided where run status is kept: each failed run with its stored identity
 * and its training spec rebuilt from the sweep's stored spec at its grid point, as the sweep was expanded.
 */
@ApplicationScoped
public class RetryPlanner {

    @Inject
    LabStore store;

    /** Empty when the sweep is not stored; a plan without requests when no run has failed. */
    public Optional<RetryPlan> plan(String sweepId) throws SQLException {
        Optional<SweepView> sweep = store.sweep(sweepId);
        if (sweep.isEmpty()) {
            return Optional.empty();
        }
        RetryPlan.Builder plan = RetryPlan.newBuilder().setSweepId(sweepId);
        if (sweep.get().cancelledAt() != null) {
            plan.setCancelledAtMs(sweep.get().cancelledAt().toEpochMilli());
        }
        for (RunRef failed : store.failedRuns(sweepId)) {
            plan.addRequests(RunRequest.newBuilder().setRunId(failed.getRunId()).setSweepId(sweepId).setRef(failed)
                    .setSpec(TrainingSpecs.fromNormalised(GridExpander.specAt(sweep.get().spec(), failed.getGridPointList()))));
        }
        return Optional.of(plan.build());
    }
}
