package dev.interpolationlab.cli.reproduce;

import dev.interpolationlab.proto.v1.GeometryPoint;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * RE-2 (science.md §5, §1(c); Balestriero, Pesenti &amp; LeCun 2021, Fig. 1 analogue): the probability that a new
 * Gaussian sample falls in the convex hull of N others collapses with the dimension; points on a moment curve are
 * never inside, whatever N.
 */
final class Re2HullDimension extends Experiment {

    static final int[] DIMS = {2, 3, 4, 5, 6, 8, 10, 16};
    static final int[] SAMPLES = {10, 20, 50, 100, 200, 500, 1000, 2000};

    /** science.md §1(c) [SIM]: P per (d, N), 200 queries a cell (± ≈ 0.035); NaN where it has no value. */
    static final double[][] REFERENCE = {
        {.40, .62, .81, .90, .95, .98, .97, 1.0},
        {.20, .44, .66, .70, .92, .92, .96, .99},
        {.05, .25, .47, .65, .76, .87, .92, .92},
        {.01, .09, .24, .41, .59, .73, .84, .89},
        {.00, .03, .14, .27, .40, .57, .69, .86},
        {.00, .00, .02, .07, .19, .34, .52, .56},
        {Double.NaN, .00, .00, .01, .10, .18, .29, .42},
        {Double.NaN, .00, .00, .00, .00, .00, .03, .07},
    };

    /** science.md: N at which P ≈ 0.5, for d = 2, 3, 4, 5, 6, 8 ("roughly"). */
    static final Map<Integer, Double> HALF_WAY = Map.of(2, 15.0, 3, 25.0, 4, 60.0, 5, 150.0, 6, 350.0, 8, 1000.0);

    /**
     * Two Monte-Carlo estimates of 200 queries each differ by a standard error of about 0.05; three of them, rounded up.
     */
    static final double CELL_TOLERANCE = 0.15;

    Re2HullDimension() {
        super("RE-2", "Interpolation probability against dimension (Balestriero et al. Fig. 1 analogue)",
                "re2-hull-dimension.yaml", "re2-moment-curve.yaml");
    }

    @Override
    void evaluate(List<SweepResult> sweeps, Evaluation evaluation) {
        Map<Integer, Map<Integer, double[]>> measured = table(sweeps.get(0));
        int cells = 0;
        int within = 0;
        double worst = 0;
        String worstCell = "";
        for (int i = 0; i < DIMS.length; i++) {
            for (int j = 0; j < SAMPLES.length; j++) {
                double reference = REFERENCE[i][j];
                double[] cell = measured.getOrDefault(DIMS[i], Map.of()).get(SAMPLES[j]);
                if (Double.isNaN(reference)) {
                    continue;
                }
                cells++;
                double difference = cell == null ? Double.POSITIVE_INFINITY : Math.abs(cell[0] - reference);
                within += difference <= CELL_TOLERANCE ? 1 : 0;
                if (difference > worst) {
                    worst = difference;
                    worstCell = "d = " + DIMS[i] + ", N = " + SAMPLES[j];
                }
            }
        }
        evaluation.check(new Check("cells within " + CELL_TOLERANCE + " of science.md's table", "all " + cells,
                within + " (largest difference " + Check.number(worst) + " at " + worstCell + ")", within == cells));

        // monotone: rising in N at each d, falling in d at each N, up to two standard errors of the difference
        int violations = 0;
        StringBuilder where = new StringBuilder();
        for (int d : DIMS) {
            for (int j = 1; j < SAMPLES.length; j++) {
                double[] before = cell(measured, d, SAMPLES[j - 1]);
                double[] after = cell(measured, d, SAMPLES[j]);
                if (before != null && after != null && after[0] < before[0] - 2 * standardError(before, after)) {
                    violations++;
                    where.append(" d=").append(d).append(" N=").append(SAMPLES[j]);
                }
            }
        }
        for (int n : SAMPLES) {
            for (int i = 1; i < DIMS.length; i++) {
                double[] before = cell(measured, DIMS[i - 1], n);
                double[] after = cell(measured, DIMS[i], n);
                if (before != null && after != null && after[0] > before[0] + 2 * standardError(before, after)) {
                    violations++;
                    where.append(" N=").append(n).append(" d=").append(DIMS[i]);
                }
            }
        }
        evaluation.check(new Check("P rising in N and falling in d (beyond 2 s.e.)", "no reversal",
                violations == 0 ? "none" : violations + " reversal(s):" + where, violations == 0));

        // N_{0.5}(d): where P crosses 1/2, interpolated in log N
        TreeMap<Integer, Double> halfWay = new TreeMap<>();
        for (Map.Entry<Integer, Double> expected : new TreeMap<>(HALF_WAY).entrySet()) {
            double n = crossing(measured.getOrDefault(expected.getKey(), Map.of()));
            halfWay.put(expected.getKey(), n);
            double ratio = n / expected.getValue();
            evaluation.check(new Check("N at which P = 1/2, d = " + expected.getKey(), "≈ " + Check.number(expected.getValue()) + " (within ×1.6)",
                    Check.number(n), ratio >= 1 / 1.6 && ratio <= 1.6));
        }
        double growth = Math.pow(halfWay.get(8) / halfWay.get(2), 1.0 / 6);
        evaluation.check(new Check("growth of N_{1/2} per extra dimension, d = 2 … 8", "2.3–2.7 (accepting 2.0–3.0)", Check.number(growth),
                growth >= 2.0 && growth <= 3.0));
        double highest = measured.getOrDefault(16, Map.of()).values().stream().mapToDouble(c -> c[0]).max().orElse(Double.NaN);
        evaluation.check(Check.below("largest P at d = 16, N ≤ 2000", highest, 0.1));

        // the moment curve: never inside
        Map<Integer, Map<Integer, double[]>> curve = table(sweeps.get(1));
        double curveInside = 0;
        int curveQueries = 0;
        for (Map<Integer, double[]> byN : curve.values()) {
            for (double[] c : byN.values()) {
                curveInside += c[0] * c[1];
                curveQueries += (int) c[1];
            }
        }
        evaluation.check(new Check("moment-curve queries inside the hull of other curve points", "0 exactly",
                Math.round(curveInside) + " of " + curveQueries, curveQueries > 0 && curveInside == 0));

        Plot plot = new Plot("RE-2: P(new Gaussian sample ∈ hull of N samples)", "N (training samples)", "P(inside)").logX().yRange(-0.02, 1.02);
        int colour = 0;
        for (int d : DIMS) {
            Map<Integer, double[]> byN = measured.getOrDefault(d, Map.of());
            plot.add("d = " + d, byN.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                    byN.values().stream().mapToDouble(c -> c[0]).toArray(), Plot.Style.LINE_POINTS, Plot.PALETTE[colour++ % Plot.PALETTE.length]);
        }
        evaluation.figure(slug(), plot, "The fraction of test points inside the training hull against N, one curve per dimension d: "
                + "8 data sets × 25 queries per point. The N needed for an even chance grows geometrically with d.");
        evaluation.note("Not run through the services: the affine-embedding variant (d* = 4 embedded in D = 100). lab-core's "
                + "HullProbabilityTest.isometricEmbeddingIntoOneHundredDimensionsGivesTheSameVerdicts shows the verdicts are the same; "
                + "the sweep vocabulary has no embedded data kind. The real-data variant is RE-2R.");
    }

