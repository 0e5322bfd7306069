package dev.interpolationlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * {@code ./lab}: run Interpolation Lab on this machine and talk to it.
 *
 * <pre>
 *   ./lab demo                      start the embedded stack, run experiments/demo.yaml, print the threshold
 *   ./lab up [--trainers N] [--brokers N]
 *                                   start the stack in the background (state and logs under .lab/)
 *   ./lab down                      stop everything ./lab started
 *   ./lab submit FILE [--follow]    submit a sweep spec (YAML or JSON); --follow shows progress and the result
 *   ./lab status [ID]               list sweeps, or show one sweep and its threshold table
 * </pre>
 */
public final class Lab {

    static final String USAGE = """
            Usage: ./lab COMMAND [OPTIONS]

            Commands:
              demo                     start the embedded stack (if needed), run experiments/demo.yaml,
                                       follow it and print the optimisation-threshold table
              up [--trainers N] [--brokers B]
                                       start Kafka, PostgreSQL, the services and N trainers (default 2)
                                       in the background; state and logs under .lab/. --brokers 3 runs
                                       Kafka as a cluster of 3 brokers (default 1), every partition on
                                       three of them: one broker can be lost without losing a record
              down                     stop every process ./lab started (also after a failed up)
              submit FILE [--follow]   submit a sweep spec (.yaml/.yml or .json); --follow shows
                                       progress until it finishes, then its threshold table
              status [ID]              list sweeps, or show one sweep with its threshold table
              cancel ID                stop a sweep: queued runs are cancelled, running ones stop within
                                       a step (their metrics so far are kept)
              retry ID                 run the failed runs of a sweep again (only those), same seeds
              export ID [--format csv|json] [--output FILE]
                                       every recorded step in tidy long form: one row per (run, step),
                                       the grid values as columns (pandas: pd.read_csv(FILE)); to stdout
                                       unless --output
              reproduce [all|RE-N ...] [--fresh] [--quick] [--output FILE]
                                       run the reference experiments of science.md §5 (experiments/)
                                       through the lab, starting it if it is not up; check each expected
                                       outcome, render its figures, and write REPRODUCTION.md (figures in
                                       docs/reproduction/). A completed sweep of the same spec in the
                                       store is reused unless --fresh; --quick submits the smaller grids
                                       of the long experiments (RE-9). Exit status 1 if any check fails
              hull --train A.csv --test B.csv [--pca false]
                                       is each test point inside the training points' convex hull?
                                       fraction inside, distances, PCA-k curve; computed here (no stack)
              bench train [--dim D --samples N --width M --steps S --threads T --kernel K]
                                       time the trainer's gradient step on that shape (ms/step, warm
                                       median) and its allocations; bench/run.sh sets it beside numpy
                                       and PyTorch
              bench hull [--dim D --points N --queries Q --threads T --seed S --data DIR]
                                       time hull membership of Gaussian queries (queries/s, warm median)
                                       and print the verdicts; bench/run.sh hull sets it beside HiGHS
              bench store [--repeats R --steps S]
                                       start a private embedded stack without trainers, publish a
                                       20·R-run sweep with S epochs per run, and time the epoch
                                       ingestion into PostgreSQL and the sweep's analysis
              bench scale [--spec FILE --warm-up FILE]
                                       run bench/scale-sweep.yaml through private embedded stacks (warmed
                                       up by bench/scale-warmup.yaml) with 1 and with 2 trainers, and in one
                                       process; print the throughput ratio and the pipeline's overhead per run
              bench dispatch [--spec FILE --warm-up FILE --trainers 1,2,4,8 --dispatch consumer-group,share-group
                              --partitions P]
                                       run bench/dispatch-sweep.yaml (run costs spread over n) through a fresh
                                       stack per dispatch and trainer count; print each sweep's dispatch
                                       efficiency and its trainers' seconds idle while runs were queued
                                       (lab.runs.requested: 8 partitions for the consumer group, 1 for the
                                       share group, or P for both)
              bench failover [--spec FILE --kills K --dispatch consumer-group,share-group]
                                       per dispatch, two trainers; K times, kill -9 the trainer of a run
                                       (bench/failover-run.yaml) and time until its next attempt starts on
                                       the other trainer
              bench live [--repeats R --steps S --rate E --seconds T --loads L]
                                       start a private embedded stack without trainers, store a 20·R-run
                                       sweep of S steps per run, time its dashboard page loading in
                                       headless Chromium, then the latency of epoch events published at E/s
                                       to an SSE client
              help                     this text

            Environment: LAB_GATEWAY=URL talks to a gateway other than the one ./lab up started.
            Exit status: 0 on success, 1 on failure (one line says why), 2 on wrong usage.
            """;

