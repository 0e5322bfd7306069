package dev.interpolationlab.cli;

import dev.interpolationlab.api.RunCounts;
import dev.interpolationlab.api.SweepView;
import dev.interpolationlab.proto.v1.AnalysisResult;
import dev.interpolationlab.proto.v1.GridValue;
import dev.interpolationlab.proto.v1.Threshold;
import dev.interpolationlab.proto.v1.ThresholdGroup;
import dev.interpolationlab.proto.v1.ThresholdRow;
import java.util.List;
import java.util.Locale;

/** Plain-text tables for the terminal. */
public final class Render {

    private Render() {
    }

    /** A progress bar with the run counts. */
    static String counts(SweepView sweep) {
        RunCounts runs = sweep.runs();
        int total = runs.total();
        int done = done(runs);
        int width = 30;
        int filled = total == 0 ? 0 : done * width / total;
        return String.format(Locale.ROOT, "[%s%s] %d/%d runs  %d running  %d failed",
                "#".repeat(filled), ".".repeat(width - filled), done, total, runs.running(), runs.failed());
    }

    /** {@link #counts} with the rate and the estimated time left, for a sweep followed since {@code elapsedSeconds}. */
    static String progress(SweepView sweep, double elapsedSeconds) {
        int done = done(sweep.runs());
        double rate = done / Math.max(elapsedSeconds, 1e-9);
        String eta = done == 0 ? "?" : String.format(Locale.ROOT, "%.0fs", (sweep.runs().total() - done) / rate);
        return counts(sweep) + String.format(Locale.ROOT, "  %.2f runs/s  ETA %s", rate, eta);
    }

    private static int done(RunCounts runs) {
        return runs.completed() + runs.failed() + runs.cancelled();
    }

    /**
     * The threshold table of each group: runs per n by certified end state, the fraction of certified runs that do
     * not interpolate, the median ratios and alignment, then n*_interp and n*_OLS as brackets with the logistic
     * estimate, its 95% profile-likelihood interval and the trend test.
     */
    public static String threshold(AnalysisResult analysis) {
        StringBuilder text = new StringBuilder();
        for (ThresholdGroup group : analysis.getThresholdList()) {
            String fixed = gridValues(group.getFixedList());
            text.append("Optimisation threshold").append(fixed.isEmpty() ? "" : " (" + fixed + ")").append('\n');
            text.append(String.format(Locale.ROOT, "  %6s %5s %6s %8s %8s %10s %17s %13s %13s %9s%n",
                    "n", "runs", "interp", "ols-like", "spurious", "unresolved", "non-interpolating", "median tr/OLS",
                    "median te/OLS", "|cos|"));
            for (ThresholdRow row : group.getRowsList()) {
                text.append(String.format(Locale.ROOT, "  %6d %5d %6d %8d %8d %10d %17s %13s %13s %9s%n",
                        row.getSamples(), row.getRuns(), row.getInterpolatingRuns(), row.getOlsLikeRuns(), row.getSpuriousRuns(),
                        row.getUnresolvedRuns(),
                        row.hasFractionNonInterpolating()
                                ? row.getNonInterpolating() + "/" + row.getCertified()
                                + String.format(Locale.ROOT, " (%.2f)", row.getFractionNonInterpolating())
                                : "-",
                        number(row.hasMedianTrainRatio(), row.getMedianTrainRatio()),
                        number(row.hasMedianTestRatio(), row.getMedianTestRatio()),
                        number(row.hasMedianAlignment(), row.getMedianAlignment())));
            }
            text.append("  n*_interp ").append(threshold(group.getInterpolation(), "non-interpolating")).append('\n');
            text.append("  n*_OLS    ").append(threshold(group.getOls(), "OLS-like")).append('\n');
            if (group.getUnresolved() > 0) {
                text.append("  ").append(group.getUnresolved())
                        .append(" unresolved run(s) (still moving at the horizon) are left out of every fraction\n");
            }
        }
        return text.toString();
    }

    /** "data.dim = 10, model.width = 100" */
    public static String gridValues(List<GridValue> values) {
        StringBuilder text = new StringBuilder();
        values.forEach(v -> text.append(text.length() == 0 ? "" : ", ").append(v.getPath()).append(" = ").append(v.getValue()));
        return text.toString();
    }

    /** "in (40, 80]; logistic 57 [95% profile 31, 120]; trend p = 0.0012" */
    static String threshold(Threshold threshold, String outcome) {
        StringBuilder text = new StringBuilder();
        if (!threshold.hasAt()) {
            text.append("not reached (no n from which most certified runs are ").append(outcome).append(')');
        } else if (!threshold.hasBelow()) {
            text.append("≤ ").append(threshold.getAt()).append(" (from the first n on)");
        } else {
            text.append("in (").append(threshold.getBelow()).append(", ").append(threshold.getAt()).append(']');
        }
        if (threshold.hasLogistic()) {
            text.append(String.format(Locale.ROOT, "; logistic %.3g [95%% profile %s, %s]", threshold.getLogistic(),
                    threshold.hasLow() ? String.format(Locale.ROOT, "%.3g", threshold.getLow()) : "open",
                    threshold.hasHigh() ? String.format(Locale.ROOT, "%.3g", threshold.getHigh()) : "open"));
        }
        if (threshold.hasTrendP()) {
            text.append(String.format(Locale.ROOT, "; trend p = %.2g", threshold.getTrendP()));
        }
        return text.toString();
    }

    static String sweeps(List<SweepView> list) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-16s %-24s %-10s %s%n", "ID", "NAME", "STATUS", "RUNS DONE/TOTAL"));
        for (SweepView sweep : list) {
            text.append(String.format(Locale.ROOT, "%-16s %-24s %-10s %d/%d%n", sweep.id(), sweep.name(), sweep.status(),
                    sweep.runs().completed() + sweep.runs().failed(), sweep.runs().total()));
        }
        return text.toString();
    }

    private static String number(boolean present, double value) {
        return present ? String.format(Locale.ROOT, "%.3g", value) : "-";
    }
}
