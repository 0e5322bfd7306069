package dev.interpolationlab.cli.reproduce;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference experiment of science.md §5: the sweeps it runs (spec files under {@code experiments/}, whose header
 * comments state the claim, the source, the expected outcome and its tolerance) and the checks that hold the lab's
 * measurements against that outcome.
 */
abstract class Experiment {

    /** A rendered figure, its path relative to the report. */
    record Figure(String file, String caption) {
    }

    /** What an evaluation found: the checks, the figures of the key plots, and notes on what differs from the source. */
    record Findings(List<Check> checks, List<Figure> figures, List<String> notes) {

        boolean passed() {
            return !checks.isEmpty() && checks.stream().allMatch(Check::pass);
        }
    }

    /** Collects an evaluation's findings and writes its figures where the report expects them. */
    static final class Evaluation {
        private final Path figureDir;
        private final String figurePrefix;
        private final List<Check> checks = new ArrayList<>();
        private final List<Figure> figures = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        /** @param figurePrefix how the report links to {@code figureDir} */
        Evaluation(Path figureDir, String figurePrefix) {
            this.figureDir = figureDir;
            this.figurePrefix = figurePrefix;
        }

        void check(Check check) {
            checks.add(check);
        }

        void note(String note) {
            notes.add(note);
        }

        void figure(String name, Plot plot, String caption) {
            if (plot.drawablePoints() == 0) {
                notes.add("No figure for \"" + caption + "\": nothing measured to draw.");
                return;
            }
            plot.write(figureDir.resolve(name + ".png"));
            figures.add(new Figure(figurePrefix + name + ".png", caption));
        }

        Findings findings() {
            return new Findings(List.copyOf(checks), List.copyOf(figures), List.copyOf(notes));
        }
    }

    final String id;
    final String title;
    final List<String> specs;
    /** What {@code ./lab reproduce --quick} submits instead: a smaller grid that keeps the check. */
    final List<String> quickSpecs;

    Experiment(String id, String title, String... specs) {
        this(id, title, List.of(specs), List.of(specs));
    }

    Experiment(String id, String title, List<String> specs, List<String> quickSpecs) {
        this.id = id;
        this.title = title;
        this.specs = List.copyOf(specs);
        this.quickSpecs = List.copyOf(quickSpecs);
    }

    List<String> specs(boolean quick) {
        return quick ? quickSpecs : specs;
    }

    /** Null when this machine can run the experiment, else why not (a data set that is not installed). */
    String unavailable() {
        return null;
    }

    /** Holds the finished sweeps, in the order of {@link #specs}, against the expected outcome. */
    abstract void evaluate(List<SweepResult> sweeps, Evaluation evaluation);

    /** The base name of this experiment's figures: "re-4". */
    String slug() {
        return id.toLowerCase(java.util.Locale.ROOT);
    }
}
