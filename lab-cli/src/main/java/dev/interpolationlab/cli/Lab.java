package dev.interpolationlab.cli;

import dev.interpolationlab.api.ActionTaken;
import dev.interpolationlab.api.SweepView;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ./lab}: run Interpolation Lab on this machine and talk to it. Each command is a picocli subcommand with its own
 * {@code --help}; a wrong, unknown or extra argument ends with exit status 2 and one line that names it.
 */
@Command(name = "./lab", mixinStandardHelpOptions = true, versionProvider = Lab.Version.class, scope = CommandLine.ScopeType.INHERIT,
        description = "Run Interpolation Lab on this machine and talk to it.",
        subcommands = {Lab.Demo.class, Lab.Up.class, Lab.Down.class, Lab.Submit.class, Lab.Status.class, Lab.Cancel.class,
                Lab.Retry.class, Lab.Export.class, Lab.Reproduce.class, Lab.Hull.class, BenchCommands.class, CommandLine.HelpCommand.class},
        footer = {"", "Environment: LAB_GATEWAY=URL talks to a gateway other than the one ./lab up started.",
                "Exit status: 0 on success, 1 on failure (one line says why), 2 on wrong usage."})
public final class Lab implements Runnable {

    final LabPaths paths;
    final PrintStream out;
    @Spec
    CommandSpec spec;

    Lab(LabPaths paths, PrintStream out) {
        this.paths = paths;
        this.out = out;
    }

    public static void main(String[] args) {
        Lab lab = new Lab(LabPaths.fromEnvironment(), System.out);
        try {
            lab.run(List.of(args));
            System.exit(0);
        } catch (CliException e) {
            System.err.println("lab: " + e.getMessage());
            System.exit(e.exitCode());
        }
    }