    private final LabPaths paths;
    private final PrintStream out;

    Lab(LabPaths paths, PrintStream out) {
        this.paths = paths;
        this.out = out;
    }

    /**
     * {@code bench hull}, {@code live}, {@code store}, {@code scale}, {@code dispatch} and {@code failover} run here;
     * {@code bench train} runs the trainer's benchmark entry point on the trainer's own classpath, in a JVM of its own.
     */
    private void bench(List<String> rest) {
        String suite = rest.isEmpty() ? "" : rest.get(0);
        List<String> arguments = rest.isEmpty() ? List.of() : rest.subList(1, rest.size());
        switch (suite) {
            case "hull" -> out.println(HullBench.run(options(arguments, "--dim", "--points", "--queries", "--threads", "--seed", "--data")));
            case "live" -> benchmark(suite, () -> LiveBench.run(paths.home(), options(arguments, "--repeats", "--steps", "--rate", "--seconds", "--loads")));
            case "store" -> benchmark(suite, () -> StoreBench.run(paths.home(), options(arguments, "--repeats", "--steps")));
            case "scale" -> benchmark(suite, () -> ScaleBench.run(paths.home(), options(arguments, "--spec", "--warm-up")));
            case "dispatch" -> benchmark(suite, () -> DispatchBench.run(paths.home(),
                    options(arguments, "--spec", "--warm-up", "--trainers", "--dispatch", "--partitions")));
            case "failover" -> benchmark(suite, () -> FailoverBench.run(paths.home(),
                    options(arguments, "--spec", "--kills", "--dispatch")));
            case "train" -> trainBench(arguments);
            default -> throw new CliException("usage: ./lab bench train|hull|store|live|scale|dispatch|failover [OPTIONS];"
                    + " see ./lab help", 2);
        }
    }

