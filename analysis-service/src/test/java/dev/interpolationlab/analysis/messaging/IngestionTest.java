package dev.interpolationlab.analysis.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.interpolationlab.infra.KafkaProbe;
import dev.interpolationlab.infra.LabInfraTestResource;
import dev.interpolationlab.proto.v1.AnalysisResult;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.GridValue;
import dev.interpolationlab.proto.v1.RunEvent;
import dev.interpolationlab.proto.v1.RunRef;
import dev.interpolationlab.proto.v1.RunSummary;
import dev.interpolationlab.proto.v1.SweepAccepted;
import dev.interpolationlab.proto.v1.SweepControl;
import dev.interpolationlab.proto.v1.SweepSpec;
import dev.interpolationlab.proto.v1.ThresholdRow;
import dev.interpolationlab.proto.v1.TrainingSpec;
import dev.interpolationlab.proto.v1.DataSpec;
import dev.interpolationlab.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The analysis service on a real broker and a real PostgreSQL. */
@QuarkusTest
@WithTestResource(LabInfraTestResource.class)
class IngestionTest {

    private static KafkaProbe kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaProbe(LabInfraTestResource.infra().kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    private static String acceptSweep(int runs) {
        String sweepId = "sw-" + UUID.randomUUID().toString().substring(0, 8);
        SweepAccepted.Builder sweep = SweepAccepted.newBuilder()
                .setSweepId(sweepId)
                .setSpec(SweepSpec.newBuilder().setName("ingestion").setBase(TrainingSpec.newBuilder()
                        .setData(DataSpec.newBuilder().setSamples(100))))
                .setSpecJson("{\"name\": \"ingestion\"}")
                .setAcceptedAtMs(System.currentTimeMillis());
        for (int i = 0; i < runs; i++) {
            sweep.addRuns(RunRef.newBuilder().setRunId(sweepId + "-" + i).setIndex(i).setSeed(-1L)
                    .addGridPoint(GridValue.newBuilder().setPath("data.samples").setValue(Integer.toString(20 * (i + 1)))));
        }
        kafka.send(Topics.SWEEPS, sweepId, sweep.build());
        await(() -> given().get("/api/sweeps/" + sweepId).statusCode() == 200);
        return sweepId;
    }

    @Test
    void aSweepIsStoredWithItsRunsQueued() {
        String sweepId = acceptSweep(2);
        given().get("/api/sweeps/" + sweepId).then()
                .body("status", equalTo("queued"))
                .body("runs.total", equalTo(2))
                .body("runs.queued", equalTo(2));
        given().get("/api/sweeps/" + sweepId + "/runs").then()
                .body("id", contains(sweepId + "-0", sweepId + "-1"))
                .body("samples", contains(20, 40))
                .body("seed", contains("18446744073709551615", "18446744073709551615"));
    }

    @Test
    void theUnfinishedRunsGaugeCountsQueuedAndRunningRunsForTheAutoscaler() {
        double queued = unfinished("queued");
        double running = unfinished("running");
        String sweepId = acceptSweep(3);
        RunEvent started = RunEvent.newBuilder().setRunId(sweepId + "-0").setSweepId(sweepId).setKind(RunEvent.Kind.STARTED)
                .setTrainerId("t1").build();
        kafka.send(Topics.RUNS_EVENTS, started.getRunId(), started);
        await(() -> unfinished("queued") == queued + 2 && unfinished("running") == running + 1);
        kafka.send(Topics.RUNS_EVENTS, started.getRunId(), started.toBuilder().setKind(RunEvent.Kind.FAILED).setReason("test").build());
        await(() -> unfinished("queued") == queued + 2 && unfinished("running") == running);
    }

    /** lab_runs_unfinished{state} as Prometheus scrapes it. */
    private static double unfinished(String state) {
        Matcher value = Pattern.compile("(?m)^lab_runs_unfinished\\{[^}]*state=\"" + state + "\"[^}]*} (\\S+)$")
                .matcher(given().get("/q/metrics").asString());
        return value.find() ? Double.parseDouble(value.group(1)) : Double.NaN;
    }

    @Test
    void redeliveredMetricsAreStoredOnce() {
        String sweepId = acceptSweep(1);
        String runId = sweepId + "-0";
        EpochMetrics step0 = EpochMetrics.newBuilder().setRunId(runId).setSweepId(sweepId).setStep(0).setTrainLoss(1.0)
                .setDirectionClusters(3).setAlignmentOls(0.25).build();
        EpochMetrics step10 = step0.toBuilder().setStep(10).setTrainLoss(0.5).clearDirectionClusters().clearAlignmentOls().build();
        kafka.send(Topics.RUNS_METRICS, runId, step0);
        kafka.send(Topics.RUNS_METRICS, runId, step10);
        // Batches are stored concurrently, so the redeliveries follow once the originals are stored.
        await(() -> given().get("/api/runs/" + runId + "/metrics").jsonPath().getList("step").size() == 2);
        kafka.send(Topics.RUNS_METRICS, runId, step0.toBuilder().setTrainLoss(99).build()); // redelivery must not overwrite
        kafka.send(Topics.RUNS_METRICS, runId, step10);
        EpochMetrics marker = step0.toBuilder().setStep(20).build();
        kafka.send(Topics.RUNS_METRICS, runId, marker);
        await(() -> given().get("/api/runs/" + runId + "/metrics").jsonPath().getList("step").size() == 3);
        given().get("/api/runs/" + runId + "/metrics").then()
                .body("step", contains(0, 10, 20))
                .body("trainLoss[0]", equalTo(1.0f))
                .body("directionClusters[0]", equalTo(3))
                .body("alignmentOls[0]", equalTo(0.25f))
                .body("directionClusters[1]", nullValue());
        given().get("/api/runs/" + runId + "/metrics?format=csv").then()
                .contentType(startsWith("text/csv"))
                .body(startsWith("step,trainLoss,testLoss"));
    }

    @Test
    void aRunNeverMovesBackwardsAndTheAnalysisCountsIt() {
        String sweepId = acceptSweep(1);
        String runId = sweepId + "-0";
        RunEvent started = RunEvent.newBuilder().setRunId(runId).setSweepId(sweepId).setKind(RunEvent.Kind.STARTED).setTrainerId("t1").build();
        RunEvent completed = started.toBuilder().setKind(RunEvent.Kind.COMPLETED)
                .setSummary(RunSummary.newBuilder().setSamples(20).setOlsTrainRatio(0.97).setOlsTestRatio(3.0).setSteps(100)
                        .setStopReason("converged").setFinalTrainLoss(0.1).setLabelVariance(1.0)).build();
        kafka.send(Topics.RUNS_EVENTS, runId, started);
        kafka.send(Topics.RUNS_EVENTS, runId, completed);
        kafka.send(Topics.RUNS_EVENTS, runId, started); // a late redelivery
        RunEvent marker = RunEvent.newBuilder().setRunId("marker-" + sweepId).setSweepId("other").setKind(RunEvent.Kind.STARTED).build();
        kafka.send(Topics.RUNS_EVENTS, runId, marker); // same partition, behind the redelivery
        await(() -> given().get("/api/sweeps/other/runs").statusCode() == 404
                && given().get("/api/runs/marker-" + sweepId + "/metrics").statusCode() == 200);
        given().get("/api/sweeps/" + sweepId).then().body("status", equalTo("completed"));
        given().get("/api/sweeps/" + sweepId + "/runs").then().body("status", contains("completed"));
        // no curve is stored: the horizon-extension check has nothing to agree with, so the run is not certified
        given().get("/api/sweeps/" + sweepId + "/analysis").then()
                .body("threshold[0].rows[0].samples", equalTo(20))
                .body("threshold[0].rows[0].unresolvedRuns", equalTo(1))
                .body("threshold[0].rows[0].fractionNonInterpolating", nullValue());
        given().get("/api/sweeps/" + sweepId + "/runs").then().body("endState", contains("unresolved"));
    }

    /**
     * The end state is decided from the stored curve: both runs stopped by the convergence rule at the OLS loss, but
     * only the first was flat over its last doubling of steps (500 → 1000); the second dropped 20% there.
     */
    @Test
    void theStoredCurveDecidesWhetherAConvergedRunIsCertified() {
        String sweepId = acceptSweep(2);
        double[][] curves = {{0.3, 0.1, 0.1, 0.10001}, {0.3, 0.1, 0.1, 0.08}};
        for (int i = 0; i < 2; i++) {
            String runId = sweepId + "-" + i;
            long[] steps = {0, 250, 500, 1000};
            for (int k = 0; k < steps.length; k++) {
                kafka.send(Topics.RUNS_METRICS, runId, EpochMetrics.newBuilder().setRunId(runId).setSweepId(sweepId)
                        .setStep(steps[k]).setTrainLoss(curves[i][k]).build());
            }
            kafka.send(Topics.RUNS_EVENTS, runId, RunEvent.newBuilder().setRunId(runId).setSweepId(sweepId)
                    .setKind(RunEvent.Kind.COMPLETED).setTrainerId("t1").setAtMs(System.currentTimeMillis()) // waits for its 4 steps
                    .setSummary(RunSummary.newBuilder().setSamples(20 * (i + 1)).setSteps(1000).setStopReason("converged")
                            .setFinalTrainLoss(curves[i][3]).setOlsTrainRatio(0.98).setOlsTestRatio(2.0).setLabelVariance(1.0)
                            .setRecordedSteps(4)).build());
        }
        await(() -> given().get("/api/sweeps/" + sweepId).jsonPath().getString("status").equals("completed"));
        given().get("/api/sweeps/" + sweepId + "/runs").then().body("endState", contains("ols-like", "unresolved"));
        given().get("/api/sweeps/" + sweepId + "/analysis").then()
                .body("threshold[0].rows[0].olsLikeRuns", equalTo(1))
                .body("threshold[0].rows[1].unresolvedRuns", equalTo(1))
                .body("threshold[0].unresolved", equalTo(1));
    }

    /** A burst of finished runs is published as a few coalesced analyses, the last of which counts every run. */
    @Test
    void aBurstOfFinishedRunsIsPublishedAsCoalescedAnalyses() throws Exception {
        int runs = 40;
        String sweepId = acceptSweep(runs);
        for (int i = 0; i < runs; i++) {
            String runId = sweepId + "-" + i;
            kafka.send(Topics.RUNS_EVENTS, runId, RunEvent.newBuilder().setRunId(runId).setSweepId(sweepId)
                    .setKind(RunEvent.Kind.COMPLETED).setSummary(RunSummary.newBuilder().setSamples(20 * (i + 1))
                            .setOlsTrainRatio(0.97).setSteps(10)).build());
        }
        var published = kafka.readUntil(Topics.ANALYSES, records -> records.stream()
                .filter(r -> sweepId.equals(r.key())).anyMatch(r -> completedRuns(r.value()) == runs), Duration.ofSeconds(30));
        var ours = published.stream().filter(r -> sweepId.equals(r.key())).toList();
        assertEquals(runs, completedRuns(ours.get(ours.size() - 1).value()), "the last analysis counts every finished run");
        assertTrue(ours.size() < runs, ours.size() + " analyses published for " + runs + " finished runs");
    }

    private static int completedRuns(byte[] analysis) {
        try {
            return AnalysisResult.parseFrom(analysis).getThresholdList().stream()
                    .flatMap(group -> group.getRowsList().stream()).mapToInt(ThresholdRow::getCompleted).sum();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAndTheNextRecordIsStored() {
        String sweepId = acceptSweep(1);
        String runId = sweepId + "-0";
        kafka.sendRaw(Topics.RUNS_METRICS, runId, new byte[] {1, 2, 3},
                Map.of("lab-type", "interpolationlab.v1.EpochMetrics", "lab-schema-version", "1"));
        kafka.send(Topics.RUNS_METRICS, runId, EpochMetrics.newBuilder().setRunId(runId).setStep(7).build());
        var deadLetters = kafka.readUntil(Topics.deadLetter(Topics.RUNS_METRICS),
                records -> records.stream().anyMatch(r -> runId.equals(r.key())), Duration.ofSeconds(30));
        var poison = deadLetters.stream().filter(r -> runId.equals(r.key())).findFirst().orElseThrow();
        String reason = KafkaProbe.header(poison, "dead-letter-reason");
        assertTrue(reason.contains("not a valid interpolationlab.v1.EpochMetrics"), reason);
        await(() -> given().get("/api/runs/" + runId + "/metrics").jsonPath().getList("step").contains(7));
    }

    @Test
    void unknownIdsAreJson404s() {
        given().get("/api/sweeps/nope").then().statusCode(404).body("error", equalTo("not-found"));
        given().get("/api/sweeps/nope/runs").then().statusCode(404).body("error", equalTo("not-found"));
        given().get("/api/sweeps/nope/analysis").then().statusCode(404);
        given().get("/api/runs/nope/metrics").then().statusCode(404).body("message", equalTo("no run with id 'nope'"));
    }

    static void await(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("condition not met within 30 s");
    }

    @Test
    void cancellingQueuesNothingMoreAndARetryRequeuesOnlyTheFailedRuns() {
        String sweepId = acceptSweep(3);
        RunEvent failed = RunEvent.newBuilder().setRunId(sweepId + "-0").setSweepId(sweepId).setKind(RunEvent.Kind.FAILED)
                .setReason("boom").build();
        RunEvent started = RunEvent.newBuilder().setRunId(sweepId + "-1").setSweepId(sweepId).setKind(RunEvent.Kind.STARTED).build();
        kafka.send(Topics.RUNS_EVENTS, failed.getRunId(), failed);
        kafka.send(Topics.RUNS_EVENTS, started.getRunId(), started);
        await(() -> given().get("/api/sweeps/" + sweepId).jsonPath().getInt("runs.failed") == 1
                && given().get("/api/sweeps/" + sweepId).jsonPath().getInt("runs.running") == 1);

        long cancelledAt = System.currentTimeMillis();
        kafka.send(Topics.SWEEPS_CONTROL, sweepId, SweepControl.newBuilder().setSweepId(sweepId).setAction(SweepControl.Action.CANCEL)
                .setAtMs(cancelledAt).setCancelledAtMs(cancelledAt).build());
        await(() -> given().get("/api/sweeps/" + sweepId).jsonPath().getInt("runs.cancelled") == 1);
        given().get("/api/sweeps/" + sweepId + "/runs").then()
                .body("status", contains("failed", "running", "cancelled")) // the running run is its trainer's to stop
                .body("reason[2]", equalTo("cancelled by the user"));
        given().get("/api/sweeps/" + sweepId).then().body("cancelledAt", startsWith(java.time.Instant.ofEpochMilli(cancelledAt).toString().substring(0, 16)));

        kafka.send(Topics.SWEEPS_CONTROL, sweepId, SweepControl.newBuilder().setSweepId(sweepId).setAction(SweepControl.Action.RETRY)
                .setAtMs(System.currentTimeMillis()).setCancelledAtMs(cancelledAt).addRunIds(sweepId + "-0").addRunIds(sweepId + "-1").build());
        await(() -> given().get("/api/sweeps/" + sweepId).jsonPath().getInt("runs.failed") == 0);
        given().get("/api/sweeps/" + sweepId + "/runs").then()
                .body("status", contains("queued", "running", "cancelled")) // only the failed run is queued again
                .body("reason[0]", nullValue());
    }
}
