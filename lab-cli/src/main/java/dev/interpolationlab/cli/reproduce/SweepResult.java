package dev.interpolationlab.cli.reproduce;

import dev.interpolationlab.api.MetricRow;
import dev.interpolationlab.api.RunView;
import dev.interpolationlab.api.SweepView;
import dev.interpolationlab.cli.GatewayClient;
import dev.interpolationlab.proto.v1.AnalysisResult;
import dev.interpolationlab.proto.v1.SweepSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A finished sweep of a reference experiment as the lab's REST API reports it: the sweep with its spec, its runs with
 * their summaries, its analysis, and each run's recorded steps on demand.
 *
 * @param specFile    the experiment file it was submitted from, relative to the repository
 * @param spec        the sweep's spec as the lab's parser reads the experiment file
 * @param wallSeconds from submission to the last run's end; NaN for a sweep reused from an earlier reproduction
 */
record SweepResult(String specFile, String id, SweepView sweep, SweepSpec spec, List<RunView> runs, AnalysisResult analysis,
        double wallSeconds, GatewayClient gateway, Map<String, List<MetricRow>> metricsCache) {

    /** @param spec the experiment file's spec, which the sweep was submitted from (or matched to, when reused) */
    static SweepResult fetch(GatewayClient gateway, String specFile, SweepSpec spec, String id, double wallSeconds) {
        return new SweepResult(specFile, id, gateway.sweep(id), spec, gateway.runs(id), gateway.analysis(id), wallSeconds, gateway,
                new HashMap<>());
    }

    List<RunView> completedRuns() {
        return runs(run -> true);
    }

    /** The completed runs that {@code filter} keeps, in run order. */
    List<RunView> runs(Predicate<RunView> filter) {
        List<RunView> kept = new ArrayList<>();
        runs.forEach(run -> {
            if (run.completed() && filter.test(run)) {
                kept.add(run);
            }
        });
        return kept;
    }

    /** The recorded steps of a run, oldest first. */
    List<MetricRow> metrics(String runId) {
        return metricsCache.computeIfAbsent(runId, gateway::metrics);
    }

    /** The summed training time of the runs: what the sweep costs, whatever else shared the machine. */
    double trainingSeconds() {
        double total = 0;
        for (RunView run : runs) {
            total += run.wallMs() == null ? 0 : run.wallMs() / 1000.0;
        }
        return total;
    }

    /** One field of every recorded step (or of any list of rows), NaN where it is not reported. */
    static <T> double[] column(List<T> rows, Function<T, ? extends Number> field) {
        double[] values = new double[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = orNaN(field.apply(rows.get(i)));
        }
        return values;
    }

    /** A reported number, NaN where it is not reported. */
    static double orNaN(Number value) {
        return value == null ? Double.NaN : value.doubleValue();
    }
}
