package dev.interpolationlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import dev.interpolationlab.api.LabJson;
import dev.interpolationlab.api.SweepView;
import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.core.science.Median;
import dev.interpolationlab.core.spec.SpecLimits;
import dev.interpolationlab.core.spec.SpecParser;
import dev.interpolationlab.core.spec.ValidatedSweep;
import dev.interpolationlab.core.sweep.GridExpander;
import dev.interpolationlab.core.sweep.PlannedRun;
import dev.interpolationlab.proto.v1.AnalysisResult;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.RunEvent;
import dev.interpolationlab.proto.v1.RunSummary;
import dev.interpolationlab.proto.v1.SweepAccepted;
import dev.interpolationlab.wire.ProtoJson;
import dev.interpolationlab.wire.ProtoSerializer;
import dev.interpolationlab.wire.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code ./lab bench store}: the analysis service's scale targets (issue 4) on the embedded stack, started here with no
 * trainer in a state directory of its own. It publishes a sweep of R runs, R·S epoch records as trainers would, then
 * R completion events, and measures
 * <ol>
 *   <li>ingestion: epoch records stored in PostgreSQL per second, from the first record published to the last one
 *       stored (the publishing competes for the same cores and is timed on its own), and the rate at which the
 *       backlog left when publishing ended is drained: the ingestion capacity;</li>
 *   <li>the sweep's analysis recomputed from the store: GET /api/sweeps/{id}/analysis on the analysis service,
 *       the median of warm repeats.</li>
 * </ol>
 * Prints one JSON line.
 */
