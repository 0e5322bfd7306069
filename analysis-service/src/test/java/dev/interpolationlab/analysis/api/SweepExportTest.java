package dev.interpolationlab.analysis.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.infra.KafkaProbe;
import dev.interpolationlab.infra.LabInfraTestResource;
import dev.interpolationlab.proto.v1.DataSpec;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.GridValue;
import dev.interpolationlab.proto.v1.RunRef;
import dev.interpolationlab.proto.v1.SweepAccepted;
import dev.interpolationlab.proto.v1.SweepSpec;
import dev.interpolationlab.proto.v1.TrainingSpec;
import dev.interpolationlab.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tidy export and thinned curves of a sweep stored through a real broker in a real PostgreSQL. */
@QuarkusTest
@WithTestResource(LabInfraTestResource.class)
class SweepExportTest {

    private static final int DENSE_STEPS = 1000;
    private static KafkaProbe kafka;
    private static String sweepId;

    @BeforeAll
    static void connect() {
        kafka = new KafkaProbe(LabInfraTestResource.infra().kafkaBootstrapServers());
    }

    /**
     * Once, when the application answers: run 0 (n = 20, scheme "a,b") records every step 0 … 999; run 1 (n = 40)
     * records steps 0, 10, 20.
     */
    @BeforeEach
    void storeASweepOnce() throws InterruptedException {
        if (sweepId != null) {
            return;
        }
        sweepId = "export-" + UUID.randomUUID().toString().substring(0, 8);
        SweepAccepted.Builder sweep = SweepAccepted.newBuilder().setSweepId(sweepId)
                .setSpec(SweepSpec.newBuilder().setName("export").setBase(TrainingSpec.newBuilder().setData(DataSpec.newBuilder().setSamples(20))))
                .setSpecJson("{\"name\": \"export\", \"grid\": {\"data.samples\": [20, 40], \"model.init.scheme\": [\"a,b\"]}}")
                .setAcceptedAtMs(System.currentTimeMillis());
        for (int i = 0; i < 2; i++) {
            sweep.addRuns(RunRef.newBuilder().setRunId(sweepId + "-" + i).setIndex(i).setSeed(100 + i)
                    .addGridPoint(GridValue.newBuilder().setPath("data.samples").setValue(Integer.toString(20 * (i + 1))))
                    .addGridPoint(GridValue.newBuilder().setPath("model.init.scheme").setValue("\"a,b\"")));
        }
        kafka.send(Topics.SWEEPS, sweepId, sweep.build());
        for (int step = 0; step < DENSE_STEPS; step++) {
            kafka.send(Topics.RUNS_METRICS, sweepId + "-0", metrics(sweepId + "-0", step));
        }
        for (int step = 0; step <= 20; step += 10) {
            kafka.send(Topics.RUNS_METRICS, sweepId + "-1", metrics(sweepId + "-1", step).toBuilder().setOlsTrainRatio(0.5).build());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && exportedRows() < DENSE_STEPS + 3) {
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** Losses no code path computes: 1/(1 + t) for training, twice that for test. */
    private static EpochMetrics metrics(String runId, long step) {
        return EpochMetrics.newBuilder().setRunId(runId).setSweepId(sweepId).setStep(step)
                .setTrainLoss(1.0 / (1 + step)).setTestLoss(2.0 / (1 + step)).setGradNorm(step).setParamNorm(1).build();
    }

    private static int exportedRows() {
        String csv = given().get("/api/sweeps/" + sweepId + "/export?format=csv").asString();
        return csv.isEmpty() ? 0 : csv.split("\n").length - 1;
    }

    @Test
    void csvHasOneRowPerRunAndStepWithTheGridValuesAsColumns() {
        String csv = given().get("/api/sweeps/" + sweepId + "/export?format=csv").then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        List<String> lines = List.of(csv.split("\n"));
        List<String> header = List.of(lines.get(0).split(","));
        assertEquals(List.of("run", "runIndex", "repeat", "seed", "status", "data.samples", "model.init.scheme", "step", "trainLoss"),
                header.subList(0, 9));
        assertEquals(1 + DENSE_STEPS + 3, lines.size());
        // run 0, step 500: the grid values, then the metrics as sent; the quoted scheme keeps its comma
        String row = lines.get(1 + 500);
        assertTrue(row.startsWith(sweepId + "-0,0,0,100,queued,20,\"a,b\",500," + (1.0 / 501) + "," + (2.0 / 501) + ",500.0,,"), row);
        String lastRow = lines.get(lines.size() - 1);
        assertTrue(lastRow.startsWith(sweepId + "-1,1,0,101,queued,40,\"a,b\",20,"), lastRow);
        assertTrue(lastRow.contains("," + (2.0 / 21) + ",20.0,0.5,"), "run 1's OLS train ratio is exported: " + lastRow);
    }

    @Test
    void jsonHasTheSameRecords() throws IOException {
        JsonNode records = new ObjectMapper().readTree(given().get("/api/sweeps/" + sweepId + "/export?format=json")
                .then().statusCode(200).extract().asString());
        assertEquals(DENSE_STEPS + 3, records.size());
        JsonNode record = records.get(500);
        assertEquals(sweepId + "-0", record.get("run").asText());
        assertEquals(20, record.get("data.samples").asInt());
        assertEquals("a,b", record.get("model.init.scheme").asText());
        assertEquals(500, record.get("step").asLong());
        assertEquals(1.0 / 501, record.get("trainLoss").asDouble(), "doubles travel exactly");
        assertTrue(record.get("olsTrainRatio").isNull());
        assertEquals(0.5, records.get(DENSE_STEPS + 2).get("olsTrainRatio").asDouble());
    }

    /** At most lab.export.max-concurrent (4) exports stream at once; each gives its place back when it ends. */
    @Test
    void finishedExportsMakeRoomForTheNext() {
        for (int i = 0; i < 10; i++) {
            given().get("/api/sweeps/" + sweepId + "/export?format=" + (i % 2 == 0 ? "csv" : "json")).then().statusCode(200);
        }
    }

    @Test
    void curvesAreThinnedEvenlyInLogStepAndKeepTheLastStep() {
        JsonPath curves = given().get("/api/sweeps/" + sweepId + "/curves?perDecade=10").then().statusCode(200).extract().jsonPath();
        List<Integer> steps = curves.getList("runs[0].step", Integer.class);
        // ⌊10·log₁₀ t⌋ first changes at t = 1, 2, 3, 4, 6, 7, 8, 10, 13 (buckets 1, 2 and 5 hold no integer)
        assertEquals(List.of(0, 1, 2, 3, 4, 6, 7, 8, 10, 13), steps.subList(0, 10));
        assertEquals(999, steps.get(steps.size() - 1));
        assertTrue(steps.size() <= 1 + 30 + 1, "at most one step per bucket of the three decades, plus 0 and the last: " + steps.size());
        List<Float> train = curves.getList("runs[0].trainLoss", Float.class);
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(1.0 / (1 + steps.get(i)), train.get(i), 1e-7);
        }
        assertEquals(List.of(0, 10, 20), curves.getList("runs[1].step", Integer.class), "a sparse run keeps every step");
        assertEquals(40, curves.getInt("runs[1].grid.'data.samples'"));
    }

    @Test
    void badFormatsAndUnknownSweepsAreNamed() {
        given().get("/api/sweeps/" + sweepId + "/export?format=xlsx").then().statusCode(400).body("message", containsString("xlsx"));
        given().get("/api/sweeps/" + sweepId + "/curves?perDecade=0").then().statusCode(400).body("message", containsString("perDecade"));
        given().get("/api/sweeps/no-such-sweep/export").then().statusCode(404);
        given().get("/api/sweeps/no-such-sweep/curves").then().statusCode(404);
    }
}
