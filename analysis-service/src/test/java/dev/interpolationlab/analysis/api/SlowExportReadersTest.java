package dev.interpolationlab.analysis.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.interpolationlab.infra.KafkaProbe;
import dev.interpolationlab.infra.LabInfraTestResource;
import dev.interpolationlab.infra.RawHttp;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.RunRef;
import dev.interpolationlab.proto.v1.SweepAccepted;
import dev.interpolationlab.proto.v1.SweepSpec;
import dev.interpolationlab.wire.Topics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Thirty-two clients that start an export and then stop reading (issue 21). Each export holds a database connection
 * and its transaction while it streams, so without a bound they would take all 16 of the pool's connections and stop
 * ingestion. At most {@code lab.export.max-concurrent} (4) are streamed to and the rest are told 503 at once. While
 * they stall, ingestion and the reads go on, and the readers' places come back when they leave.
 */
@QuarkusTest
@WithTestResource(LabInfraTestResource.class)
class SlowExportReadersTest {

    private static final int READERS = 32;
    private static final int MAX_EXPORTS = 4;
    /** About 8 MB of CSV: more than both ends' socket buffers hold, so an export to a reader that stops blocks. */
    private static final int STEPS = 40_000;

    @Inject
    AgroalDataSource database;

    @Test
    void slowReadersGetNoMoreThanTheirShareAndIngestionGoesOn() throws Exception {
        String sweepId;
        String other;
        try (KafkaProbe kafka = new KafkaProbe(LabInfraTestResource.infra().kafkaBootstrapServers())) {
            sweepId = storeSweep(kafka, STEPS);
            List<Socket> readers = new ArrayList<>();
            try {
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < READERS; i++) {
                    // a reader that reads its status line and nothing more
                    Socket reader = RawHttp.get(null, RestAssured.port, "/api/sweeps/" + sweepId + "/export?format=csv", 4096);
                    readers.add(reader);
                    statuses.add(RawHttp.status(reader));
                }
                assertEquals(MAX_EXPORTS, statuses.stream().filter(s -> s == 200).count(), "streamed to: " + statuses);
                assertEquals(READERS - MAX_EXPORTS, statuses.stream().filter(s -> s == 503).count(), "told to come back: " + statuses);

                // while they stall: a new run's steps are stored, and a read is answered
                other = storeSweep(kafka, 10);
                given().get("/api/sweeps/" + sweepId).then().statusCode(200);
                given().get("/api/sweeps/" + sweepId + "/export?format=csv").then().statusCode(503);
            } finally {
                for (Socket reader : readers) {
                    reader.close();
                }
            }
        }
        assertEquals(10, storedSteps(other + "-0"));
        // their places come back once the blocked writes fail on the closed connections
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            status = given().get("/api/sweeps/" + sweepId + "/export?format=csv").statusCode();
            Thread.sleep(200);
        }
        assertEquals(200, status, "no export place came back after the slow readers left");
    }

    /** A sweep of one run with {@code steps} recorded steps, published and awaited until stored. */
    private String storeSweep(KafkaProbe kafka, int steps) throws Exception {
        String sweepId = "slow-" + UUID.randomUUID().toString().substring(0, 8);
        String runId = sweepId + "-0";
        kafka.send(Topics.SWEEPS, sweepId, SweepAccepted.newBuilder().setSweepId(sweepId).setSpec(SweepSpec.newBuilder().setName("slow"))
                .setSpecJson("{\"name\": \"slow\"}").setAcceptedAtMs(System.currentTimeMillis())
                .addRuns(RunRef.newBuilder().setRunId(runId).setIndex(0).setSeed(1)).build());
        kafka.sendAll(Topics.RUNS_METRICS, runId, LongStream.range(0, steps).mapToObj(step -> EpochMetrics.newBuilder().setRunId(runId)
                .setSweepId(sweepId).setStep(step).setTrainLoss(1.0 / (1 + step)).setTestLoss(2.0 / (1 + step)).setGradNorm(step)
                .setParamNorm(1).build()).toList());
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && storedSteps(runId) < steps) {
            Thread.sleep(200);
        }
        assertEquals(steps, storedSteps(runId), "steps of " + runId + " stored");
        return sweepId;
    }

    private int storedSteps(String runId) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement("select count(*) from metrics where run_id = ?")) {
            query.setString(1, runId);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }
}
