package dev.interpolationlab.cli;

import dev.interpolationlab.api.Accepted;
import dev.interpolationlab.api.SweepView;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** Submits a sweep spec and, when asked, follows the sweep to its end: {@code ./lab submit --follow} and {@code ./lab demo}. */
final class SweepFollower {

    private static final Set<String> FINAL = Set.of("completed", "failed", "cancelled");

    private final LabPaths paths;
    private final PrintStream out;

    SweepFollower(LabPaths paths, PrintStream out) {
        this.paths = paths;
        this.out = out;
    }

    /** @return the sweep's id */
    String submitAndFollow(GatewayClient gateway, Path spec, boolean follow) {
        Accepted accepted = gateway.submit(spec);
        String id = accepted.id();
        out.println("Submitted " + paths.home().relativize(spec.toAbsolutePath()) + ": sweep " + id + " with " + accepted.runs() + " runs");
        if (!follow) {
            return id;
        }
        long started = System.nanoTime();
        SweepView sweep = gateway.sweepOnceStored(id);
        // On a terminal the progress line and the threshold table so far are redrawn in place every second; in a
        // pipe or a log, the progress line is printed when it changes and the table once at the end.
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        String last = "";
        int drawnLines = 0;
        while (!FINAL.contains(sweep.status())) {
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
        out.printf("Sweep %s %s in %.0f s%n%n", id, sweep.status(), (System.nanoTime() - started) / 1e9);
        out.print(Render.threshold(gateway.analysis(id)));
        if (sweep.status().equals("failed")) {
            throw new CliException("sweep " + id + " has failed runs; see ./lab status " + id);
        }
        return id;
    }
}
