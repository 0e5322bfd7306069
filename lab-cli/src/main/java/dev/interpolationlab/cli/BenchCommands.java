package dev.interpolationlab.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./lab bench SUITE}: each suite prints one JSON line; {@code bench/run.sh} sets them beside their peers and
 * writes BENCHMARKS.md. {@code hull}, {@code live}, {@code store}, {@code scale}, {@code sweep-scale}, {@code soak},
 * {@code dispatch} and {@code failover} run here; {@code train} runs the trainer's benchmark on the trainer's own
 * classpath, in a JVM of its own.
 */
@Command(name = "bench", description = "Time a part of the lab; each suite prints one JSON line.",
        subcommands = {BenchCommands.Train.class, BenchCommands.Hull.class, BenchCommands.Store.class, BenchCommands.Live.class,
                BenchCommands.Scale.class, BenchCommands.SweepScale.class, BenchCommands.Soak.class, BenchCommands.Dispatch.class,
                BenchCommands.Failover.class})
final class BenchCommands implements Runnable {

    @ParentCommand
    Lab lab;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "bench needs a suite: train, hull, store, live, scale, sweep-scale, soak, dispatch or failover");
    }

    /** A suite: its options as given, by name without the dashes (each suite has its defaults and checks its values). */
    abstract static class Suite implements Runnable {
        @ParentCommand
        BenchCommands bench;

        @Spec
        CommandSpec spec;

        Map<String, String> options() {
            Map<String, String> options = new LinkedHashMap<>();
            for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
                List<String> values = option.originalStringValues();
                options.put(option.longestName().substring(2), values.get(values.size() - 1));
            }
            return options;
        }
    }

    @Command(name = "train",
            description = "Time the trainer's gradient step on one shape (ms/step, warm median) and its allocations; bench/run.sh sets it beside numpy and PyTorch.")
    static final class Train extends Suite {
        @Option(names = "--dim", paramLabel = "D", description = "input dimension")
        String dim;
        @Option(names = "--samples", paramLabel = "N", description = "training samples")
        String samples;
        @Option(names = "--width", paramLabel = "M", description = "hidden neurons")
        String width;
        @Option(names = "--steps", paramLabel = "S", description = "steps per timing")
        String steps;
        @Option(names = "--threads", paramLabel = "T", description = "kernel threads")
        String threads;
        @Option(names = "--kernel", paramLabel = "K", description = "fused, gemm or auto")
        String kernel;

        @Override
        public void run() {
            List<String> command = new ArrayList<>(List.of("dev.interpolationlab.trainer.bench.TrainBench"));
            options().forEach((name, value) -> command.addAll(List.of("--" + name, value)));
            try {
                int exit = new ProcessBuilder(TrainerProcess.command(bench.lab.paths.home(), command)).inheritIO().start().waitFor();
                if (exit != 0) {
                    throw new CliException("the benchmark exited with status " + exit, 1);
                }
            } catch (IOException e) {
                throw new CliException("could not start the benchmark: " + e.getMessage(), 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted", 1);
            }
        }
    }

    @Command(name = "hull",
            description = "Time hull membership of Gaussian queries (queries/s, warm median) and print the verdicts; bench/run.sh hull sets it beside HiGHS.")
    static final class Hull extends Suite {
        @Option(names = "--dim", paramLabel = "D")
        String dim;
        @Option(names = "--points", paramLabel = "N")
        String points;
        @Option(names = "--queries", paramLabel = "Q")
        String queries;
        @Option(names = "--threads", paramLabel = "T")
        String threads;
        @Option(names = "--seed", paramLabel = "S")
        String seed;
        @Option(names = "--data", paramLabel = "DIR", description = "also write the points and queries here (for the peer)")
        String data;
        @Option(names = "--subspace", paramLabel = "K",
                description = "draw the points on a random K-dimensional subspace of R^D, and the queries on it at half the scale: "
                        + "low-dimensional data embedded in D dimensions, most queries inside")
        String subspace;
        @Option(names = "--distances", paramLabel = "GAP",
                description = "time the distances instead, each certified to this relative gap (the API's is 0.001)")
        String distances;

        @Override
        public void run() {
            bench.lab.out.println(HullBench.run(options()));
        }
    }

    @Command(name = "store",
            description = "Start a private embedded stack without trainers, publish a 20·R-run sweep with S epochs per run, "
                    + "and time the epoch ingestion into PostgreSQL and the sweep's analysis.")
    static final class Store extends Suite {
        @Option(names = "--repeats", paramLabel = "R")
        String repeats;
        @Option(names = "--steps", paramLabel = "S")
        String steps;

        @Override
        public void run() {
            Lab.benchmark(bench.lab.out, "store", () -> StoreBench.run(bench.lab.paths.home(), options()));
        }
    }

    @Command(name = "live",
            description = "Start a private embedded stack without trainers, store a 20·R-run sweep of S steps per run, time its dashboard "
                    + "page loading in headless Chromium, then the latency of epoch events published at E/s to an SSE client.")
    static final class Live extends Suite {
        @Option(names = "--repeats", paramLabel = "R")
        String repeats;
        @Option(names = "--steps", paramLabel = "S")
        String steps;
        @Option(names = "--rate", paramLabel = "E")
        String rate;
        @Option(names = "--seconds", paramLabel = "T")
        String seconds;
        @Option(names = "--loads", paramLabel = "L")
        String loads;

        @Override
        public void run() {
            Lab.benchmark(bench.lab.out, "live", () -> LiveBench.run(bench.lab.paths.home(), options()));
        }
    }

    @Command(name = "scale",
            description = "Run bench/scale-sweep.yaml through private embedded stacks (warmed up by bench/scale-warmup.yaml) with 1 and with "
                    + "2 trainers, and in one process; print the throughput ratio and the pipeline's overhead per run.")
    static final class Scale extends Suite {
        @Option(names = "--spec", paramLabel = "FILE")
        String spec;
        @Option(names = "--warm-up", paramLabel = "FILE")
        String warmUp;

        @Override
        public void run() {
            Lab.benchmark(bench.lab.out, "scale", () -> ScaleBench.run(bench.lab.paths.home(), options()));
        }
    }

    @Command(name = "sweep-scale",
            description = "Run bench/sweep-scale.yaml (10,000 tiny runs, 100 recorded steps each) through a fresh stack with two "
                    + "trainers; time the submission, the queueing, the ingestion, the analysis, the sweep page in Chromium and the "
                    + "export, and read the gateway's and analysis service's memory.")
    static final class SweepScale extends Suite {
        @Option(names = "--spec", paramLabel = "FILE")
        String spec;
        @Option(names = "--trainers", paramLabel = "T")
        String trainers;
        @Option(names = "--loads", paramLabel = "L", description = "page loads in Chromium (the first is reported apart)")
        String loads;

        @Override
        public void run() {
            Lab.benchmark(bench.lab.out, "sweep-scale", () -> SweepScaleBench.run(bench.lab.paths.home(), options()));
        }
    }

    @Command(name = "soak",
            description = "Keep two sweeps of bench/soak-sweep.yaml in flight through a fresh stack with two trainers for M minutes, "
                    + "killing a trainer every K minutes and restarting the analysis service once; check every step stored once and "
                    + "read every process's memory at the start and the end.")
    static final class Soak extends Suite {
        @Option(names = "--minutes", paramLabel = "M", description = "how long to keep submitting (default 60)")
        String minutes;
        @Option(names = "--kill-every", paramLabel = "K", description = "minutes between trainer kills (default 5)")
        String killEvery;
        @Option(names = "--trainers", paramLabel = "T")
        String trainers;
        @Option(names = "--spec", paramLabel = "FILE")
        String spec;

        @Override
        public void run() {
            Lab.benchmark(bench.lab.out, "soak", () -> SoakBench.run(bench.lab.paths.home(), options()));
        }
    }

    @Command(name = "dispatch",
            description = "Run bench/dispatch-sweep.yaml (run costs spread over n) through a fresh stack per dispatch and trainer count; "
                    + "print each sweep's dispatch efficiency and its trainers' seconds idle while runs were queued.")
    static final class Dispatch extends Suite {
        @Option(names = "--spec", paramLabel = "FILE")
        String spec;
        @Option(names = "--warm-up", paramLabel = "FILE")
        String warmUp;
        @Option(names = "--trainers", paramLabel = "1,2,4,8")
        String trainers;
        @Option(names = "--dispatch", paramLabel = "consumer-group,share-group")
        String dispatch;
        @Option(names = "--partitions", paramLabel = "P",
                description = "partitions of lab.runs.requested (default: 8 for the consumer group, 1 for the share group)")
        String partitions;

        @Override
        public void run() {
            Lab.benchmark(bench.lab.out, "dispatch", () -> DispatchBench.run(bench.lab.paths.home(), options()));
        }
    }

    @Command(name = "failover",
            description = "Per dispatch, two trainers; K times, kill -9 the trainer of a run (bench/failover-run.yaml) and time until "
                    + "its next attempt starts on the other trainer.")
    static final class Failover extends Suite {
        @Option(names = "--spec", paramLabel = "FILE")
        String spec;
        @Option(names = "--kills", paramLabel = "K")
        String kills;
        @Option(names = "--dispatch", paramLabel = "consumer-group,share-group")
        String dispatch;

        @Override
        public void run() {
            Lab.benchmark(bench.lab.out, "failover", () -> FailoverBench.run(bench.lab.paths.home(), options()));
        }
    }
}
