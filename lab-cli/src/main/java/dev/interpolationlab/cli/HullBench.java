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
 * {@code ./lab bench hull}: hull membership of Gaussian queries in the hull of N Gaussian points in d dimensions (with
 * {@code --subspace K}, on a random K-dimensional subspace of R^d, the queries at half the points' scale),
 * timed warm (median queries/s over repeats), as bench/peer_highs.py times scipy's HiGHS on the same points. With
 * {@code --distances GAP} it times the distances instead ({@link ConvexHull#distance}, certified to that relative gap),
 * as bench/peer_qp.py times a QP solver's projection. With {@code --data DIR} it writes the points and queries there
 * (raw little-endian float64) for the peers, and the distance bounds (lower, upper per query) when it timed them; it
 * prints the verdicts so that the sides can be compared. Prints one JSON line.
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
        int subspace = Integer.parseInt(options.getOrDefault("subspace", "0"));
        double gap = Double.parseDouble(options.getOrDefault("distances", "NaN"));
        boolean distances = !Double.isNaN(gap);
        int passes = ConvexHull.passBudget(n, d);
        SplitMix64 random = new SplitMix64(seed);
        double[] points;
        double[] queryCoords;
        if (subspace > 0) {
            double[] basis = gaussian(random, subspace * d);
            points = onSubspace(random, basis, subspace, d, n, 1.0);
            queryCoords = onSubspace(random, basis, subspace, d, queries, 0.5);
        } else {
            points = gaussian(random, n * d);
            queryCoords = gaussian(random, queries * d);
        }
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
                classify(pool, hulls, q, verdicts, distances, gap, passes);
            } while (System.nanoTime() < warmUntil);
            List<Double> rates = new ArrayList<>();
            long timedUntil = System.nanoTime() + 2_000_000_000L;
            while (rates.size() < 3 || rates.size() < 25 && System.nanoTime() < timedUntil) {
                long started = System.nanoTime();
                classify(pool, hulls, q, verdicts, distances, gap, passes);
                rates.add(queries / ((System.nanoTime() - started) / 1e9));
            }
            rates.sort(Double::compare);
            StringBuilder verdictBits = new StringBuilder();
            Map<HullVerdict.DecidedBy, Integer> decidedBy = new EnumMap<>(HullVerdict.DecidedBy.class);
            for (HullVerdict verdict : verdicts) {
                verdictBits.append(verdict.inside() ? '1' : '0');
                decidedBy.merge(verdict.decidedBy(), 1, Integer::sum);
            }
            double widest = 0.0;
            if (distances) {
                double[] bounds = new double[2 * queries];
                for (int i = 0; i < queries; i++) {
                    bounds[2 * i] = verdicts[i].distanceLower();
                    double upper = verdicts[i].distanceUpper();
                    bounds[2 * i + 1] = upper;
                    if (!verdicts[i].inside()) {
                        widest = Math.max(widest, (upper - verdicts[i].distanceLower()) / upper);
                    }
                }
                if (options.containsKey("data")) {
                    write(Path.of(options.get("data")), "distances.f64", bounds);
                }
            }
            StringBuilder decided = new StringBuilder();
            decidedBy.forEach((by, count) -> decided.append(decided.isEmpty() ? "" : ", ")
                    .append('"').append(by.name().toLowerCase(Locale.ROOT)).append("\": ").append(count));
            return String.format(Locale.ROOT,
                    "{\"peer\": \"lab-%dt%s\", \"dim\": %d, \"points\": %d, \"queries\": %d, \"subspace\": %d, \"queries_per_s\": %.3f, "
                            + "\"repeats\": %d, \"decided_by\": {%s}, \"verdicts\": \"%s\"%s}",
                    threads, distances ? "-distances" : "", d, n, queries, subspace, rates.get(rates.size() / 2), rates.size(), decided,
                    verdictBits, distances ? String.format(Locale.ROOT, ", \"relative_gap\": %g, \"widest_gap\": %.3g", gap, widest) : "");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void classify(ExecutorService pool, List<ConvexHull> hulls, double[][] q, HullVerdict[] verdicts, boolean distances,
            double gap, int passes) {
        int threads = hulls.size();
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ConvexHull hull = hulls.get(t);
            int first = t;
            parts.add(pool.submit(() -> {
                for (int i = first; i < q.length; i += threads) {
                    verdicts[i] = distances ? hull.distance(q[i], gap, passes) : hull.contains(q[i]);
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

    /** {@code count} points z·B, z ~ N(0, scale² I_k), on the span of the k rows of {@code basis} (k × d). */
    private static double[] onSubspace(SplitMix64 random, double[] basis, int k, int d, int count, double scale) {
        double[] points = new double[count * d];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < k; j++) {
                double z = scale * random.nextGaussian();
                for (int c = 0; c < d; c++) {
                    points[i * d + c] += z * basis[j * d + c];
                }
            }
        }
        return points;
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
