package dev.interpolationlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import dev.interpolationlab.core.science.Median;
import dev.interpolationlab.core.spec.SpecLimits;
import dev.interpolationlab.core.spec.SpecParser;
import dev.interpolationlab.core.spec.ValidatedSweep;
import dev.interpolationlab.core.sweep.GridExpander;
import dev.interpolationlab.core.sweep.PlannedRun;
import dev.interpolationlab.infra.SseProbe;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.SweepAccepted;
import dev.interpolationlab.wire.ProtoJson;
import dev.interpolationlab.wire.Topics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code ./lab bench live}: the dashboard's targets (issue 5) on the embedded stack, started here with no trainer.
 * <ol>
 *   <li>A sweep of R = 20·repeats runs with S recorded steps each is published and stored, as trainers would leave it.
 *       Headless Chromium then loads its page several times: the load time is the page's own clock
 *       ({@code performance.now()}, from navigation start) at the last chart drawn with every run's curve.</li>
 *   <li>Epoch records are then published at a steady rate, as trainers publish them, while an SSE client follows the
 *       sweep's stream: the latency of each is the time from the producer's send to the event's arrival (one JVM,
 *       one clock). The producer is configured as the trainers' is (acks=all, idempotent, linger 5 ms).</li>
 * </ol>
 * Prints one JSON line.
 */