final class StoreBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper VIEWS = LabJson.mapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private StoreBench() {
    }

    static String run(Path home, Map<String, String> options) throws Exception {
        int repeats = Integer.parseInt(options.getOrDefault("repeats", "50"));
        int steps = Integer.parseInt(options.getOrDefault("steps", "200"));
        ValidatedSweep sweep = new SpecParser(SpecLimits.DEFAULTS).parseJson(thresholdSweep(repeats));
        String sweepId = "sw-bench-" + Long.toHexString(System.nanoTime());
        List<PlannedRun> runs = GridExpander.runs(sweepId, sweep);

        Path state = Files.createTempDirectory("lab-bench-store");
        Stack stack = new Stack(new LabPaths(home, state), System.err);
        try {
            Properties running = stack.up(0);
            String analysis = running.getProperty("analysis.url");
            try (KafkaProducer<String, Message> producer = producer(running.getProperty("kafka.bootstrap.servers"));
                 Connection db = DriverManager.getConnection(running.getProperty("jdbc.url"), running.getProperty("jdbc.username"),
                         running.getProperty("jdbc.password"))) {
                producer.send(new ProducerRecord<>(Topics.SWEEPS, sweepId, SweepAccepted.newBuilder().setSweepId(sweepId)
                        .setSpec(sweep.spec()).setSpecJson(sweep.normalised().toString()).setAcceptedAtMs(System.currentTimeMillis())
                        .addAllRuns(runs.stream().map(PlannedRun::ref).toList()).build())).get();
                awaitStatus(analysis, sweepId, "queued", 60);

                long records = (long) runs.size() * steps;
                long start = System.nanoTime();
                for (PlannedRun run : runs) {
                    for (int step = 0; step < steps; step++) {
                        producer.send(new ProducerRecord<>(Topics.RUNS_METRICS, run.ref().getRunId(), epoch(sweepId, run, step)));
                    }
                }
                producer.flush();
                long published = System.nanoTime();
                long storedWhilePublishing = storedCount(db, sweepId);
                awaitStored(db, sweepId, records, 600);
                long done = System.nanoTime();
                double publishSeconds = (published - start) / 1e9;
                double ingestSeconds = (done - start) / 1e9;
                // The backlog left when publishing ended, drained without a producer competing for the cores.
                double drainRate = (records - storedWhilePublishing) / ((done - published) / 1e9);

                for (PlannedRun run : runs) {
                    producer.send(new ProducerRecord<>(Topics.RUNS_EVENTS, run.ref().getRunId(), completed(sweepId, run, steps)));
                }
                producer.flush();
                awaitStatus(analysis, sweepId, "completed", 600);

                double[] analysisMs = new double[7];
                int groups = 0;
                for (int i = 0; i < analysisMs.length; i++) {
                    long t = System.nanoTime();
                    AnalysisResult result = ProtoJson.parse(getBody(analysis + "/api/sweeps/" + sweepId + "/analysis"),
                            AnalysisResult.newBuilder()).build();
                    analysisMs[i] = (System.nanoTime() - t) / 1e6;
                    groups = result.getThresholdCount();
                }
                double[] warm = Arrays.copyOfRange(analysisMs, 2, analysisMs.length);
                return JSON.createObjectNode()
                        .put("runs", runs.size())
                        .put("stepsPerRun", steps)
                        .put("epochRecords", records)
                        .put("publishSeconds", publishSeconds)
                        .put("ingestSeconds", ingestSeconds)
                        .put("ingestRecordsPerSecond", records / ingestSeconds)
                        .put("backlogRecords", records - storedWhilePublishing)
                        .put("backlogDrainRecordsPerSecond", drainRate)
                        .put("analysisMsMedian", Median.of(warm))
                        .put("analysisMsMax", Arrays.stream(warm).max().orElseThrow())
                        .put("thresholdGroups", groups)
                        .toString();
            }
        } finally {
            stack.down();
        }
    }

    /** RE-6's shape at scale: 10 sample sizes × 2 initialisation scales × R repeats. */
    static String thresholdSweep(int repeats) {
        return """
                {"name": "bench-store", "seed": 9, "repeats": %d,
                 "model": {"kind": "two-layer", "width": 500, "init": {"scheme": "balanced", "scale": 1e-5}},
                 "data": {"kind": "gaussian-teacher", "dim": 5, "samples": 20, "noise": 0.5, "testSamples": 2000},
                 "optimizer": {"kind": "gd", "lr": 0.05, "steps": 40000},
                 "grid": {"data.samples": [20, 30, 40, 60, 80, 120, 160, 240, 320, 640], "model.init.scale": [1e-5, 1.0]}}
                """.formatted(repeats);
    }

    /** A recorded step with every field a two-layer regression run fills in. */
    static EpochMetrics epoch(String sweepId, PlannedRun run, int step) {
        double loss = 1.0 / (1 + step);
        return EpochMetrics.newBuilder().setRunId(run.ref().getRunId()).setSweepId(sweepId).setStep(step)
                .setTrainLoss(loss).setTestLoss(2 * loss).setGradNorm(loss).setOlsTrainRatio(loss / 0.2).setOlsTestRatio(3.0)
                .setParamNorm(1.0 + step).setWallMs(step).setDirectionClusters(1 + step % 7).setAlignmentOls(0.9)
                .setAlignmentTeacher(0.8).build();
    }

    /** A completion whose end state varies with n, so the threshold fit has a real transition to find. */
    private static RunEvent completed(String sweepId, PlannedRun run, int steps) {
        int n = run.spec().getData().getSamples();
        double u = new SplitMix64(run.ref().getSeed()).nextDouble();
        double ratio = u > n / 400.0 ? 0.01 : 0.98;
        return RunEvent.newBuilder().setRunId(run.ref().getRunId()).setSweepId(sweepId).setKind(RunEvent.Kind.COMPLETED)
                .setTrainerId("bench").setAtMs(System.currentTimeMillis())
                .setSummary(RunSummary.newBuilder().setSamples(n).setSteps(40000).setStopReason("horizon")
                        .setFinalTrainLoss(0.25 * ratio).setFinalTestLoss(0.3).setOlsTrainRatio(ratio).setOlsTestRatio(3.0)
                        .setLabelVariance(1.25).setFinalAlignmentOls(0.9).setRecordedSteps(steps))
                .build();
    }

    static KafkaProducer<String, Message> producer(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("linger.ms", "5");
        props.put("batch.size", "262144");
        return new KafkaProducer<>(props, new StringSerializer(), new ProtoSerializer());
    }

    static void awaitStored(Connection db, String sweepId, long records, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (storedCount(db, sweepId) >= records) {
                return;
            }
            Thread.sleep(50);
        }
        throw new CliException("the analysis service did not store " + records + " epoch records within " + seconds + " s");
    }

    /** The recorded steps stored of every run of the sweep. */
    static long storedCount(Connection db, String sweepId) throws Exception {
        try (PreparedStatement count = db.prepareStatement("select count(*) from metrics where run_id like ?")) {
            count.setString(1, sweepId + "-%");
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    static void awaitStatus(String analysis, String sweepId, String status, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = HTTP.send(analysisRequest(analysis + "/api/sweeps/" + sweepId),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && VIEWS.readValue(response.body(), SweepView.class).status().equals(status)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new CliException("sweep " + sweepId + " did not become " + status + " within " + seconds + " s");
    }

    private static String getBody(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(analysisRequest(url), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new CliException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The analysis service asks for the gateway's token when one is set; the embedded services inherit it from here. */
    private static HttpRequest analysisRequest(String url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        GatewayClient.configuredToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return request.build();
    }
}
