package dev.interpolationlab.cli;

import dev.interpolationlab.core.geometry.ConvexHull;
import dev.interpolationlab.core.geometry.HullVerdict;
import dev.interpolationlab.core.geometry.PointCloud;
import dev.interpolationlab.core.random.SplitMix64;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./lab bench hull}: hull membership of Gaussian queries in the hull of N Gaussian points in d dimensions,
 * timed warm (median queries/s over repeats), as bench/peer_highs.py times scipy's HiGHS on the same points. With
 * {@code --data DIR} it writes the points and queries there (raw little-endian float64) for the peer, and it prints the
 * verdicts so that the two sides can be compared. Prints one JSON line.
 */
final class HullBench {

    private HullBench() {
    }

    static String run(Map<String, String> options) {
        int d = Integer.parseInt(options.getOrDefault("dim", "10"));
        int n = Integer.parseInt(options.getOrDefault("points", "1000"));
        int queries = Integer.parseInt(options.getOrDefault("queries", "200"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "1"));
        long seed = Long.parseLong(options.getOrDefault("seed", "1"));
        SplitMix64 random = new SplitMix64(seed);
        double[] points = gaussian(random, n * d);
        double[] queryCoords = gaussian(random, queries * d);
        if (options.containsKey("data")) {
            write(Path.of(options.get("data")), "points.f64", points);
            write(Path.of(options.get("data")), "queries.f64", queryCoords);
        }
        ConvexHull hull = ConvexHull.of(new PointCloud(n, d, points));
        double[][] q = new double[queries][];
        for (int i = 0; i < queries; i++) {
            q[i] = java.util.Arrays.copyOfRange(queryCoords, i * d, (i + 1) * d);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<ConvexHull> hulls = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                hulls.add(t == 0 ? hull : hull.copy());
            }
            HullVerdict[] verdicts = new HullVerdict[queries];
            long warmUntil = System.nanoTime() + 1_000_000_000L;
            do {
                classify(pool, hulls, q, verdicts);
            } while (System.nanoTime() < warmUntil);
            List<Double> rates = new ArrayList<>();
            long timedUntil = System.nanoTime() + 2_000_000_000L;
            while (rates.size() < 3 || rates.size() < 25 && System.nanoTime() < timedUntil) {
                long started = System.nanoTime();
                classify(pool, hulls, q, verdicts);
                rates.add(queries / ((System.nanoTime() - started) / 1e9));
            }
            rates.sort(Double::compare);
            StringBuilder verdictBits = new StringBuilder();
            Map<HullVerdict.DecidedBy, Integer> decidedBy = new EnumMap<>(HullVerdict.DecidedBy.class);
            for (HullVerdict verdict : verdicts) {
                verdictBits.append(verdict.inside() ? '1' : '0');
                decidedBy.merge(verdict.decidedBy(), 1, Integer::sum);
            }
            StringBuilder decided = new StringBuilder();
            decidedBy.forEach((by, count) -> decided.append(decided.isEmpty() ? "" : ", ")
                    .append('"').append(by.name().toLowerCase(Locale.ROOT)).append("\": ").append(count));
            return String.format(Locale.ROOT,
                    "{\"peer\": \"lab-%dt\", \"dim\": %d, \"points\": %d, \"queries\": %d, \"queries_per_s\": %.3f, "
                            + "\"repeats\": %d, \"decided_by\": {%s}, \"verdicts\": \"%s\"}",
                    threads, d, n, queries, rates.get(rates.size() / 2), rates.size(), decided, verdictBits);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void classify(ExecutorService pool, List<ConvexHull> hulls, double[][] q, HullVerdict[] verdicts) {
        int threads = hulls.size();
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ConvexHull hull = hulls.get(t);
            int first = t;
            parts.add(pool.submit(() -> {
                for (int i = first; i < q.length; i += threads) {
                    verdicts[i] = hull.contains(q[i]);
                }
            }));
        }
        for (Future<?> part : parts) {
            try {
                part.get();
            } catch (Exception e) {
                throw new IllegalStateException("hull benchmark failed", e);
            }
        }
    }

    private static double[] gaussian(SplitMix64 random, int size) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }

    private static void write(Path directory, String name, double[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asDoubleBuffer().put(values);
        try {
            Files.createDirectories(directory);
            Files.write(directory.resolve(name), buffer.array());
        } catch (IOException e) {
            throw new CliException("cannot write benchmark data to " + directory + ": " + e.getMessage(), 1);
        }
    }
}
