package dev.interpolationlab.cli.reproduce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.interpolationlab.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * REPRODUCTION.md: a summary table, then per experiment its claim and setup (the spec file's header), the measured
 * numbers beside the expected ones, pass or fail, wall time, figures and notes. Each experiment's section is saved as
 * JSON beside its figures in {@code docs/reproduction/}, and the report is assembled from every saved section.
 */
final class ReproductionReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A sweep an experiment ran (or reused). */
    record SweepLine(String spec, String id, int runs, boolean reused, String codeVersion) {
    }

    /** One experiment's outcome. status: pass, fail or skipped. */
    record Section(String id, String title, String status, String header, double wallSeconds, double trainingSeconds,
            List<SweepLine> sweeps, List<Check> checks, List<Experiment.Figure> figures, List<String> notes, String recordedAt) {

        static Section of(Experiment experiment, String header, List<SweepResult> results, Experiment.Findings findings, double wall) {
            List<SweepLine> sweeps = results.stream().map(r -> new SweepLine(r.specFile(), r.id(), r.runs().size(), Double.isNaN(r.wallSeconds()),
                    r.sweep().codeVersion())).toList();
            double training = results.stream().mapToDouble(SweepResult::trainingSeconds).sum();
            return new Section(experiment.id, experiment.title, findings.passed() ? "pass" : "fail", header, wall, training, sweeps,
                    findings.checks(), findings.figures(), findings.notes(), now());
        }

        static Section skipped(Experiment experiment, String header, String why) {
            return new Section(experiment.id, experiment.title, "skipped", header, Double.NaN, 0, List.of(), List.of(), List.of(), List.of(why), now());
        }

        String summary() {
            if (status.equals("skipped")) {
                return notes.get(0);
            }
            long passed = checks.stream().filter(Check::pass).count();
            return passed + "/" + checks.size() + " checks passed, " + wall(wallSeconds);
        }

        private static String now() {
            return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        }
    }

    private final Path report;

    ReproductionReport(Path report) {
        this.report = report;
    }

    Path figureDir() {
        return report.getParent().resolve("docs/reproduction");
    }

    /** How the report links into {@link #figureDir()}. */
    String figureLink() {
        return "docs/reproduction/";
    }

    void save(Section section) {
        try {
            Files.createDirectories(figureDir());
            JSON.writeValue(figureDir().resolve(section.id().toLowerCase(Locale.ROOT) + ".json").toFile(), section);
        } catch (IOException e) {
            throw new CliException("cannot write the section of " + section.id() + ": " + e.getMessage(), 1);
        }
    }

    /** Assembles the report from every saved section, in the order of {@code experiments}. */
    void write(List<Experiment> experiments) {
        List<Section> sections = new ArrayList<>();
        for (Experiment experiment : experiments) {
            Path saved = figureDir().resolve(experiment.slug() + ".json");
            if (Files.isRegularFile(saved)) {
                try {
                    sections.add(JSON.readValue(saved.toFile(), Section.class));
                } catch (IOException e) {
                    throw new CliException("cannot read " + saved + ": " + e.getMessage(), 1);
                }
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("# Reproduction report\n\n");
        md.append("The reference experiments of science.md §5, run through the lab's services (gateway, Kafka, trainers, analysis, "
                + "PostgreSQL) from the specs in `experiments/`, with each expected outcome checked against the analysis results. "
                + "Made by `./lab reproduce all` (one experiment: `./lab reproduce RE-4`); every number below is read back from the lab's "
                + "REST API, and every figure is drawn from those numbers.\n\n");
        md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ").append(System.getProperty("java.version"))
                .append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append(".\n\n");
        md.append("| experiment | result | checks | wall time | training time (sum over runs) | recorded |\n|---|---|---|---|---|---|\n");
        for (Section s : sections) {
            long passed = s.checks().stream().filter(Check::pass).count();
            md.append("| [").append(s.id()).append("](#").append(s.id().toLowerCase(Locale.ROOT)).append(") ").append(s.title()).append(" | **")
                    .append(s.status().toUpperCase(Locale.ROOT)).append("** | ").append(s.status().equals("skipped") ? "–" : passed + "/" + s.checks().size())
                    .append(" | ").append(wall(s.wallSeconds())).append(" | ").append(s.status().equals("skipped") ? "–" : wall(s.trainingSeconds()))
                    .append(" | ").append(s.recordedAt()).append(" |\n");
        }
        for (Section s : sections) {
            md.append("\n## ").append(s.id()).append("\n\n### ").append(s.title()).append("\n\n");
            for (String line : s.header().split("\n")) {
                if (!line.startsWith("Run:") && !line.startsWith("Checked")) {
                    md.append("> ").append(line).append('\n');
                }
            }
            md.append('\n');
            if (!s.sweeps().isEmpty()) {
                md.append("Sweeps: ");
                md.append(String.join("; ", s.sweeps().stream().map(w -> "`" + w.spec() + "` → " + w.id() + " (" + w.runs() + " runs"
                        + (w.reused() ? ", reused from the store" : "") + ", code " + w.codeVersion() + ")").toList()));
                md.append(". Wall time ").append(wall(s.wallSeconds())).append(", training time ").append(wall(s.trainingSeconds())).append(".\n\n");
            }
            md.append("**Result: ").append(s.status().toUpperCase(Locale.ROOT)).append("**\n\n");
            if (!s.checks().isEmpty()) {
                md.append("| check | expected | measured | |\n|---|---|---|---|\n");
                for (Check c : s.checks()) {
                    md.append("| ").append(cell(c.what())).append(" | ").append(cell(c.expected())).append(" | ").append(cell(c.measured()))
                            .append(" | ").append(c.pass() ? "pass" : "**FAIL**").append(" |\n");
                }
                md.append('\n');
            }
            for (Experiment.Figure figure : s.figures()) {
                md.append("![").append(cell(figure.caption())).append("](").append(figure.file()).append(")\n\n*")
                        .append(figure.caption()).append("*\n\n");
            }
            for (String note : s.notes()) {
                md.append("- ").append(note).append('\n');
            }
        }
        try {
            Files.writeString(report, md.toString());
        } catch (IOException e) {
            throw new CliException("cannot write " + report + ": " + e.getMessage(), 1);
        }
    }

    static String wall(double seconds) {
        if (Double.isNaN(seconds)) {
            return "reused";
        }
        return seconds < 120 ? Math.round(seconds) + " s" : String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