    /** The trainer's TrainBench, on the trainer's own classpath in a JVM of its own, its output passed through. */
    private void trainBench(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("dev.interpolationlab.trainer.bench.TrainBench"));
        command.addAll(arguments);
        command = TrainerProcess.command(paths.home(), command);
        try {
            int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new CliException("the benchmark exited with status " + exit, 1);
            }
        } catch (java.io.IOException e) {
            throw new CliException("could not start the benchmark: " + e.getMessage(), 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", 1);
        }
    }

    /** Runs a benchmark that prints one JSON line; a failure ends the command with its reason. */
    private void benchmark(String suite, java.util.concurrent.Callable<String> run) {
        try {
            out.println(run.call());
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw new CliException("the " + suite + " benchmark failed: " + e.getMessage(), 1);
        }
    }

    public static void main(String[] args) {
        try {
            new Lab(LabPaths.fromEnvironment(), System.out).run(List.of(args));
            System.exit(0);
        } catch (CliException e) {
            System.err.println("lab: " + e.getMessage());
            System.exit(e.exitCode());
        }
    }

    void run(List<String> args) {
        if (args.isEmpty() || Set.of("help", "--help", "-h").contains(args.get(0))) {
            out.print(USAGE);
            return;
        }
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(USAGE);
            return;
        }
        switch (args.get(0)) {
            case "up" -> up(rest);
            case "down" -> {
                new Stack(paths, out).down();
                out.println("The lab is down.");
            }
            case "demo" -> demo();
            case "submit" -> submit(rest);
            case "status" -> status(rest);
            case "bench" -> bench(rest);
            case "hull" -> hull(rest);
            case "export" -> export(rest);
            case "reproduce" -> reproduce(rest);
            case "cancel", "retry" -> action(args.get(0), rest);
            default -> throw new CliException("unknown command '" + args.get(0) + "'; see ./lab help", 2);
        }
    }

    /** {@code cancel ID} and {@code retry ID}: POST /api/sweeps/ID/cancel|retry. */
    private void action(String action, List<String> rest) {
        if (rest.size() != 1 || rest.get(0).startsWith("--")) {
            throw new CliException("usage: ./lab " + action + " ID", 2);
        }
        String id = rest.get(0);
        JsonNode answer = gateway().post("/api/sweeps/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8) + "/" + action, 202);
        out.println(action.equals("cancel")
                ? "Cancelled sweep " + id + ": " + answer.path("runs").asInt() + " unfinished run(s) stop"
                : "Retrying sweep " + id + ": " + answer.path("runs").asInt() + " failed run(s) requested again");
    }

    /** {@code reproduce}: the reference experiments through the running lab (started here if it is not up). */
    private void reproduce(List<String> rest) {
        boolean fresh = rest.remove("--fresh");
        boolean quick = rest.remove("--quick");
        int at = rest.indexOf("--output");
        Path report = paths.home().resolve("REPRODUCTION.md");
        if (at >= 0) {
            if (at + 1 >= rest.size()) {
                throw new CliException("--output needs a file", 2);
            }
            report = Path.of(rest.get(at + 1));
            rest.subList(at, at + 2).clear();
        }
        if (rest.stream().anyMatch(arg -> arg.startsWith("--"))) {
            throw new CliException("usage: ./lab reproduce [all|RE-N ...] [--fresh] [--quick] [--output FILE]", 2);
        }
        GatewayClient gateway = configuredGateway().orElseGet(() -> new GatewayClient(new Stack(paths, out).up(2).getProperty("gateway.url")));
        if (!new dev.interpolationlab.cli.reproduce.Reproduce(paths.home(), gateway, out, fresh, quick, report).run(rest)) {
            throw new CliException("some reference experiments missed their expected outcome; see " + report);
        }
    }

    /** {@code export}: the sweep's tidy long table, streamed from the gateway to a file or stdout. */
    private void export(List<String> rest) {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new CliException("usage: ./lab export ID [--format csv|json] [--output FILE]", 2);
        }
        String id = rest.get(0);
        java.util.Map<String, String> options = options(rest.subList(1, rest.size()), "--format", "--output");
        String format = options.getOrDefault("format", "csv");
        if (!format.equals("csv") && !format.equals("json")) {
            throw new CliException("--format must be csv or json, not '" + format + "'", 2);
        }
        String path = "/api/sweeps/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8) + "/export?format=" + format;
        GatewayClient gateway = gateway();
        if (!options.containsKey("output")) {
            gateway.download(path, out);
            out.flush();
            return;
        }
        Path file = Path.of(options.get("output"));
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (var sink = new java.io.BufferedOutputStream(Files.newOutputStream(partial))) {
            gateway.download(path, sink);
        } catch (java.io.IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage());
        } catch (CliException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (java.io.IOException ignored) {
                // the export failed already; that is the error to report
            }
            throw e;
        }
        try {
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage());
        }
        out.println("Exported sweep " + id + " to " + file);
    }

    /** {@code hull}: the statistics of POST /api/hull, computed in this process from two CSV files. */
    private void hull(List<String> rest) {
        java.util.Map<String, String> options = options(rest, "--train", "--test", "--pca");
        if (!options.containsKey("train") || !options.containsKey("test")) {
            throw new CliException("usage: ./lab hull --train A.csv --test B.csv [--pca false]", 2);
        }
        var train = HullReport.read(Path.of(options.get("train")), "--train");
        var test = HullReport.read(Path.of(options.get("test")), "--test");
        if (train.dim() != test.dim()) {
            throw new CliException("--test points have " + test.dim() + " coordinates, the --train points " + train.dim(), 1);
        }
        boolean pca = !"false".equals(options.getOrDefault("pca", "true"));
        out.print(HullReport.render(dev.interpolationlab.core.geometry.HullStatistics.of(train, test, pca)));
    }

    private void demo() {
        Properties stack = new Stack(paths, out).up(2);
        GatewayClient gateway = new GatewayClient(stack.getProperty("gateway.url"));
        Path spec = paths.home().resolve("experiments/demo.yaml");
        String id = submitAndFollow(gateway, spec, true);
        out.println();
        out.println("Sweep " + id + " is in the lab's store. Dashboard: " + gateway.baseUrl() + "/#/sweeps/" + id);
        out.println("Next:");
        out.println("  ./lab status " + id);
        out.println("  ./lab export " + id + " --output " + id + ".csv   (tidy CSV for pandas)");
        out.println("  curl " + gateway.baseUrl() + "/api/sweeps/" + id + "/runs");
        out.println("  curl -N " + gateway.baseUrl() + "/api/sweeps/" + id + "/stream   (live events of a running sweep)");
        out.println("  API: " + gateway.baseUrl() + "/q/swagger-ui   Stop everything: ./lab down");
    }

    private void submit(List<String> args) {
        boolean follow = args.remove("--follow");
        if (args.size() != 1 || args.get(0).startsWith("--")) {
            throw new CliException("usage: ./lab submit FILE [--follow]", 2);
        }
        Path file = Path.of(args.get(0));
        if (!Files.isRegularFile(file)) {
            throw new CliException("no such file: " + file, 2);
        }
        submitAndFollow(gateway(), file, follow);
    }

    private String submitAndFollow(GatewayClient gateway, Path spec, boolean follow) {
        JsonNode accepted = gateway.submit(spec);
        String id = accepted.get("id").asText();
        out.println("Submitted " + paths.home().relativize(spec.toAbsolutePath()) + ": sweep " + id + " with " + accepted.get("runs").asInt() + " runs");
        if (!follow) {
            return id;
        }
        long started = System.nanoTime();
        JsonNode sweep = gateway.sweepOnceStored(id);
        // On a terminal the progress line and the threshold table so far are redrawn in place every second; in a
        // pipe or a log, the progress line is printed when it changes and the table once at the end.
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        String last = "";
        int drawnLines = 0;
        while (!Set.of("completed", "failed", "cancelled").contains(sweep.get("status").asText())) {
            String line = Render.progress(sweep, (System.nanoTime() - started) / 1e9);
            if (terminal) {
                String block = line + "\n" + Render.threshold(gateway.analysis(id));
                out.print((drawnLines > 0 ? "\033[" + drawnLines + "F\033[J" : "") + block);
                drawnLines = (int) block.chars().filter(c -> c == '\n').count();
                out.flush();
            } else if (!line.equals(last)) {
                out.println(line);
                last = line;
            }
            Stack.sleep(1000);
            sweep = gateway.sweep(id);
        }
        if (drawnLines > 0) {
            out.print("\033[" + drawnLines + "F\033[J");
        }
        out.println(Render.progress(sweep, (System.nanoTime() - started) / 1e9));
        out.printf("Sweep %s %s in %.0f s%n%n", id, sweep.get("status").asText(), (System.nanoTime() - started) / 1e9);
        out.print(Render.threshold(gateway.analysis(id)));
        if (sweep.get("status").asText().equals("failed")) {
            throw new CliException("sweep " + id + " has failed runs; see ./lab status " + id);
        }
        return id;
    }

    private void status(List<String> args) {
        GatewayClient gateway = gateway();
        if (args.isEmpty()) {
            out.print(Render.sweeps(gateway.get("/api/sweeps")));
            return;
        }
        JsonNode sweep = gateway.sweep(args.get(0));
        out.println("Sweep " + sweep.get("id").asText() + " (" + sweep.get("name").asText() + "): " + sweep.get("status").asText());
        out.println(Render.counts(sweep));
        out.print(Render.threshold(gateway.analysis(args.get(0))));
    }

    private GatewayClient gateway() {
        return configuredGateway().orElseThrow(() -> new CliException("the lab is not up: start it with ./lab up (or set LAB_GATEWAY)"));
    }

    /** LAB_GATEWAY (or -Dlab.gateway), else the stack that ./lab up started, if it answers. */
    private java.util.Optional<GatewayClient> configuredGateway() {
        String url = System.getProperty("lab.gateway", System.getenv("LAB_GATEWAY"));
        if (url != null) {
            return java.util.Optional.of(new GatewayClient(url));
        }
        return new Stack(paths, out).running().map(p -> new GatewayClient(p.getProperty("gateway.url")));
    }

    /** {@code ./lab up [--trainers N] [--brokers N]}. */
    private void up(List<String> rest) {
        java.util.Map<String, String> options = options(rest, "--trainers", "--brokers");
        new Stack(paths, out).up(count(options, "trainers", 2, 16), count(options, "brokers", 1, 5));
    }

    private static int count(java.util.Map<String, String> options, String name, int fallback, int most) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int count = Integer.parseInt(value);
            if (count < 1 || count > most) {
                throw new CliException("--" + name + " must be between 1 and " + most + ", not " + count, 2);
            }
            return count;
        } catch (NumberFormatException e) {
            throw new CliException("--" + name + " needs a whole number, not '" + value + "'", 2);
        }
    }

    /**
     * {@code --name value} pairs, each name one of {@code allowed}, keyed by the name without its dashes ({@code "trainers"});
     * anything else is a usage error.
     */
    static java.util.Map<String, String> options(List<String> args, String... allowed) {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String name = args.get(i);
            if (!List.of(allowed).contains(name)) {
                throw new CliException("unexpected argument '" + name + "'; expected " + String.join(", ", allowed), 2);
            }
            if (i + 1 >= args.size()) {
                throw new CliException(name + " needs a value", 2);
            }
            options.put(name.substring(2), args.get(i + 1));
        }
        return options;
    }
}
