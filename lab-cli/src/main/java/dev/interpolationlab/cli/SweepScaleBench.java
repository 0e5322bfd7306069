package dev.interpolationlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.interpolationlab.api.SweepView;
import dev.interpolationlab.core.science.Median;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./lab bench sweep-scale}: one sweep at the configured maximum (bench/sweep-scale.yaml: 10,000 tiny runs, 100
 * recorded steps each) through a fresh embedded stack with two trainers, timed from the user's side.
 * <ol>
 *   <li>submission: {@code POST /api/sweeps} to its 202 (validation, expansion, one Kafka transaction of 10,000 run
 *       requests);</li>
 *   <li>queued: from the 202 until the store holds the sweep with every run;</li>
 *   <li>ingestion: recorded steps stored per second, from the first stored to the last (training shares the cores);</li>
 *   <li>the analysis: {@code GET /api/sweeps/{id}/analysis} through the gateway, the first call once the sweep
 *       completed and the median of warm calls;</li>
 *   <li>the sweep's dashboard page in headless Chromium until every chart holds every run (as {@code bench live});</li>
 *   <li>the export through the gateway ({@code /export?format=csv}), read to its end: bytes and MB/s;</li>
 *   <li>the gateway's and the analysis service's heap after a full GC ({@code jcmd GC.run}, then their
 *       {@code jvm_memory_used_bytes}) and resident memory, when up and at the end.</li>
 * </ol>
 * Prints one JSON line.
 */
final class SweepScaleBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> MEASURED = List.of("gateway", "analysis-service");
    private static final java.time.Duration PAGE_PATIENCE = java.time.Duration.ofMinutes(3);

    private SweepScaleBench() {
    }

    static String run(Path home, Map<String, String> options) throws Exception {
        Path spec = home.resolve(options.getOrDefault("spec", "bench/sweep-scale.yaml"));
        int trainers = Integer.parseInt(options.getOrDefault("trainers", "2"));
        int loads = Integer.parseInt(options.getOrDefault("loads", "3"));
        LabPaths paths = new LabPaths(home, Files.createTempDirectory("lab-bench-sweep-scale"));
        Stack stack = new Stack(paths, System.err);
        try {
            Properties running = stack.up(trainers);
            GatewayClient gateway = new GatewayClient(running.getProperty("gateway.url"));
            ObjectNode result = JSON.createObjectNode();
            memory(paths, running, result, "Start");

            long submitted = System.nanoTime();
            String id = gateway.submit(spec).id();
            long accepted = System.nanoTime();
            SweepView sweep = gateway.sweepOnceStored(id);
            while (sweep.runs().total() == 0) {
                sweep = gateway.sweep(id);
                Thread.sleep(20);
            }
            long queued = System.nanoTime();
            int runs = sweep.runs().total();
            System.err.printf("%d runs accepted in %.2f s, stored in %.2f s more%n", runs, (accepted - submitted) / 1e9,
                    (queued - accepted) / 1e9);

            try (Connection db = DriverManager.getConnection(running.getProperty("jdbc.url"), running.getProperty("jdbc.username"),
                    running.getProperty("jdbc.password"))) {
                long firstStored = 0;
                long lastChange = 0;
                long completed = 0;
                long steps = -1;
                // until the sweep is completed and its stored steps have stopped growing (metrics may trail the events)
                while (completed == 0 || System.nanoTime() - lastChange < TimeUnit.SECONDS.toNanos(3)) {
                    sweep = gateway.sweep(id);
                    if (sweep.runs().failed() > 0 || System.nanoTime() - accepted > TimeUnit.HOURS.toNanos(2)) {
                        throw new CliException("the sweep did not complete: " + sweep);
                    }
                    long count = StoreBench.storedCount(db, id);
                    long now = System.nanoTime();
                    if (count > 0 && firstStored == 0) {
                        firstStored = now;
                    }
                    if (count != steps) {
                        steps = count;
                        lastChange = now;
                    }
                    if (completed == 0 && sweep.status().equals("completed")) {
                        completed = now;
                    }
                    Thread.sleep(250);
                }
                System.err.printf("completed in %.1f s; %d steps stored%n", (completed - accepted) / 1e9, steps);
                result.put("runs", runs)
                        .put("submitSeconds", (accepted - submitted) / 1e9)
                        .put("queuedSeconds", (queued - accepted) / 1e9)
                        .put("completedSeconds", (completed - accepted) / 1e9)
                        .put("storedSteps", steps)
                        .put("ingestStepsPerSecond", steps / Math.max(1e-9, (lastChange - firstStored) / 1e9));
            }

            double[] analysisMs = new double[6];
            for (int i = 0; i < analysisMs.length; i++) {
                long t = System.nanoTime();
                get(gateway.baseUrl() + "/api/sweeps/" + id + "/analysis");
                analysisMs[i] = (System.nanoTime() - t) / 1e6;
            }
            result.put("analysisMsFirst", analysisMs[0])
                    .put("analysisMsWarmMedian", Median.of(Arrays.copyOfRange(analysisMs, 1, analysisMs.length)));

            try {
                double[] pageMs = LiveBench.pageLoads(gateway.baseUrl(), id, runs, loads, PAGE_PATIENCE);
                result.put("pageLoadMsFirst", pageMs[0]).put("pageLoadMsMedian", Median.of(Arrays.copyOfRange(pageMs, 1, pageMs.length)));
            } catch (org.openqa.selenium.TimeoutException slow) {
                // reported, not thrown: the other figures stand
                result.put("pageLoadTimedOutSeconds", PAGE_PATIENCE.toSeconds());
            }

            long exportStarted = System.nanoTime();
            long bytes = drain(gateway.baseUrl() + "/api/sweeps/" + id + "/export?format=csv");
            double exportSeconds = (System.nanoTime() - exportStarted) / 1e9;
            result.put("exportBytes", bytes).put("exportSeconds", exportSeconds).put("exportMBPerSecond", bytes / 1e6 / exportSeconds);

            memory(paths, running, result, "End");
            return result.toString();
        } finally {
            stack.down();
        }
    }

    /** Each measured service's heap after a full GC and its resident set, as {@code <service>Heap<when>MB} and {@code ...Rss...}. */
    private static void memory(LabPaths paths, Properties running, ObjectNode result, String when) throws Exception {
        for (String service : MEASURED) {
            long pid = ProcessMemory.pid(paths, service);
            String url = service.equals("gateway") ? running.getProperty("gateway.url") : running.getProperty("analysis.url");
            String prefix = service.equals("gateway") ? "gateway" : "analysis";
            result.put(prefix + "Heap" + when + "MB", ProcessMemory.heapAfterGcMegabytes(pid, url))
                    .put(prefix + "Rss" + when + "MB", ProcessMemory.rssMegabytes(pid));
        }
    }

    private static String get(String url) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        GatewayClient.configuredToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new CliException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** Reads a response to its end, counting its bytes. */
    private static long drain(String url) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new CliException(url + " answered " + response.statusCode());
        }
        byte[] buffer = new byte[1 << 16];
        long bytes = 0;
        try (InputStream body = response.body()) {
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                bytes += read;
            }
        }
        return bytes;
    }
}
