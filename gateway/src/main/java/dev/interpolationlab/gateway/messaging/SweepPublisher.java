package dev.interpolationlab.gateway.messaging;

import dev.interpolationlab.core.spec.ValidatedSweep;
import dev.interpolationlab.core.sweep.ExpectedCost;
import dev.interpolationlab.core.sweep.GridExpander;
import dev.interpolationlab.core.sweep.PlannedRun;
import dev.interpolationlab.proto.v1.RunRequest;
import dev.interpolationlab.proto.v1.SweepAccepted;
import dev.interpolationlab.proto.v1.SweepControl;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Expands an accepted sweep into runs and publishes it: first the sweep with its full run list (so the store
 * knows every run, and a run whose request is lost stays visibly queued), then one request per run. Returns only
 * when the broker has acknowledged every record.
 */
@ApplicationScoped
public class SweepPublisher {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    @Channel("sweeps")
    MutinyEmitter<SweepAccepted> sweeps;

    @Inject
    @Channel("run-requests")
    MutinyEmitter<RunRequest> runRequests;

    @Inject
    @Channel("sweep-controls")
    MutinyEmitter<SweepControl> controls;

    @ConfigProperty(name = "quarkus.application.version")
    String codeVersion;

    public SweepAccepted publish(ValidatedSweep sweep) {
        String sweepId = "sw-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<PlannedRun> runs = GridExpander.runs(sweepId, sweep);
        SweepAccepted accepted = SweepAccepted.newBuilder()
                .setSweepId(sweepId)
                .setSpec(sweep.spec())
                .setSpecJson(sweep.normalised().toString())
                .addAllRuns(runs.stream().map(PlannedRun::ref).toList())
                .setAcceptedAtMs(System.currentTimeMillis())
                .setCodeVersion(codeVersion)
                .build();
        sweeps.sendMessage(KafkaRecord.of(sweepId, accepted)).await().atMost(PUBLISH_TIMEOUT);
        request(sweepId, runs);
        return accepted;
    }

    /**
     * Cancels a sweep: trainers stop its runs requested before now (running ones within a step, queued ones when they
     * reach them) and the store marks its queued runs cancelled.
     */
    public void cancel(String sweepId) {
        long now = System.currentTimeMillis();
        control(SweepControl.newBuilder().setSweepId(sweepId).setAction(SweepControl.Action.CANCEL).setAtMs(now).setCancelledAtMs(now).build());
    }

    /**
     * Requests the failed runs of a sweep again: first the control record (the store queues them again, and it repeats
     * the sweep's cancellation, if any, for the compacted topic), then the requests, which postdate any cancellation.
     */
    public void retry(String sweepId, List<PlannedRun> failed, long cancelledAtMs) {
        control(SweepControl.newBuilder().setSweepId(sweepId).setAction(SweepControl.Action.RETRY).setAtMs(System.currentTimeMillis())
                .setCancelledAtMs(cancelledAtMs).addAllRunIds(failed.stream().map(run -> run.ref().getRunId()).toList()).build());
        request(sweepId, failed);
    }

    private void control(SweepControl control) {
        controls.sendMessage(KafkaRecord.of(control.getSweepId(), control)).await().atMost(PUBLISH_TIMEOUT);
    }

    /**
     * Requests the runs longest first (their expected cost): trainers take them in about that order, so the short
     * runs fill the end of the sweep instead of one long run finishing alone.
     */
    private void request(String sweepId, List<PlannedRun> runs) {
        long now = System.currentTimeMillis();
        List<Uni<Void>> sends = new ArrayList<>(runs.size());
        for (PlannedRun run : ExpectedCost.longestFirst(runs)) {
            RunRequest request = RunRequest.newBuilder()
                    .setRunId(run.ref().getRunId())
                    .setSweepId(sweepId)
                    .setRef(run.ref())
                    .setSpec(run.spec())
                    .setRequestedAtMs(now)
                    .build();
            sends.add(runRequests.sendMessage(KafkaRecord.of(request.getRunId(), request)));
        }
        Uni.join().all(sends).andFailFast().await().atMost(PUBLISH_TIMEOUT);
    }
}
