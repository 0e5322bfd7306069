package dev.interpolationlab.analysis.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.interpolationlab.infra.KafkaProbe;
import dev.interpolationlab.infra.LabInfraTestResource;
import dev.interpolationlab.proto.v1.AnalysisResult;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.GridValue;
import dev.interpolationlab.core.spec.SpecLimits;
import dev.interpolationlab.core.spec.SpecParser;
import dev.interpolationlab.core.spec.ValidatedSweep;
import dev.interpolationlab.core.sweep.GridExpander;
import dev.interpolationlab.core.sweep.PlannedRun;
import dev.interpolationlab.proto.v1.RetryPlan;
import dev.interpolationlab.proto.v1.RunEvent;
import dev.interpolationlab.proto.v1.RunRequest;
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
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
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
        return acceptSweep(runs, System.currentTimeMillis());
    }

    private static String acceptSweep(int runs, long acceptedAtMs) {
        String sweepId = "sw-" + UUID.randomUUID().toString().substring(0, 8);
        SweepAccepted.Builder sweep = SweepAccepted.newBuilder()
                .setSweepId(sweepId)
                .setSpec(SweepSpec.newBuilder().setName("ingestion").setBase(TrainingSpec.newBuilder()
                        .setData(DataSpec.newBuilder().setSamples(100))))
                .setSpecJson("{\"name\": \"ingestion\"}")
                .setAcceptedAtMs(acceptedAtMs);
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
        // final states are final: a late cancellation (the user cancelled as the run completed) keeps the summary
        kafka.send(Topics.RUNS_EVENTS, runId, started.toBuilder().setKind(RunEvent.Kind.CANCELLED).setReason("cancelled by the user").build());
        RunEvent marker = RunEvent.newBuilder().setRunId("marker-" + sweepId).setSweepId("other").setKind(RunEvent.Kind.STARTED).build();
        kafka.send(Topics.RUNS_EVENTS, runId, marker); // same partition, behind the redelivery
        await(() -> given().get("/api/sweeps/other/runs").statusCode() == 404
                && given().get("/api/runs/marker-" + sweepId + "/metrics").statusCode() == 200);
        given().get("/api/sweeps/" + sweepId).then().body("status", equalTo("completed"));
        given().get("/api/sweeps/" + sweepId + "/runs").then().body("status", contains("completed")).body("finalTrainLoss", contains(0.1f));
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

    /**
     * Compute once, read many: a read is served the analysis the scheduler stored while the sweep's inputs are as they
     * were, and a change of them makes the next read current again (computed by the read or by the scheduler first).
     */
    @Test
    void theStoredAnalysisIsServedUntilTheSweepChanges() throws Exception {
        String sweepId = acceptSweep(2);
        complete(sweepId + "-0", sweepId);
        var published = kafka.readUntil(Topics.ANALYSES, records -> records.stream().filter(r -> sweepId.equals(r.key()))
                .anyMatch(r -> completedRuns(r.value()) == 1), Duration.ofSeconds(30)).stream().filter(r -> sweepId.equals(r.key())).toList();
        // the analysis of this state is stored (it is published after it is saved)
        double before = computedOnRead();
        String first = given().get("/api/sweeps/" + sweepId + "/analysis").then().statusCode(200).extract().asString();
        String second = given().get("/api/sweeps/" + sweepId + "/analysis").then().statusCode(200).extract().asString();
        assertEquals(first, second, "the same stored result, computedAtMs included");
        assertEquals(AnalysisResult.parseFrom(published.get(published.size() - 1).value()), parse(first), "what the scheduler computed and published");
        assertEquals(before, computedOnRead(), "neither read computed the analysis");

        complete(sweepId + "-1", sweepId);
        await(() -> given().get("/api/sweeps/" + sweepId).jsonPath().getString("status").equals("completed"));
        double changed = computedOnRead();
        String third = given().get("/api/sweeps/" + sweepId + "/analysis").then().statusCode(200).extract().asString();
        String fourth = given().get("/api/sweeps/" + sweepId + "/analysis").then().statusCode(200).extract().asString();
        assertEquals(2, completedRuns(third), "a read after a change is never served the analysis from before it");
        assertEquals(2, completedRuns(fourth));
        assertTrue(computedOnRead() - changed <= 1, "two reads of one state computed it at most once: " + (computedOnRead() - changed));
    }

    /** The owner of run status plans a retry: the failed runs only, each exactly as the sweep expanded it (same ref, same spec). */
    @Test
    void theRetryPlanIsTheFailedRunsAsTheSweepExpandedThem() throws Exception {
        ValidatedSweep validated = new SpecParser(SpecLimits.DEFAULTS).parseYaml("""
                name: retry-plan
                seed: 7
                repeats: 2
                model: {kind: two-layer, width: 20}
                data: {kind: gaussian-teacher, dim: 2, samples: 10, noise: 0.5, testSamples: 50}
                optimizer: {kind: gd, lr: 0.1, steps: 100}
                grid: {data.samples: [10, 40]}
                """);
        String sweepId = "sw-plan-" + UUID.randomUUID().toString().substring(0, 8);
        List<PlannedRun> planned = GridExpander.runs(sweepId, validated);
        kafka.send(Topics.SWEEPS, sweepId, SweepAccepted.newBuilder().setSweepId(sweepId).setSpec(validated.spec())
                .setSpecJson(validated.normalised().toString()).addAllRuns(planned.stream().map(PlannedRun::ref).toList())
                .setAcceptedAtMs(System.currentTimeMillis()).build());
        await(() -> given().get("/api/sweeps/" + sweepId).statusCode() == 200);
        given().get("/api/sweeps/" + sweepId + "/retry-plan").then().statusCode(200).body("requests", org.hamcrest.Matchers.empty());

        for (int index : new int[] {1, 2}) {
            String runId = planned.get(index).ref().getRunId();
            kafka.send(Topics.RUNS_EVENTS, runId, RunEvent.newBuilder().setRunId(runId).setSweepId(sweepId).setKind(RunEvent.Kind.FAILED)
                    .setReason("boom").build());
        }
        await(() -> given().get("/api/sweeps/" + sweepId).jsonPath().getInt("runs.failed") == 2);
        RetryPlan.Builder plan = RetryPlan.newBuilder();
        JsonFormat.parser().merge(given().get("/api/sweeps/" + sweepId + "/retry-plan").then().statusCode(200).extract().asString(), plan);
        assertEquals(List.of(1, 2).stream().map(planned::get).map(run -> RunRequest.newBuilder().setRunId(run.ref().getRunId())
                .setSweepId(sweepId).setRef(run.ref()).setSpec(run.spec()).build()).toList(), plan.getRequestsList());
        assertEquals(0, plan.getCancelledAtMs(), "not cancelled");
        given().get("/api/sweeps/nope/retry-plan").then().statusCode(404);
    }

    @Inject
    MeterRegistry registry;

    private double computedOnRead() {
        return registry.get("lab.analysis.computations").tag("trigger", "read").counter().count();
    }

    private static void complete(String runId, String sweepId) {
        kafka.send(Topics.RUNS_EVENTS, runId, RunEvent.newBuilder().setRunId(runId).setSweepId(sweepId).setKind(RunEvent.Kind.COMPLETED)
                .setSummary(RunSummary.newBuilder().setSamples(20).setOlsTrainRatio(0.97).setSteps(10)).build());
    }

    private static int completedRuns(String analysisJson) throws InvalidProtocolBufferException {
        return completedRuns(parse(analysisJson).toByteArray());
    }

    private static AnalysisResult parse(String analysisJson) throws InvalidProtocolBufferException {
        AnalysisResult.Builder analysis = AnalysisResult.newBuilder();
        JsonFormat.parser().merge(analysisJson, analysis);
        return analysis.build();
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
    void aRecordTheDatabaseRefusesGoesToTheDeadLetterTopicAndIngestionGoesOn() {
        // jsonb cannot hold U+0000 (SQLState 22P05): retried forever, this sweep used to block every later one
        String refusedId = "sw-refused-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.send(Topics.SWEEPS, refusedId, SweepAccepted.newBuilder().setSweepId(refusedId)
                .setSpec(SweepSpec.newBuilder().setName("refused")).setSpecJson("{\"name\": \"a\\u0000b\"}")
                .setAcceptedAtMs(System.currentTimeMillis()).build());
        String nextId = acceptSweep(1);
        var refusedSweeps = kafka.readUntil(Topics.deadLetter(Topics.SWEEPS),
                records -> records.stream().anyMatch(r -> refusedId.equals(r.key())), Duration.ofSeconds(30));
        String reason = KafkaProbe.header(refusedSweeps.stream().filter(r -> refusedId.equals(r.key())).findFirst().orElseThrow(),
                "dead-letter-reason");
        assertTrue(reason.contains("refused by the store (SQLState 22"), reason);
        given().get("/api/sweeps/" + refusedId).then().statusCode(404);

        // in a metrics batch only the refused record is dead-lettered; its neighbours are stored
        String runId = nextId + "-0";
        String badRunId = runId + "\u0000";
        kafka.send(Topics.RUNS_METRICS, runId, EpochMetrics.newBuilder().setRunId(runId).setStep(1).build());
        kafka.send(Topics.RUNS_METRICS, badRunId, EpochMetrics.newBuilder().setRunId(badRunId).setStep(2).build());
        kafka.send(Topics.RUNS_METRICS, runId, EpochMetrics.newBuilder().setRunId(runId).setStep(3).build());
        kafka.readUntil(Topics.deadLetter(Topics.RUNS_METRICS),
                records -> records.stream().anyMatch(r -> badRunId.equals(r.key())), Duration.ofSeconds(30));
        await(() -> given().get("/api/runs/" + runId + "/metrics").jsonPath().getList("step").equals(List.of(1, 3)));
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
                throw new AssertionError("interrupted while waiting for a condition", e);
            }
        }
        throw new AssertionError("condition not met within 30 s");
    }

    /**
     * Two runs queued at T: run 0 on t1 over [T+1, T+3) (released by a stopping trainer), then on t2 over [T+4, T+9);
     * run 1 on t1 over [T+5, T+8). The timeline is served with the runs, and the finished sweep's analysis holds the
     * dispatch statistics worked out by hand: busy 2 + 5 + 3 = 10 s over 2 trainers × 9 s; while runs were queued
     * ([T, T+5)) t1 trained nothing over [T, T+1) and [T+3, T+5), t2 over [T, T+4).
     */
    @Test
    void everyAttemptIsOnTheRunsTimelineAndTheFinishedSweepReportsItsDispatchEfficiency() {
        long queuedAt = System.currentTimeMillis() - 60_000;
        String sweepId = acceptSweep(2, queuedAt);
        String run0 = sweepId + "-0";
        String run1 = sweepId + "-1";
        RunEvent.Builder event = RunEvent.newBuilder().setSweepId(sweepId);
        RunSummary summary = RunSummary.newBuilder().setSamples(20).setSteps(100).setStopReason("horizon").setFinalTrainLoss(0.1).build();
        kafka.send(Topics.RUNS_EVENTS, run0, event.clone().setRunId(run0).setKind(RunEvent.Kind.STARTED).setTrainerId("t1").setAttempt(1).setAtMs(queuedAt + 1000).build());
        kafka.send(Topics.RUNS_EVENTS, run0, event.clone().setRunId(run0).setKind(RunEvent.Kind.RELEASED).setTrainerId("t1").setAttempt(1).setAtMs(queuedAt + 3000)
                .setReason("left for another trainer").build());
        kafka.send(Topics.RUNS_EVENTS, run0, event.clone().setRunId(run0).setKind(RunEvent.Kind.STARTED).setTrainerId("t2").setAttempt(2).setAtMs(queuedAt + 4000).build());
        kafka.send(Topics.RUNS_EVENTS, run1, event.clone().setRunId(run1).setKind(RunEvent.Kind.STARTED).setTrainerId("t1").setAttempt(1).setAtMs(queuedAt + 5000).build());
        kafka.send(Topics.RUNS_EVENTS, run1, event.clone().setRunId(run1).setKind(RunEvent.Kind.COMPLETED).setTrainerId("t1").setAttempt(1).setAtMs(queuedAt + 8000)
                .setSummary(summary).build());
        // a late redelivery of the first start changes nothing
        kafka.send(Topics.RUNS_EVENTS, run0, event.clone().setRunId(run0).setKind(RunEvent.Kind.STARTED).setTrainerId("t1").setAttempt(1).setAtMs(queuedAt + 1000).build());
        kafka.send(Topics.RUNS_EVENTS, run0, event.clone().setRunId(run0).setKind(RunEvent.Kind.COMPLETED).setTrainerId("t2").setAttempt(2).setAtMs(queuedAt + 9000)
                .setSummary(summary).build());
        await(() -> given().get("/api/sweeps/" + sweepId).jsonPath().getInt("runs.completed") == 2
                && given().get("/api/sweeps/" + sweepId + "/analysis").jsonPath().get("dispatch") != null);
        String at0 = java.time.Instant.ofEpochMilli(queuedAt).toString();
        given().get("/api/sweeps/" + sweepId + "/runs").then()
                .body("timeline[0].queuedAt", equalTo(at0))
                .body("timeline[0].startedAt", equalTo(java.time.Instant.ofEpochMilli(queuedAt + 1000).toString()))
                .body("timeline[0].finishedAt", equalTo(java.time.Instant.ofEpochMilli(queuedAt + 9000).toString()))
                .body("timeline[0].attempts.trainer", contains("t1", "t2"))
                .body("timeline[0].attempts.outcome", contains("released", "completed"))
                .body("timeline[0].attempts[0].endedAt", equalTo(java.time.Instant.ofEpochMilli(queuedAt + 3000).toString()))
                .body("timeline[1].attempts.trainer", contains("t1"));
        var dispatch = given().get("/api/sweeps/" + sweepId + "/analysis").jsonPath();
        assertEquals(2, dispatch.getInt("dispatch.trainers"));
        assertEquals(9.0, dispatch.getDouble("dispatch.makespanSeconds"), 1e-6);
        assertEquals(10.0 / 18.0, dispatch.getDouble("dispatch.efficiency"), 1e-6);
        assertEquals("t1", dispatch.getString("dispatch.trainerTimes[0].trainer"));
        assertEquals(3.0, dispatch.getDouble("dispatch.trainerTimes[0].idleWhileQueuedSeconds"), 1e-6);
        assertEquals(4.0, dispatch.getDouble("dispatch.trainerTimes[1].idleWhileQueuedSeconds"), 1e-6);
    }

    /**
     * A run retried on request counts its attempts from 1 again: the timeline keeps both first attempts as bars, the
     * run is queued again at the retry, and a redelivered end adds nothing.
     */
    @Test
    void aRunRetriedOnRequestKeepsEveryAttemptOnItsTimeline() {
        long queuedAt = System.currentTimeMillis() - 60_000;
        String sweepId = acceptSweep(1, queuedAt);
        String runId = sweepId + "-0";
        RunEvent.Builder event = RunEvent.newBuilder().setSweepId(sweepId).setRunId(runId).setAttempt(1);
        kafka.send(Topics.RUNS_EVENTS, runId, event.clone().setKind(RunEvent.Kind.STARTED).setTrainerId("t1").setAtMs(queuedAt + 1000).build());
        kafka.send(Topics.RUNS_EVENTS, runId, event.clone().setKind(RunEvent.Kind.FAILED).setTrainerId("t1").setAtMs(queuedAt + 2000).setReason("boom").build());
        await(() -> given().get("/api/sweeps/" + sweepId).jsonPath().getInt("runs.failed") == 1);
        long retriedAt = System.currentTimeMillis(); // after the failure was stored, or the store ignores the retry
        kafka.send(Topics.SWEEPS_CONTROL, sweepId, SweepControl.newBuilder().setSweepId(sweepId).setAction(SweepControl.Action.RETRY)
                .setAtMs(retriedAt).addRunIds(runId).build());
        await(() -> given().get("/api/sweeps/" + sweepId).jsonPath().getInt("runs.queued") == 1);
        kafka.send(Topics.RUNS_EVENTS, runId, event.clone().setKind(RunEvent.Kind.STARTED).setTrainerId("t2").setAtMs(retriedAt + 1000).build());
        RunEvent failedAgain = event.clone().setKind(RunEvent.Kind.FAILED).setTrainerId("t2").setAtMs(retriedAt + 2000).setReason("boom").build();
        kafka.send(Topics.RUNS_EVENTS, runId, failedAgain);
        kafka.send(Topics.RUNS_EVENTS, runId, failedAgain); // redelivered
        kafka.send(Topics.RUNS_EVENTS, runId, RunEvent.newBuilder().setRunId("marker-" + sweepId).setSweepId("other")
                .setKind(RunEvent.Kind.STARTED).build()); // same partition, behind the redelivery
        await(() -> given().get("/api/runs/marker-" + sweepId + "/metrics").statusCode() == 200);
        given().get("/api/sweeps/" + sweepId + "/runs").then()
                .body("status", contains("failed"))
                .body("timeline[0].queuedAt", equalTo(java.time.Instant.ofEpochMilli(retriedAt).toString()))
                .body("timeline[0].attempts.trainer", contains("t1", "t2"))
                .body("timeline[0].attempts.attempt", contains(1, 1))
                .body("timeline[0].attempts.outcome", contains("failed", "failed"))
                .body("timeline[0].finishedAt", equalTo(java.time.Instant.ofEpochMilli(retriedAt + 2000).toString()));
    }

    /**
     * Fencing: trainer A was paused past its lock, B took the run over as attempt 2 and completed it; A's late
     * completion of attempt 1 changes nothing.
     */
    @Test
    void aLateEventOfAReplacedAttemptIsIgnored() {
        String sweepId = acceptSweep(1);
        String runId = sweepId + "-0";
        RunEvent.Builder event = RunEvent.newBuilder().setSweepId(sweepId).setRunId(runId).setAtMs(System.currentTimeMillis());
        RunSummary.Builder summary = RunSummary.newBuilder().setSamples(20).setSteps(100).setStopReason("horizon");
        kafka.send(Topics.RUNS_EVENTS, runId, event.clone().setKind(RunEvent.Kind.STARTED).setTrainerId("A").setAttempt(1).build());
        kafka.send(Topics.RUNS_EVENTS, runId, event.clone().setKind(RunEvent.Kind.STARTED).setTrainerId("B").setAttempt(2).build());
        kafka.send(Topics.RUNS_EVENTS, runId, event.clone().setKind(RunEvent.Kind.COMPLETED).setTrainerId("B").setAttempt(2)
                .setSummary(summary.clone().setFinalTrainLoss(0.25).setWallMs(1000)).build());
        kafka.send(Topics.RUNS_EVENTS, runId, event.clone().setKind(RunEvent.Kind.COMPLETED).setTrainerId("A").setAttempt(1)
                .setSummary(summary.clone().setFinalTrainLoss(0.25).setWallMs(99_000)).build());
        kafka.send(Topics.RUNS_EVENTS, runId, RunEvent.newBuilder().setRunId("marker-" + sweepId).setSweepId("other")
                .setKind(RunEvent.Kind.STARTED).build()); // same partition, behind the late event
        await(() -> given().get("/api/runs/marker-" + sweepId + "/metrics").statusCode() == 200);
        given().get("/api/sweeps/" + sweepId + "/runs").then()
                .body("status", contains("completed"))
                .body("trainer", contains("B"))
                .body("attempts", contains(2))
                .body("wallMs", contains(1000));
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
