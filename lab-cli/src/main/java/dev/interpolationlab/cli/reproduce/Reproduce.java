package dev.interpolationlab.cli.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.interpolationlab.api.Accepted;
import dev.interpolationlab.api.RunCounts;
import dev.interpolationlab.api.SweepView;
import dev.interpolationlab.cli.CliException;
import dev.interpolationlab.cli.GatewayClient;
import dev.interpolationlab.core.spec.SpecLimits;
import dev.interpolationlab.core.spec.SpecParser;
import dev.interpolationlab.proto.v1.GeometryPoint;
import dev.interpolationlab.proto.v1.SweepSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code ./lab reproduce}: submits the reference experiments' sweeps to a running lab, waits for them, holds the
 * analysis results against each experiment's expected outcome, renders its key plots, and writes the reproduction
 * report. Each experiment's section is kept beside its figures, so reproducing one experiment updates its section and
 * leaves the others' in the report.
 */
public final class Reproduce {

    private static final Set<String> FINISHED = Set.of("completed", "failed", "cancelled");

    private final Path home;
    private final GatewayClient gateway;
    private final PrintStream out;
    private final boolean fresh;
    private final boolean quick;
    private final Path report;

    /**
     * @param home   the repository (its {@code experiments/})
     * @param fresh  submit every sweep again, even where the store holds a completed sweep of the same spec
     * @param quick  submit the experiments' quick grids where they have one
     * @param report the report to write; its figures and sections go to {@code docs/reproduction/} beside it
     */
    public Reproduce(Path home, GatewayClient gateway, PrintStream out, boolean fresh, boolean quick, Path report) {
        this.home = home;
        this.gateway = gateway;
        this.out = out;
        this.fresh = fresh;
        this.quick = quick;
        this.report = report.toAbsolutePath();
    }

    /** Runs the named experiments ("all" for every one); returns whether every one that ran passed. */
    public boolean run(List<String> names) {
        List<Experiment> experiments = ReferenceExperiments.select(names);
        ReproductionReport sections = new ReproductionReport(report);
        boolean passed = true;
        for (Experiment experiment : experiments) {
            ReproductionReport.Section section = reproduce(experiment, sections);
            sections.save(section);
            passed &= !section.status().equals("fail");
            out.printf("%s %s: %s%n", experiment.id, section.status().toUpperCase(java.util.Locale.ROOT), section.summary());
        }
        sections.write(ReferenceExperiments.all());
        out.println("Wrote " + report + " (figures in " + sections.figureDir() + ")");
        return passed;
    }