    /** Runs one command line; a failure or a usage error is thrown as a {@link CliException} with its exit status. */
    void run(List<String> args) {
        CliException[] failure = {null};
        CommandLine commandLine = new CommandLine(this)
                .setOut(new PrintWriter(out, true))
                .setParameterExceptionHandler((e, ignored) -> {
                    failure[0] = new CliException(e.getMessage() + " (see " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)", 2);
                    return 2;
                })
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    if (e instanceof CliException cli) {
                        failure[0] = cli;
                        return cli.exitCode();
                    }
                    throw e;
                });
        int exit = commandLine.execute(args.toArray(String[]::new));
        if (failure[0] != null) {
            throw failure[0];
        }
        if (exit != 0) {
            throw new CliException("exited with status " + exit, exit);
        }
    }

    /** {@code ./lab} alone: the list of commands. */
    @Override
    public void run() {
        spec.commandLine().usage(out);
    }

    GatewayClient gateway() {
        return configuredGateway().orElseThrow(() -> new CliException("the lab is not up: start it with ./lab up (or set LAB_GATEWAY)"));
    }

    /** LAB_GATEWAY (or -Dlab.gateway), else the stack that ./lab up started, if it answers. */
    Optional<GatewayClient> configuredGateway() {
        String url = System.getProperty("lab.gateway", System.getenv("LAB_GATEWAY"));
        if (url != null) {
            return Optional.of(new GatewayClient(url));
        }
        return new Stack(paths, out).running().map(p -> new GatewayClient(p.getProperty("gateway.url")));
    }

    static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    /** The build's version, from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Lab.class.getPackage().getImplementationVersion();
            return new String[] {"Interpolation Lab " + (version == null ? "(development build)" : version)};
        }
    }

    @Command(name = "demo",
            description = {"Start the embedded stack (if needed), run experiments/demo.yaml, follow it and print the optimisation-threshold table."})
    static final class Demo implements Runnable {
        @ParentCommand
        Lab lab;

        @Override
        public void run() {
            Properties stack = new Stack(lab.paths, lab.out).up(2);
            GatewayClient gateway = new GatewayClient(stack.getProperty("gateway.url"));
            String id = new SweepFollower(lab.paths, lab.out).submitAndFollow(gateway, lab.paths.home().resolve("experiments/demo.yaml"), true);
            PrintStream out = lab.out;
            out.println();
            out.println("Sweep " + id + " is in the lab's store. Dashboard: " + gateway.baseUrl() + "/#/sweeps/" + id);
            out.println("Next:");
            out.println("  ./lab status " + id);
            out.println("  ./lab export " + id + " --output " + id + ".csv   (tidy CSV for pandas)");
            out.println("  curl " + gateway.baseUrl() + "/api/sweeps/" + id + "/runs");
            out.println("  curl -N " + gateway.baseUrl() + "/api/sweeps/" + id + "/stream   (live events of a running sweep)");
            out.println("  API: " + gateway.baseUrl() + "/q/swagger-ui   Stop everything: ./lab down");
        }
    }

    @Command(name = "up",
            description = {"Start Kafka, PostgreSQL, the services and the trainers in the background; state and logs under .lab/."})
    static final class Up implements Runnable {
        @ParentCommand
        Lab lab;

        @Option(names = "--trainers", paramLabel = "N", defaultValue = "2", description = "trainer processes, 1 to 16 (default ${DEFAULT-VALUE})")
        int trainers;

        @Option(names = "--brokers", paramLabel = "B", defaultValue = "1",
                description = {"Kafka brokers, 1 to 5 (default ${DEFAULT-VALUE}); 3 puts every partition on three of them, so one broker can be lost without losing a record"})
        int brokers;

        @Override
        public void run() {
            new Stack(lab.paths, lab.out).up(within("--trainers", trainers, 16), within("--brokers", brokers, 5));
        }

        private static int within(String name, int count, int most) {
            if (count < 1 || count > most) {
                throw new CliException(name + " must be between 1 and " + most + ", not " + count, 2);
            }
            return count;
        }
    }

    @Command(name = "down", description = "Stop every process ./lab started (also after a failed up).")
    static final class Down implements Runnable {
        @ParentCommand
        Lab lab;

        @Override
        public void run() {
            new Stack(lab.paths, lab.out).down();
            lab.out.println("The lab is down.");
        }
    }

    @Command(name = "submit", description = "Submit a sweep spec (.yaml/.yml or .json).")
    static final class Submit implements Runnable {
        @ParentCommand
        Lab lab;

        @Parameters(paramLabel = "FILE", description = "the sweep spec")
        Path file;

        @Option(names = "--follow", description = "show progress until the sweep finishes, then its threshold table")
        boolean follow;

        @Override
        public void run() {
            if (!Files.isRegularFile(file)) {
                throw new CliException("no such file: " + file, 2);
            }
            new SweepFollower(lab.paths, lab.out).submitAndFollow(lab.gateway(), file, follow);
        }
    }

    @Command(name = "status", description = "List sweeps, or show one sweep with its threshold table.")
    static final class Status implements Runnable {
        @ParentCommand
        Lab lab;

        @Parameters(paramLabel = "ID", arity = "0..1", description = "a sweep id (all sweeps when left out)")
        String id;

        @Override
        public void run() {
            GatewayClient gateway = lab.gateway();
            if (id == null) {
                lab.out.print(Render.sweeps(gateway.sweeps()));
                return;
            }
            SweepView sweep = gateway.sweep(id);
            lab.out.println("Sweep " + sweep.id() + " (" + sweep.name() + "): " + sweep.status());
            lab.out.println(Render.counts(sweep));
            lab.out.print(Render.threshold(gateway.analysis(id)));
        }
    }

    /** {@code cancel ID} and {@code retry ID}: POST /api/sweeps/ID/ACTION, whose answer counts the runs it concerns. */
    abstract static class SweepAction implements Runnable {
        @ParentCommand
        Lab lab;

        @Parameters(paramLabel = "ID", description = "the sweep")
        String id;

        abstract String action();

        abstract String done(int runs);

        @Override
        public void run() {
            ActionTaken answer = lab.gateway().post("/api/sweeps/" + encode(id) + "/" + action(), 202);
            lab.out.println(done(answer.runs()));
        }
    }

    @Command(name = "cancel",
            description = "Stop a sweep: queued runs are cancelled, running ones stop within a step (their metrics so far are kept).")
    static final class Cancel extends SweepAction {
        @Override
        String action() {
            return "cancel";
        }

        @Override
        String done(int runs) {
            return "Cancelled sweep " + id + ": " + runs + " unfinished run(s) stop";
        }
    }

    @Command(name = "retry", description = "Run the failed runs of a sweep again (only those), with the same seeds.")
    static final class Retry extends SweepAction {
        @Override
        String action() {
            return "retry";
        }

        @Override
        String done(int runs) {
            return "Retrying sweep " + id + ": " + runs + " failed run(s) requested again";
        }
    }

    @Command(name = "export",
            description = {"Every recorded step in tidy long form: one row per (run, step), the grid values as columns "
                    + "(pandas: pd.read_csv(FILE)); to stdout unless --output."})
    static final class Export implements Runnable {
        enum Format { csv, json }

        @ParentCommand
        Lab lab;

        @Parameters(paramLabel = "ID", description = "the sweep")
        String id;

        @Option(names = "--format", defaultValue = "csv", description = "csv or json (default ${DEFAULT-VALUE})")
        Format format;

        @Option(names = "--output", paramLabel = "FILE", description = "write here (whole or not at all) instead of stdout")
        Path output;

        @Override
        public void run() {
            String path = "/api/sweeps/" + encode(id) + "/export?format=" + format;
            GatewayClient gateway = lab.gateway();
            if (output == null) {
                gateway.download(path, lab.out);
                lab.out.flush();
                return;
            }
            Path partial = output.resolveSibling(output.getFileName() + ".partial");
            try (var sink = new java.io.BufferedOutputStream(Files.newOutputStream(partial))) {
                gateway.download(path, sink);
            } catch (java.io.IOException e) {
                throw new CliException("cannot write " + output + ": " + e.getMessage());
            } catch (CliException e) {
                try {
                    Files.deleteIfExists(partial);
                } catch (java.io.IOException ignored) {
                    // the export failed already; that is the error to report
                }
                throw e;
            }
            try {
                Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
            } catch (java.io.IOException e) {
                throw new CliException("cannot write " + output + ": " + e.getMessage());
            }
            lab.out.println("Exported sweep " + id + " to " + output);
        }
    }

    @Command(name = "reproduce",
            description = {"Run the reference experiments of science.md §5 (experiments/) through the lab, starting it if it is not up; "
                    + "check each expected outcome, render its figures, and write REPRODUCTION.md (figures in docs/reproduction/). "
                    + "Exit status 1 if any check fails."})
    static final class Reproduce implements Runnable {
        @ParentCommand
        Lab lab;

        @Parameters(paramLabel = "EXPERIMENT", arity = "0..*", description = "all (the default) or RE-N ...")
        List<String> experiments = List.of();

        @Option(names = "--fresh", description = "run every sweep again (else a completed sweep of the same spec in the store is reused)")
        boolean fresh;

        @Option(names = "--quick", description = "submit the smaller grids of the long experiments (RE-9)")
        boolean quick;

        @Option(names = "--output", paramLabel = "FILE", description = "the report (default REPRODUCTION.md)")
        Path output;

        @Override
        public void run() {
            Path report = output != null ? output : lab.paths.home().resolve("REPRODUCTION.md");
            GatewayClient gateway = lab.configuredGateway()
                    .orElseGet(() -> new GatewayClient(new Stack(lab.paths, lab.out).up(2).getProperty("gateway.url")));
            if (!new dev.interpolationlab.cli.reproduce.Reproduce(lab.paths.home(), gateway, lab.out, fresh, quick, report)
                    .run(new java.util.ArrayList<>(experiments))) {
                throw new CliException("some reference experiments missed their expected outcome; see " + report);
            }
        }
    }

    @Command(name = "hull",
            description = {"Is each test point inside the training points' convex hull? Fraction inside, distances, PCA-k curve; "
                    + "computed here (no stack)."})
    static final class Hull implements Runnable {
        @ParentCommand
        Lab lab;

        @Option(names = "--train", paramLabel = "A.csv", required = true, description = "the training points")
        Path train;

        @Option(names = "--test", paramLabel = "B.csv", required = true, description = "the test points")
        Path test;

        @Option(names = "--pca", paramLabel = "true|false", defaultValue = "true", arity = "1",
                description = "also the PCA-k curve (default ${DEFAULT-VALUE})")
        boolean pca;

        @Override
        public void run() {
            var trainPoints = HullReport.read(train, "--train");
            var testPoints = HullReport.read(test, "--test");
            if (trainPoints.dim() != testPoints.dim()) {
                throw new CliException("--test points have " + testPoints.dim() + " coordinates, the --train points " + trainPoints.dim(), 1);
            }
            lab.out.print(HullReport.render(dev.interpolationlab.core.geometry.HullStatistics.of(trainPoints, testPoints, pca, true)));
        }
    }

    /** Runs a benchmark that prints one JSON line; a failure ends the command with its reason. */
    static void benchmark(PrintStream out, String suite, Callable<String> run) {
        try {
            out.println(run.call());
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw new CliException("the " + suite + " benchmark failed: " + e.getMessage(), 1);
        }
    }
}