    /** d → N → {pooled fraction inside, measured test points}. */
    private static Map<Integer, Map<Integer, double[]>> table(SweepResult sweep) {
        Map<Integer, Map<Integer, double[]>> table = new TreeMap<>();
        for (GeometryPoint point : sweep.analysis().getGeometryList()) {
            if (!point.hasInputFractionInsidePooled()) {
                continue;
            }
            int d = (int) ThresholdGroups.number(point.getGridPointList(), "data.dim");
            int n = (int) ThresholdGroups.number(point.getGridPointList(), "data.samples");
            double queries = sweep.completedRuns().stream()
                    .filter(run -> run.gridNumber("data.dim") == d && run.gridNumber("data.samples") == n)
                    .count() * (double) sweep.spec().getBase().getData().getTestSamples();
            table.computeIfAbsent(d, k -> new TreeMap<>()).put(n, new double[] {point.getInputFractionInsidePooled(), queries});
        }
        return table;
    }

    private static double[] cell(Map<Integer, Map<Integer, double[]>> table, int d, int n) {
        return table.getOrDefault(d, Map.of()).get(n);
    }

    /** The standard error of the difference of two cells' fractions, {fraction, queries} each. */
    static double standardError(double[] a, double[] b) {
        // a floor of one query in 200 keeps cells at exactly 0 or 1 from claiming certainty
        double pa = Math.min(Math.max(a[0], 0.005), 0.995);
        double pb = Math.min(Math.max(b[0], 0.005), 0.995);
        return Math.sqrt(pa * (1 - pa) / a[1] + pb * (1 - pb) / b[1]);
    }

    /** The N at which P first reaches 1/2, interpolated linearly in log N between grid points; NaN when it never does. */
    private static double crossing(Map<Integer, double[]> byN) {
        Integer previous = null;
        for (Map.Entry<Integer, double[]> entry : byN.entrySet()) {
            double p = entry.getValue()[0];
            if (p >= 0.5) {
                if (previous == null) {
                    return entry.getKey();
                }
                double p0 = byN.get(previous)[0];
                double t = (0.5 - p0) / (p - p0);
                return Math.exp(Math.log(previous) + t * (Math.log(entry.getKey()) - Math.log(previous)));
            }
            previous = entry.getKey();
        }
        return Double.NaN;
    }
}