    private ReproductionReport.Section reproduce(Experiment experiment, ReproductionReport sections) {
        List<String> specs = experiment.specs(quick);
        String header = header(specs.get(0));
        String unavailable = experiment.unavailable();
        if (unavailable != null) {
            out.println(experiment.id + " skipped: " + unavailable);
            return ReproductionReport.Section.skipped(experiment, header, unavailable);
        }
        long started = System.nanoTime();
        List<String> ids = new ArrayList<>();
        List<Boolean> reused = new ArrayList<>();
        for (String spec : specs) {
            String existing = fresh ? null : completedSweepOf(spec);
            if (existing != null) {
                out.println(experiment.id + ": reusing sweep " + existing + " of experiments/" + spec + " (same spec, completed; --fresh runs it again)");
                ids.add(existing);
                reused.add(true);
            } else {
                Accepted accepted = gateway.submit(home.resolve("experiments").resolve(spec));
                out.println(experiment.id + ": submitted experiments/" + spec + " as sweep " + accepted.id() + " ("
                        + accepted.runs() + " runs)");
                ids.add(accepted.id());
                reused.add(false);
            }
        }
        List<SweepResult> results = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            SweepView sweep = await(experiment.id, ids.get(i));
            SweepSpec spec = experimentSpec(specs.get(i));
            awaitGeometry(experiment.id, sweep, spec);
            double wall = reused.get(i) ? Double.NaN : (System.nanoTime() - started) / 1e9;
            results.add(SweepResult.fetch(gateway, "experiments/" + specs.get(i), spec, sweep.id(), wall));
        }
        Experiment.Evaluation evaluation = new Experiment.Evaluation(sections.figureDir(), sections.figureLink());
        results.forEach(result -> {
            int failed = result.sweep().runs().failed() + result.sweep().runs().cancelled();
            if (failed > 0) {
                evaluation.note(result.specFile() + ": " + failed + " run(s) failed or were cancelled and are left out; see ./lab status " + result.id());
            }
        });
        try {
            experiment.evaluate(results, evaluation);
        } catch (RuntimeException e) {
            evaluation.check(new Check("evaluation of the results", "completes", e.toString(), false));
        }
        double wall = reused.contains(false) ? (System.nanoTime() - started) / 1e9 : Double.NaN;
        return ReproductionReport.Section.of(experiment, header, results, evaluation.findings(), wall);
    }

    /** Polls until the sweep has finished, printing its progress when it changes. */
    private SweepView await(String experiment, String id) {
        String last = "";
        SweepView sweep = null;
        for (int attempt = 0; sweep == null; attempt++) {
            try {
                sweep = gateway.sweep(id);
            } catch (CliException notVisibleYet) {
                if (attempt > 50) {
                    throw notVisibleYet;
                }
                pause(200);
            }
        }
        while (!FINISHED.contains(sweep.status())) {
            RunCounts runs = sweep.runs();
            String line = String.format("%s: sweep %s %d/%d runs done", experiment, id,
                    runs.completed() + runs.failed() + runs.cancelled(), runs.total());
            if (!line.equals(last)) {
                out.println(line);
                last = line;
            }
            pause(2000);
            sweep = gateway.sweep(id);
        }
        return sweep;
    }

    /**
     * The hull and robustness measurements are made by the analysis service after a run completes, so they may trail
     * the sweep's end: waits until every completed run is measured (or was found unmeasurable).
     */
    private void awaitGeometry(String experiment, SweepView sweep, SweepSpec spec) {
        List<String> analyses = spec.getAnalysesList();
        if (!analyses.contains("hull") && !analyses.contains("robustness")) {
            return;
        }
        String id = sweep.id();
        int completed = sweep.runs().completed();
        int last = -1;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() - lastProgress < java.util.concurrent.TimeUnit.MINUTES.toNanos(5)) {
            int measured = 0;
            for (GeometryPoint point : gateway.analysis(id).getGeometryList()) {
                measured += point.getRuns() + point.getSkipped();
            }
            if (measured >= completed) {
                return;
            }
            if (measured != last) {
                out.printf("%s: sweep %s hull/robustness measured for %d/%d runs%n", experiment, id, measured, completed);
                last = measured;
                lastProgress = System.nanoTime();
            }
            pause(2000);
        }
        out.printf("%s: sweep %s: the analysis measured no run for 5 minutes; evaluating what it has%n", experiment, id);
    }

    /** The experiment file's spec, read by the lab's parser (the store's copy is JSON, not the parser's input). */
    private SweepSpec experimentSpec(String spec) {
        try {
            return new SpecParser(SpecLimits.DEFAULTS).parseYaml(Files.readString(home.resolve("experiments").resolve(spec))).spec();
        } catch (IOException e) {
            throw new CliException("cannot read experiments/" + spec + ": " + e.getMessage(), 1);
        }
    }

    /** The newest completed sweep in the store whose normalised spec equals this file's, or null. */
    private String completedSweepOf(String spec) {
        ObjectNode normalised;
        try {
            normalised = new SpecParser(SpecLimits.DEFAULTS).parseYaml(Files.readString(home.resolve("experiments").resolve(spec))).normalised();
        } catch (IOException | RuntimeException e) {
            return null;
        }
        String name = normalised.get("name").asText();
        for (SweepView listed : gateway.sweeps()) {
            if (listed.name().equals(name) && listed.status().equals("completed")) {
                // the spec documents compared (not their protobuf forms: the store may write 1e-5 back as 0.00001)
                JsonNode stored = gateway.sweep(listed.id()).spec();
                if (stored.equals(Reproduce::sameValue, normalised)) {
                    return listed.id();
                }
            }
        }
        return null;
    }

    /** JSON equality where 5, 5.0 and 5L are the same number (the store may give back another numeric type). */
    private static int sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.asDouble(), b.asDouble());
        }
        return a.equals(b) ? 0 : 1;
    }

    /** The experiment file's leading comment: its claim, source, setup, expected outcome and tolerance. */
    private String header(String spec) {
        try {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(home.resolve("experiments").resolve(spec))) {
                if (!line.startsWith("#")) {
                    break;
                }
                lines.add(line.replaceFirst("^# ?", ""));
            }
            return String.join("\n", lines);
        } catch (IOException e) {
            throw new CliException("cannot read experiments/" + spec + ": " + e.getMessage(), 1);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", 130);
        }
    }
}