final class LiveBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveBench() {
    }

    static String run(Path home, Map<String, String> options) throws Exception {
        int repeats = Integer.parseInt(options.getOrDefault("repeats", "50"));
        int steps = Integer.parseInt(options.getOrDefault("steps", "500"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "1000"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        int loads = Integer.parseInt(options.getOrDefault("loads", "5"));
        ValidatedSweep sweep = new SpecParser(SpecLimits.DEFAULTS).parseJson(StoreBench.thresholdSweep(repeats));
        String sweepId = "sw-bench-" + Long.toHexString(System.nanoTime());
        List<PlannedRun> runs = GridExpander.runs(sweepId, sweep);

        Stack stack = new Stack(new LabPaths(home, Files.createTempDirectory("lab-bench-live")), System.err);
        try {
            Properties running = stack.up(0);
            String gateway = running.getProperty("gateway.url");
            try (KafkaProducer<String, Message> producer = StoreBench.producer(running.getProperty("kafka.bootstrap.servers"));
                 Connection db = DriverManager.getConnection(running.getProperty("jdbc.url"), running.getProperty("jdbc.username"),
                         running.getProperty("jdbc.password"))) {
                producer.send(new ProducerRecord<>(Topics.SWEEPS, sweepId, SweepAccepted.newBuilder().setSweepId(sweepId)
                        .setSpec(sweep.spec()).setSpecJson(sweep.normalised().toString()).setAcceptedAtMs(System.currentTimeMillis())
                        .addAllRuns(runs.stream().map(PlannedRun::ref).toList()).build())).get();
                StoreBench.awaitStatus(running.getProperty("analysis.url"), sweepId, "queued", 60);
                for (PlannedRun run : runs) {
                    for (int step = 0; step < steps; step++) {
                        producer.send(new ProducerRecord<>(Topics.RUNS_METRICS, run.ref().getRunId(), StoreBench.epoch(sweepId, run, step)));
                    }
                }
                producer.flush();
                StoreBench.awaitStored(db, sweepId, (long) runs.size() * steps, 600);
                awaitGatewayCaughtUp(gateway, sweepId, producer);

                double[] loadMs = pageLoads(gateway, sweepId, runs.size(), loads);
                double[] latencyMs = latencies(gateway, sweepId, runs, steps, rate, seconds, producer);
                double[] warmLoads = Arrays.copyOfRange(loadMs, 1, loadMs.length);
                return JSON.createObjectNode()
                        .put("runs", runs.size())
                        .put("stepsPerRun", steps)
                        .put("pageLoadMsFirst", loadMs[0])
                        .put("pageLoadMsMedian", Median.of(warmLoads))
                        .put("pageLoadMsMax", Arrays.stream(warmLoads).max().orElseThrow())
                        .put("eventsPerSecond", rate)
                        .put("events", latencyMs.length)
                        .put("latencyMsP50", percentile(latencyMs, 0.50))
                        .put("latencyMsP99", percentile(latencyMs, 0.99))
                        .put("latencyMsMax", latencyMs[latencyMs.length - 1])
                        .toString();
            }
        } finally {
            stack.down();
        }
    }

    /**
     * The gateway relays the stored backlog too (it reads every record, to keep it for replay): both measurements start
     * once it has caught up, which a marker step published last and seen on the stream shows.
     */
    private static void awaitGatewayCaughtUp(String gateway, String sweepId, KafkaProducer<String, Message> producer) throws Exception {
        // thinned to one step per decade, so that the backlog the gateway relays meanwhile stays small on this stream
        try (SseProbe sse = SseProbe.connect(URI.create(gateway + "/api/sweeps/" + sweepId + "/stream?perDecade=1"))) {
            Thread.sleep(1000);
            String marker = sweepId + "-caught-up";
            producer.send(new ProducerRecord<>(Topics.RUNS_METRICS, marker,
                    EpochMetrics.newBuilder().setRunId(marker).setSweepId(sweepId).setStep(1).build())).get();
            sse.awaitEvent(e -> e.data().contains(marker), Duration.ofSeconds(600));
        }
    }

    /** The sweep page, loaded afresh each time, until every chart holds every run and is drawn. */
    static double[] pageLoads(String gateway, String sweepId, int runs, int loads) {
        return pageLoads(gateway, sweepId, runs, loads, Duration.ofSeconds(60));
    }

    /** As above, each load given up to {@code patience}. */
    static double[] pageLoads(String gateway, String sweepId, int runs, int loads, Duration patience) {
        double[] loadMs = new double[loads];
        try (Browser browser = new Browser()) {
            for (int i = 0; i < loads; i++) {
                browser.open("about:blank");
                browser.open(gateway + "/#/sweeps/" + sweepId);
                browser.await(patience, driver -> Boolean.TRUE.equals(browser.script(
                        "return !!(window.lab && lab.ready && lab.charts.trainLoss && lab.charts.trainLoss.series.length >= arguments[0]"
                                + " && Object.values(lab.charts).filter(c => c.plotArea).every(c => c.plot && !c.pendingDraw))", runs)) ? true : null);
                loadMs[i] = ((Number) browser.script("return lab.lastDrawAt")).doubleValue();
            }
        }
        return loadMs;
    }

    /** Send-to-receive times of epoch events published at {@code rate} per second for {@code seconds}, sorted. */
    static double[] latencies(String gateway, String sweepId, List<PlannedRun> runs, int firstStep, int rate, int seconds,
            KafkaProducer<String, Message> producer) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        int events = rate * seconds;
        try (SseProbe sse = SseProbe.connect(URI.create(gateway + "/api/sweeps/" + sweepId + "/stream"))) {
            Thread.sleep(2000); // the stream's subscription is in place
            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            for (int i = 0; i < events; i++) {
                LockSupport.parkNanos(start + i * interval - System.nanoTime());
                PlannedRun run = runs.get(i % runs.size());
                int step = firstStep + i / runs.size();
                sentAt.put(run.ref().getRunId() + "@" + step, System.nanoTime());
                producer.send(new ProducerRecord<>(Topics.RUNS_METRICS, run.ref().getRunId(), StoreBench.epoch(sweepId, run, step)));
            }
            // events of different partitions arrive in any order: wait for all of them
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<Double> latencies = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            int read = 0;
            while (seen.size() < events && System.nanoTime() < deadline) {
                List<SseProbe.Event> received = sse.events();
                for (SseProbe.Event event : received.subList(read, received.size())) {
                    if (event.name().equals("epoch")) {
                        EpochMetrics epoch = ProtoJson.parse(event.data(), EpochMetrics.newBuilder()).build();
                        String key = epoch.getRunId() + "@" + epoch.getStep();
                        Long sent = sentAt.get(key);
                        if (sent != null && seen.add(key)) {
                            latencies.add((event.receivedAtNanos() - sent) / 1e6);
                        }
                    }
                }
                read = received.size();
                Thread.sleep(100);
            }
            if (latencies.size() != events) {
                throw new CliException("the stream delivered " + latencies.size() + " of " + events + " epoch events");
            }
            return latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        }
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }
}
