package dev.interpolationlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.infra.SseProbe;
import java.io.PrintStream;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system as a user runs it: the embedded Kafka and PostgreSQL, the analysis service, two trainers and the
 * gateway, each its own process started from the packaged jars by the same code as {@code ./lab up}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int STEPS = 3000;
    private static final double RATIO = 1.3;

    /** A 2×2 grid (n × initialisation scale), 4 repeats: 16 short runs. */
    private static final String SPEC = """
            {"name": "e2e", "seed": 5, "repeats": 4,
             "model": {"kind": "two-layer", "width": 30, "init": {"scheme": "balanced", "scale": 1e-3}},
             "data": {"kind": "gaussian-teacher", "dim": 3, "samples": 20, "noise": 0.5, "testSamples": 200},
             "optimizer": {"kind": "gd", "lr": 0.1, "steps": %d},
             "record": {"every": "geometric:%s"},
             "grid": {"data.samples": [20, 40], "model.init.scale": [1e-3, 1.0]},
             "analyses": ["threshold", "hull", "robustness"]}""".formatted(STEPS, RATIO);

    private static Stack stack;
    private static LabPaths labPaths;
    private static Properties running;
    private static String gateway;
    private static String sweepId;
    private static List<SseProbe.Event> streamed;
    private static final List<Long> pids = new ArrayList<>();

    @BeforeAll
    static void startTheLab() throws Exception {
        Path home = Path.of(System.getProperty("lab.home", "..")).toAbsolutePath().normalize();
        LabPaths paths = new LabPaths(home, Files.createTempDirectory("lab-e2e"));
        stack = new Stack(paths, new PrintStream(System.out, true));
        running = stack.up(2);
        gateway = running.getProperty("gateway.url");
        labPaths = paths;
        pids.addAll(pidsNow());
        awaitBothTrainersInTheGroup();
    }

    private static List<Long> pidsNow() throws java.io.IOException {
        List<Long> now = new ArrayList<>();
        try (var files = Files.list(labPaths.pids())) {
            for (Path pidFile : files.toList()) {
                now.add(Long.parseLong(Files.readString(pidFile).trim()));
            }
        }
        return now;
    }

    @AfterAll
    static void stopTheLab() {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    @Order(1)
    void aSweepRunsToCompletionWhileTheStreamShowsItLive() throws Exception {
        JsonNode body = LabHttp.submit(gateway, SPEC);
        sweepId = body.get("id").asText();
        assertEquals(16, body.get("runs").asInt());

        try (SseProbe sse = SseProbe.connect(URI.create(gateway + "/api/sweeps/" + sweepId + "/stream"))) {
            streamed = sse.awaitEvent(event -> event.name().equals("run") && completedRuns(sse.events()) == 16, Duration.ofMinutes(5));
        }
        JsonNode sweep = awaitCompleted();
        assertEquals(16, sweep.at("/runs/completed").asInt());
        assertEquals(0, sweep.at("/runs/failed").asInt());

        int firstEpoch = indexOf(streamed, "epoch");
        int lastCompletion = lastCompletionIndex(streamed);
        assertTrue(firstEpoch >= 0 && firstEpoch < lastCompletion,
                "epoch events must arrive while the sweep runs (first epoch #" + firstEpoch + ", last completion #" + lastCompletion + ")");
        assertTrue(streamed.stream().allMatch(e -> e.data().contains(sweepId)), "only this sweep's events are streamed");
    }

    @Test
    @Order(2)
    void bothTrainersOfTheGroupProcessedRuns() throws Exception {
        JsonNode runs = get("/api/sweeps/" + sweepId + "/runs");
        assertEquals(16, runs.size());
        Set<String> trainers = new HashSet<>();
        runs.forEach(run -> trainers.add(run.get("trainer").asText()));
        assertEquals(Set.of("trainer-1", "trainer-2"), trainers);
    }

    @Test
    @Order(3)
    void everyRecordedStepOfEveryRunIsStoredExactlyOnce() throws Exception {
        List<Long> expected = geometricSchedule(RATIO, STEPS);
        JsonNode runs = get("/api/sweeps/" + sweepId + "/runs");
        try (Connection db = DriverManager.getConnection(running.getProperty("jdbc.url"), running.getProperty("jdbc.username"),
                running.getProperty("jdbc.password"));
             PreparedStatement steps = db.prepareStatement("select step from metrics where run_id = ? order by step")) {
            for (JsonNode run : runs) {
                steps.setString(1, run.get("id").asText());
                List<Long> stored = new ArrayList<>();
                try (ResultSet result = steps.executeQuery()) {
                    while (result.next()) {
                        stored.add(result.getLong(1));
                    }
                }
                assertEquals(expected, stored, "steps of " + run.get("id").asText());
            }
        }
        JsonNode metrics = get("/api/runs/" + runs.get(0).get("id").asText() + "/metrics");
        assertEquals(expected.size(), metrics.size());
        assertEquals(STEPS, metrics.get(metrics.size() - 1).get("step").asLong());
    }

    @Test
    @Order(4)
    void theAnalysisShowsTheThresholdTablePerInitialisationScale() throws Exception {
        JsonNode analysis = get("/api/sweeps/" + sweepId + "/analysis");
        JsonNode groups = analysis.get("threshold");
        assertEquals(2, groups.size());
        for (JsonNode group : groups) {
            assertEquals("model.init.scale", group.at("/fixed/0/path").asText());
            assertEquals(List.of(20, 40), List.of(group.at("/rows/0/samples").asInt(), group.at("/rows/1/samples").asInt()));
            assertEquals(4, group.get("seeds").asInt());
            assertEquals("model.init.scale", group.at("/setting/0/path").asText());
            assertEquals(group.at("/fixed/0/value"), group.at("/setting/0/value"));
            for (JsonNode row : group.get("rows")) {
                assertEquals(4, row.get("completed").asInt());
                int certified = row.get("interpolatingRuns").asInt(0) + row.get("olsLikeRuns").asInt(0) + row.get("spuriousRuns").asInt(0);
                assertEquals(4, certified + row.get("unresolvedRuns").asInt(0), "every completed run has an end state: " + row);
                assertEquals(certified, row.get("certified").asInt(0), row.toString());
                if (certified > 0) {
                    double fraction = row.get("fractionNonInterpolating").asDouble();
                    assertEquals(row.get("nonInterpolating").asInt(0) / (double) certified, fraction, 1e-12, "unresolved runs are left out");
                    assertTrue(row.get("wilsonLow").asDouble() <= fraction && fraction <= row.get("wilsonHigh").asDouble());
                } else {
                    assertFalse(row.has("fractionNonInterpolating"), "no certified run, no fraction: " + row);
                }
            }
            assertEquals("non-interpolating", group.at("/interpolation/outcome").asText());
            assertEquals("ols-like", group.at("/ols/outcome").asText());
        }
        assertEquals(0.95, analysis.at("/criteria/olsAlignment").asDouble());
        // every completed run's end state on the runs table is the analysis' verdict
        for (JsonNode run : get("/api/sweeps/" + sweepId + "/runs")) {
            assertTrue(List.of("interpolating", "ols-like", "spurious", "unresolved").contains(run.path("endState").asText()), run.toString());
        }
        // and each shows the end point it was decided from, measured again from θ_T on the regenerated data: the train loss
        // recomputed there is the one the trainer recorded
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode runs = get("/api/sweeps/" + sweepId + "/runs");
        while (!allHave(runs, "endPoint") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            runs = get("/api/sweeps/" + sweepId + "/runs");
        }
        for (JsonNode run : runs) {
            JsonNode end = run.path("endPoint");
            assertTrue(end.has("hessianMin"), "end point measured: " + run);
            assertEquals(run.path("finalTrainLoss").asDouble(), end.path("trainLoss").asDouble(), 1e-9 * run.path("finalTrainLoss").asDouble(),
                    run.toString());
            assertTrue(end.path("hessianMin").asDouble() <= end.path("hessianMax").asDouble(), run.toString());
        }
        everyRunHasATimelineAndTheSweepItsDispatchEfficiency(runs);
    }

    /**
     * Each run was queued, then started, then finished, in one attempt by the trainer the run names; the finished
     * sweep's dispatch statistics are those of these timelines.
     */
    private static void everyRunHasATimelineAndTheSweepItsDispatchEfficiency(JsonNode runs) throws Exception {
        java.util.Set<String> trainers = new java.util.HashSet<>();
        double busy = 0;
        for (JsonNode run : runs) {
            JsonNode timeline = run.path("timeline");
            java.time.Instant queued = java.time.Instant.parse(timeline.path("queuedAt").asText());
            java.time.Instant started = java.time.Instant.parse(timeline.path("startedAt").asText());
            java.time.Instant finished = java.time.Instant.parse(timeline.path("finishedAt").asText());
            assertTrue(!queued.isAfter(started) && started.isBefore(finished), run.toString());
            assertEquals(1, timeline.path("attempts").size(), run.toString());
            JsonNode attempt = timeline.path("attempts").get(0);
            assertEquals(run.path("trainer").asText(), attempt.path("trainer").asText(), run.toString());
            assertEquals("completed", attempt.path("outcome").asText(), run.toString());
            trainers.add(attempt.path("trainer").asText());
            busy += java.time.Duration.between(started, finished).toNanos() / 1e9;
        }
        JsonNode dispatch = get("/api/sweeps/" + sweepId + "/analysis").path("dispatch");
        assertEquals(trainers.size(), dispatch.path("trainers").asInt(), dispatch.toString());
        assertEquals(busy, dispatch.path("busySeconds").asDouble(), 1e-6, dispatch.toString());
        double efficiency = dispatch.path("efficiency").asDouble();
        assertTrue(efficiency > 0 && efficiency <= 1, dispatch.toString());
        assertEquals(busy / (trainers.size() * dispatch.path("makespanSeconds").asDouble()), efficiency, 1e-9, dispatch.toString());
    }

    private static boolean allHave(JsonNode rows, String field) {
        for (JsonNode row : rows) {
            if (!row.hasNonNull(field)) {
                return false;
            }
        }
        return true;
    }

    /** Each grid point's runs, measured again from their regenerated data and final parameters. */
    @Test
    @Order(4)
    void theAnalysisMeasuresHullsAndLipschitzEstimatesOfTheTrainedNetworks() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode geometry = get("/api/sweeps/" + sweepId + "/analysis").path("geometry");
        while (!allMeasured(geometry) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            geometry = get("/api/sweeps/" + sweepId + "/analysis").path("geometry");
        }
        assertEquals(4, geometry.size(), geometry.toString());
        for (JsonNode point : geometry) {
            assertEquals(4, point.get("runs").asInt(), point.toString());
            double input = point.get("inputFractionInside").asDouble();
            double hidden = point.get("hiddenFractionInside").asDouble();
            assertTrue(input > 0 && input < 1, "Gaussian test points in d = 3 fall on both sides of the hull: " + point);
            assertTrue(hidden >= 0 && hidden <= 1, point.toString());
            assertEquals(30, point.get("hiddenDim").asInt());
            assertEquals(30 * 3 + 30, point.get("parameters").asInt());
            assertEquals(Math.sqrt(samplesOf(point) * 3.0 / 120), point.get("lipschitzScale").asDouble(), 1e-12);
            assertTrue(point.get("lipschitzLower").asDouble() > 0, point.toString());
            int n = samplesOf(point);
            double wendel = 1 - (1 + (n - 1) + (n - 1) * (n - 2) / 2.0) / Math.pow(2, n - 1); // 1 − 2^{1−n} Σ_{k<3} C(n−1, k)
            assertEquals(wendel, point.get("wendel").asDouble(), 1e-12);
            double origin = point.get("originInsideFraction").asDouble();
            assertTrue(origin >= 0 && origin <= 1, point.toString());
        }
    }

    private static boolean allMeasured(JsonNode geometry) {
        if (geometry.size() != 4) {
            return false;
        }
        for (JsonNode point : geometry) {
            if (point.path("runs").asInt() != 4) {
                return false;
            }
        }
        return true;
    }

    private static int samplesOf(JsonNode point) {
        for (JsonNode value : point.get("gridPoint")) {
            if (value.get("path").asText().equals("data.samples")) {
                return value.get("value").asInt();
            }
        }
        throw new AssertionError("no data.samples in " + point);
    }

    /** The unit square's corners: (0.5, 0.5) is inside, (2, 0.5) outside at distance 1; JSON and CSV agree. */
    @Test
    @Order(5)
    void hullStatisticsOfUserPointsThroughTheGateway() throws Exception {
        String json = """
                {"train": [[0, 0], [1, 0], [0, 1], [1, 1]], "test": [[0.5, 0.5], [2, 0.5]]}""";
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/hull"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode hull = JSON.readTree(answer.body());
        assertEquals(0.5, hull.get("fractionInside").asDouble());
        assertEquals(List.of(true, false), List.of(hull.at("/inside/0").asBoolean(), hull.at("/inside/1").asBoolean()));
        assertEquals(1.0, hull.at("/distance/1").asDouble(), 0.02);
        assertEquals(1.0, hull.get("nearestNeighbourScale").asDouble(), 1e-12);

        String boundary = "lab-boundary";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"train\"; filename=\"a.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\nx,y\n0,0\n1,0\n0,1\n1,1\n\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"test\"; filename=\"b.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n0.5,0.5\n2,0.5\n\r\n--" + boundary + "--\r\n";
        HttpResponse<String> uploaded = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/hull?pca=false"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, uploaded.statusCode(), uploaded.body());
        assertEquals(hull.get("inside"), JSON.readTree(uploaded.body()).get("inside"));

        String bad = """
                {"train": [[0, 0], [1, 0, 3], [0, "NaN"]], "test": []}""";
        HttpResponse<String> rejected = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/hull"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(bad)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, rejected.statusCode());
        List<String> fields = new java.util.ArrayList<>();
        JSON.readTree(rejected.body()).get("errors").forEach(error -> fields.add(error.get("field").asText()));
        assertEquals(List.of("train[1]", "train[2][1]", "test"), fields, rejected.body());
    }

    @Test
    @Order(5)
    void unknownIdsAreJson404sThroughTheGateway() throws Exception {
        for (String path : List.of("/api/sweeps/sw-unknown", "/api/sweeps/sw-unknown/runs", "/api/runs/sw-unknown-0000/metrics")) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, response.statusCode(), path);
            assertEquals("not-found", JSON.readTree(response.body()).get("error").asText(), path);
        }
    }

    /**
     * {@code ./lab reproduce RE-1 RE-3 RE-4}, the fast subset of science.md §5, through the services from the shipped
     * specs: every expected outcome passes, the report and its figures are written, and the key numbers are checked here
     * again straight from the REST API, so a check in the reproduction code that passed everything would not go unseen.
     */
    @Test
    @Order(5)
    void theFastReferenceExperimentsReproduce() throws Exception {
        Path out = Files.createTempDirectory("lab-reproduce");
        Path report = out.resolve("REPRODUCTION.md");
        Lab lab = new Lab(new LabPaths(Path.of(System.getProperty("lab.home", "..")).toAbsolutePath().normalize(),
                Files.createTempDirectory("lab-reproduce-state")), new PrintStream(System.out, true));
        withGateway(() -> lab.run(List.of("reproduce", "RE-1", "RE-3", "RE-4", "--fresh", "--output", report.toString())));

        String markdown = Files.readString(report);
        for (String id : List.of("re-1", "re-3", "re-4")) {
            JsonNode section = JSON.readTree(out.resolve("docs/reproduction/" + id + ".json").toFile());
            assertEquals("pass", section.get("status").asText(), section.toString());
            assertTrue(section.get("checks").size() >= 4, section.toString());
            assertTrue(markdown.contains("## " + id.toUpperCase()), "the report has a section for " + id);
            for (JsonNode figure : section.get("figures")) {
                java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(out.resolve(figure.get("file").asText()).toFile());
                assertEquals(900, image.getWidth(), figure.toString());
                assertTrue(colouredPixels(image) > 500, "a figure with data drawn on it: " + figure);
            }
        }
        assertFalse(markdown.contains("FAIL"), markdown);

        // RE-4 (sharp): the balanced small initialisations stop at the affine-OLS MSE with one direction
        JsonNode threePoint = sweepOf(out, "re-4", 0);
        int balanced = 0;
        for (JsonNode run : threePoint) {
            if (run.at("/grid/model.init.scheme").asText().equals("balanced") && run.at("/grid/model.init.scale").asDouble() <= 1e-3) {
                assertEquals(0.17504, run.get("finalTrainLoss").asDouble(), 1e-4, run.toString());
                assertEquals(1, run.get("directionClusters").asInt(), run.toString());
                balanced++;
            } else if (run.at("/grid/model.init.scheme").asText().equals("unbalanced") && run.at("/grid/model.init.scale").asDouble() >= 1) {
                assertTrue(run.get("finalTrainLoss").asDouble() < 1e-12, run.toString());
            }
        }
        assertEquals(2, balanced);

        // RE-3: T1 and T4 within 10% off the peak, the peak and the overparametrised optimum where theory puts them
        JsonNode sections = JSON.readTree(out.resolve("docs/reproduction/re-3.json").toFile()).get("sweeps");
        JsonNode ridgeless = onlyTheoryCurve(sections.get(0).get("id").asText());
        assertEquals("T1", ridgeless.get("formula").asText());
        ridgeless.get("points").forEach(point -> assertEquals(40, point.get("runs").asInt(), point.toString()));
        assertTrue(ridgeless.get("maxRelativeError").asDouble() < 0.10, ridgeless.toString());
        assertEquals(0.9, argMax(ridgeless, 0, Double.MAX_VALUE), 0.31, "the peak sits at γ ≈ 1");
        assertEquals(2.0, argMin(ridgeless, 1.0), 1e-12, "the best overparametrised γ* = 2");
        JsonNode randomFeatures = onlyTheoryCurve(sections.get(1).get("id").asText());
        assertEquals("T4", randomFeatures.get("formula").asText());
        assertTrue(randomFeatures.get("maxRelativeError").asDouble() < 0.10, randomFeatures.toString());
        double peak = argMax(randomFeatures, 0, Double.MAX_VALUE);
        assertTrue(peak == 2.6 || peak == 3.5, "the peak sits next to N = n, ψ1 = 3: " + peak);

        // RE-1 (exact): at N = 2d the origin is in the hull of half the trials, within 3 standard errors of 1/2
        JsonNode wendel = JSON.readTree(out.resolve("docs/reproduction/re-1.json").toFile()).get("sweeps");
        for (JsonNode sweep : wendel) {
            JsonNode geometry = get("/api/sweeps/" + sweep.get("id").asText() + "/analysis").get("geometry");
            assertEquals(4, geometry.size(), geometry.toString());
            JsonNode half = geometry.get(1);
            assertEquals(400, half.get("runs").asInt(), half.toString());
            assertEquals(0.5, half.get("originInsideFraction").asDouble(), 3 * Math.sqrt(0.25 / 400), half.toString());
        }
    }

    /** The runs of the {@code index}-th sweep an experiment's section names. */
    private static JsonNode sweepOf(Path out, String section, int index) throws Exception {
        String id = JSON.readTree(out.resolve("docs/reproduction/" + section + ".json").toFile()).get("sweeps").get(index).get("id").asText();
        return get("/api/sweeps/" + id + "/runs");
    }

    private static int colouredPixels(java.awt.image.BufferedImage image) {
        int coloured = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                coloured += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60 ? 1 : 0;
            }
        }
        return coloured;
    }

    /** Headless Chromium on the dashboard of the finished sweep: its runs, threshold, one run, and the hull page. */
    @Test
    @Order(5)
    void theDashboardShowsTheSweepsRunsAnalysisAndHulls() throws Exception {
        try (Browser browser = new Browser()) {
            DashboardChecks.completedSweep(browser, gateway, sweepId, EndToEndIT::get);
            String firstRun = get("/api/sweeps/" + sweepId + "/runs").get(0).get("id").asText();
            DashboardChecks.runPage(browser, gateway, sweepId, firstRun, EndToEndIT::get);
            DashboardChecks.hullPage(browser, gateway, sweepId, EndToEndIT::get);
        }
    }

    /** {@code ./lab export}: the tidy CSV that pandas reads, one row per stored (run, step), the grid as columns. */
    @Test
    @Order(5)
    void theExportIsATidyTablePandasReads() throws Exception {
        Path csv = Files.createTempFile("lab-export", ".csv");
        Lab lab = new Lab(new LabPaths(Path.of(System.getProperty("lab.home", "..")).toAbsolutePath().normalize(),
                Files.createTempDirectory("lab-export-state")), new PrintStream(System.out, true));
        withGateway(() -> lab.run(List.of("export", sweepId, "--output", csv.toString())));
        List<String> lines = Files.readAllLines(csv);
        long stored = 0;
        for (JsonNode run : get("/api/sweeps/" + sweepId + "/runs")) {
            stored += get("/api/runs/" + run.get("id").asText() + "/metrics").size();
        }
        assertEquals(stored + 1, lines.size(), "a header and one row per stored step");
        assertTrue(lines.get(0).startsWith("run,runIndex,repeat,seed,status,"), lines.get(0));
        assertTrue(lines.get(0).contains(",data.samples,") && lines.get(0).contains(",model.init.scale,"), lines.get(0));
        // the documented pandas command (docs/export.md) on Debian's python3-pandas
        Process pandas = new ProcessBuilder("/usr/bin/python3", "-c", """
                import sys, pandas as pd
                df = pd.read_csv(sys.argv[1])
                assert not df.duplicated(["run", "step"]).any()
                print(len(df), df["run"].nunique(), sorted(df["data.samples"].unique().tolist()))
                """, csv.toString()).redirectErrorStream(true).start();
        String printed = new String(pandas.getInputStream().readAllBytes()).trim();
        assertEquals(0, pandas.waitFor(), "pandas could not read the export (apt-get install python3-pandas): " + printed);
        assertEquals(stored + " 16 [20, 40]", printed);
    }

    /**
     * {@code ./lab retry} re-runs a failed run: its fashion-mnist data are missing here (LAB_FASHION_MNIST_DIR points to
     * nowhere, see the pom), so it fails, is retried, and fails again, naming what to install.
     */
    @Test
    @Order(5)
    void aFailedRunIsRetriedOnRequest() throws Exception {
        String spec = """
                {"name": "e2e-retry", "seed": 3, "repeats": 1, "model": {"kind": "mlp", "width": 8},
                 "data": {"kind": "fashion-mnist", "samples": 20, "testSamples": 10, "crop": 4},
                 "optimizer": {"kind": "gd", "lr": 0.1, "steps": 10}}""";
        String id = LabHttp.submit(gateway, spec).get("id").asText();
        JsonNode sweep = awaitStatus(id, "failed");
        JsonNode run = get("/api/sweeps/" + id + "/runs").get(0);
        assertTrue(run.get("reason").asText().contains("dataset-fashion-mnist"), run.toString());

        Lab lab = new Lab(new LabPaths(Path.of(System.getProperty("lab.home", "..")).toAbsolutePath().normalize(),
                Files.createTempDirectory("lab-retry-state")), new PrintStream(System.out, true));
        try (SseProbe sse = SseProbe.connect(URI.create(gateway + "/api/sweeps/" + id + "/stream"))) {
            Thread.sleep(1000); // the stream's subscription is in place before the retry
            withGateway(() -> lab.run(List.of("retry", id)));
            sse.awaitEvent(e -> e.name().equals("run") && e.data().contains("\"STARTED\""), Duration.ofSeconds(60));
            sse.awaitEvent(e -> e.name().equals("run") && e.data().contains("\"FAILED\""), Duration.ofSeconds(60));
        }
        sweep = awaitStatus(id, "failed");
        assertEquals(1, sweep.at("/runs/failed").asInt(), sweep.toString());
        assertEquals(sweep.at("/runs/total").asInt(), 1, "a retry re-runs, it adds no run");
    }

    /**
     * A cancel sent at once after the 202 cancels the sweep: the submission is committed on Kafka before its 202, and
     * the gateway waits for the store to hold the sweep instead of answering 404.
     */
    @Test
    @Order(5)
    void aCancelSentRightAfterTheSubmissionCancelsTheSweep() throws Exception {
        String spec = """
                {"name": "e2e-cancel-at-once", "seed": 5, "repeats": 3, "model": {"kind": "two-layer", "width": 50},
                 "data": {"kind": "gaussian-teacher", "dim": 5, "samples": 200, "testSamples": 50},
                 "optimizer": {"kind": "gd", "lr": 0.01, "steps": 10000000}}""";
        String id = LabHttp.submit(gateway, spec).get("id").asText();
        HttpResponse<String> cancel = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/sweeps/" + id + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, cancel.statusCode(), cancel.body());
        JsonNode sweep = awaitStatus(id, "cancelled");
        assertEquals(3, sweep.at("/runs/cancelled").asInt(), sweep.toString());
    }

    private static JsonNode awaitStatus(String id, String status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/sweeps/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode sweep = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            if (sweep != null && sweep.get("status").asText().equals(status)) {
                return sweep;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sweep " + id + " is not " + status + " after 60 s: " + response.body());
            }
            Thread.sleep(250);
        }
    }

    /** Runs a CLI command against this test's gateway, as LAB_GATEWAY would point it. */
    private static void withGateway(Runnable command) {
        String previous = System.getProperty("lab.gateway");
        System.setProperty("lab.gateway", gateway);
        try {
            command.run();
        } finally {
            if (previous == null) {
                System.clearProperty("lab.gateway");
            } else {
                System.setProperty("lab.gateway", previous);
            }
        }
    }

    /** A chart of a sweep that is still training gets the steps recorded after the page loaded, without a reload. */
    @Test
    @Order(6)
    void theDashboardOfARunningSweepUpdatesLive() throws Exception {
        // A few hundred µs a step: 10⁷ steps take about an hour, so the runs are still training when the check ends (at
        // 100 samples and width 50 they finished 5·10⁶ steps in a minute, sometimes before the page had loaded). The
        // page thins to 10 steps a decade, so its next point comes about 0.26·(time trained) after the load.
        String slow = """
                {"name": "e2e-live", "seed": 9, "repeats": 2,
                 "model": {"kind": "two-layer", "width": 100, "init": {"scheme": "balanced", "scale": 1e-3}},
                 "data": {"kind": "gaussian-teacher", "dim": 10, "samples": 1000, "noise": 0.5, "testSamples": 100},
                 "optimizer": {"kind": "gd", "lr": 0.05, "steps": 10000000},
                 "record": {"every": 100}}""";
        String liveId = LabHttp.submit(gateway, slow).get("id").asText();
        LabHttp.awaitCurves(gateway, liveId, 1); // until a run has stored steps, so the page loads a curve
        try (Browser browser = new Browser()) {
            DashboardChecks.liveSweep(browser, gateway, liveId, EndToEndIT::get);
        }
        cancellationStopsTheRunningRunsWithinSeconds(liveId);
    }

    /**
     * A page that follows a sweep while its gateway is killed and started again ends with the curves of a page opened
     * once the sweep has finished (two runs of about half a minute; the gateway is away for a few seconds of them).
     */
    @Test
    @Order(6)
    void aPageFollowingASweepThroughAGatewayRestartEndsEqualToTheStore() throws Exception {
        String spec = """
                {"name": "e2e-gateway-restart", "seed": 13, "repeats": 2,
                 "model": {"kind": "two-layer", "width": 100, "init": {"scheme": "balanced", "scale": 1e-3}},
                 "data": {"kind": "gaussian-teacher", "dim": 10, "samples": 1000, "noise": 0.5, "testSamples": 100},
                 "optimizer": {"kind": "gd", "lr": 0.05, "steps": 100000},
                 "record": {"every": 100}}""";
        String id = LabHttp.submit(gateway, spec).get("id").asText();
        LabHttp.awaitCurves(gateway, id, 2); // both runs have stored steps before the page loads (a 404 until the sweep is stored)
        try (Browser browser = new Browser()) {
            DashboardChecks.followedThrough(browser, gateway, id, () -> {
                stack.kill("gateway");
                Thread.sleep(2000);
                stack.startAgain("gateway");
            }, EndToEndIT::get);
        }
    }

    /** {@code ./lab cancel} on the still-training sweep: both runs stop within seconds; what they recorded stays. */
    private static void cancellationStopsTheRunningRunsWithinSeconds(String liveId) throws Exception {
        Lab lab = new Lab(new LabPaths(Path.of(System.getProperty("lab.home", "..")).toAbsolutePath().normalize(),
                Files.createTempDirectory("lab-cancel-state")), new PrintStream(System.out, true));
        long cancelledAt = System.nanoTime();
        withGateway(() -> lab.run(List.of("cancel", liveId)));
        JsonNode sweep = get("/api/sweeps/" + liveId);
        while (!sweep.get("status").asText().equals("cancelled") && System.nanoTime() - cancelledAt < TimeUnit.SECONDS.toNanos(10)) {
            Thread.sleep(100);
            sweep = get("/api/sweeps/" + liveId);
        }
        double seconds = (System.nanoTime() - cancelledAt) / 1e9;
        assertEquals("cancelled", sweep.get("status").asText(), "after " + seconds + " s: " + sweep);
        assertEquals(2, sweep.at("/runs/cancelled").asInt(), sweep.toString());
        for (JsonNode run : get("/api/sweeps/" + liveId + "/runs")) {
            assertTrue(run.get("reason").asText().startsWith("cancelled by the user"), run.toString());
            assertTrue(settles("/api/runs/" + run.get("id").asText() + "/metrics", TimeUnit.SECONDS.toNanos(10)),
                    "a cancelled run records nothing more: " + run);
        }
        // nothing failed, so there is nothing to retry: a one-line reason and exit status 1
        CliException nothing = org.junit.jupiter.api.Assertions.assertThrows(CliException.class,
                () -> withGateway(() -> lab.run(List.of("retry", liveId))));
        assertEquals(1, nothing.exitCode());
        assertTrue(nothing.getMessage().contains("no failed run"), nothing.getMessage());
    }

    /**
     * Whether the list at {@code path} stops growing within {@code timeoutNanos}: unchanged over two seconds. The
     * metrics a run flushed just before its cancelled event travel on another topic and may be stored just after it;
     * a run still training (a record every 1000 steps, many a second here) grows within two seconds.
     */
    private static boolean settles(String path, long timeoutNanos) throws Exception {
        long deadline = System.nanoTime() + timeoutNanos;
        int before = get(path).size();
        while (System.nanoTime() < deadline) {
            Thread.sleep(2000);
            int now = get(path).size();
            if (now == before) {
                return true;
            }
            before = now;
        }
        return false;
    }

    /**
     * Every lab series the Grafana dashboard of deploy/ plots is one the running services export on /q/metrics, so
     * that no panel of the dashboard stays empty for a misspelt or vanished metric.
     */
    @Test
    @Order(6)
    void theGrafanaDashboardPlotsOnlySeriesTheServicesExport() throws Exception {
        StringBuilder exported = new StringBuilder();
        List<String> services = new ArrayList<>(List.of(gateway, running.getProperty("analysis.url")));
        for (int i = 1; i <= Integer.parseInt(running.getProperty("trainers")); i++) {
            services.add(running.getProperty("trainer." + i + ".url"));
        }
        for (String service : services) {
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(service + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode(), service);
            exported.append(metrics.body()).append('\n');
        }
        Path dashboard = Path.of(System.getProperty("lab.home", "..")).toAbsolutePath().normalize().resolve("deploy/k8s/base/grafana/interpolation-lab.json");
        java.util.regex.Matcher series = java.util.regex.Pattern.compile("\\blab_[a-z_]+").matcher(Files.readString(dashboard));
        Set<String> plotted = new TreeSet<>();
        while (series.find()) {
            plotted.add(series.group());
        }
        assertTrue(plotted.size() >= 6, "lab series on the dashboard: " + plotted);
        for (String name : plotted) {
            assertTrue(exported.toString().lines().anyMatch(line -> line.startsWith(name + "{") || line.startsWith(name + " ")),
                    "the dashboard plots " + name + ", which no service exports");
        }
    }

    @Test
    @Order(7)
    void downLeavesNoProcessOfOursRunning() throws Exception {
        pids.addAll(pidsNow()); // the gateway started again has a pid of its own
        stack.down();
        stack = null;
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " still runs");
        }
        boolean postgres = ProcessHandle.allProcesses()
                .anyMatch(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains("lab-e2e")).orElse(false));
        assertFalse(postgres, "PostgreSQL of the test still runs");
    }

    /** The record schedule of product.md, written out independently: t0 = 0, t_{k+1} = floor(R t_k) + 1, and the last step. */
    private static List<Long> geometricSchedule(double ratio, long last) {
        TreeSet<Long> steps = new TreeSet<>();
        for (long t = 0; t < last; t = (long) Math.floor(ratio * t) + 1) {
            steps.add(t);
        }
        steps.add(last);
        return new ArrayList<>(steps);
    }

    private static void awaitBothTrainersInTheGroup() throws Exception {
        assertTrue(TrainerGroup.CONSUMER_GROUP.awaitMembers(running.getProperty("kafka.bootstrap.servers"), 2, 60),
                "the two trainers did not both get partitions of lab.runs.requested");
    }

    private static JsonNode onlyTheoryCurve(String sweep) throws Exception {
        JsonNode curves = get("/api/sweeps/" + sweep + "/analysis").get("theory");
        assertEquals(1, curves.size(), curves.toString());
        return curves.get(0);
    }

    /** The axis value where the measured risk is largest among the points with axis in (from, to). */
    private static double argMax(JsonNode curve, double from, double to) {
        double best = Double.NEGATIVE_INFINITY;
        double at = Double.NaN;
        for (JsonNode point : curve.get("points")) {
            double x = point.get("x").asDouble();
            if (x > from && x < to && point.get("measured").asDouble() > best) {
                best = point.get("measured").asDouble();
                at = x;
            }
        }
        return at;
    }

    /** The axis value where the measured risk is smallest among the points with axis above {@code from}. */
    private static double argMin(JsonNode curve, double from) {
        double best = Double.POSITIVE_INFINITY;
        double at = Double.NaN;
        for (JsonNode point : curve.get("points")) {
            double x = point.get("x").asDouble();
            if (x > from && point.get("measured").asDouble() < best) {
                best = point.get("measured").asDouble();
                at = x;
            }
        }
        return at;
    }

    private static JsonNode awaitCompleted() throws Exception {
        return awaitCompleted(sweepId, Duration.ofMinutes(2));
    }

    /** Polls the sweep until it completes; a 404 means the analysis service has not stored the new sweep yet. */
    private static JsonNode awaitCompleted(String id, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/sweeps/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean stored = response.statusCode() == 200;
            JsonNode sweep = stored ? JSON.readTree(response.body()) : null;
            if (stored && sweep.get("status").asText().equals("completed") || System.nanoTime() > deadline) {
                assertEquals(200, response.statusCode(), response.body());
                return sweep;
            }
            Thread.sleep(250);
        }
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static long completedRuns(List<SseProbe.Event> events) {
        return events.stream().filter(e -> e.name().equals("run") && e.data().contains("\"COMPLETED\""))
                .map(e -> {
                    try {
                        return JSON.readTree(e.data()).get("runId").asText();
                    } catch (Exception malformed) {
                        throw new AssertionError(malformed);
                    }
                }).distinct().count();
    }

    private static int indexOf(List<SseProbe.Event> events, String name) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastCompletionIndex(List<SseProbe.Event> events) {
        int last = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).name().equals("run") && events.get(i).data().contains("\"COMPLETED\"")) {
                last = i;
            }
        }
        return last;
    }
}
