package dev.interpolationlab.trainer.bench;

import dev.interpolationlab.core.spec.SpecLimits;
import dev.interpolationlab.core.spec.SpecParser;
import dev.interpolationlab.core.spec.ValidatedSweep;
import dev.interpolationlab.core.sweep.GridExpander;
import dev.interpolationlab.core.sweep.PlannedRun;
import dev.interpolationlab.trainer.training.RunOptions;
import dev.interpolationlab.trainer.training.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The runs of a sweep spec trained one after the other in this process, as a trainer trains them but with no Kafka,
 * no PostgreSQL and no metrics leaving the process: the baseline that {@code ./lab bench scale} holds the pipeline
 * against. Prints one JSON line: runs, total seconds, and the trainers' own training time.
 */
public final class SweepBench {

    private SweepBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: SweepBench SPEC.yaml");
        }
        String text = Files.readString(Path.of(args[0]));
        ValidatedSweep sweep = new SpecParser(SpecLimits.DEFAULTS).parseYaml(text);
        List<PlannedRun> runs = GridExpander.runs("sw-bench", sweep);
        long started = System.nanoTime();
        long trainingMs = 0;
        for (PlannedRun run : runs) {
            trainingMs += TrainingRun.execute(run.spec(), run.ref().getSeed(), RunOptions.metricsOnly(metrics -> { })).getWallMs();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.println(String.format(Locale.ROOT, "{\"runs\": %d, \"in_process_s\": %.2f, \"training_s\": %.2f}", runs.size(), seconds,
                trainingMs / 1e3));
    }
}
