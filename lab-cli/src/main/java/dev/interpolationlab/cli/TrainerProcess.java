package dev.interpolationlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Entry points of the trainer service (its benchmarks), run on its own classpath in a JVM of their own. */
final class TrainerProcess {

    private TrainerProcess() {
    }

    /** The java command line that runs {@code mainAndArgs} (a main class and its arguments) on the trainer's classpath. */
    static List<String> command(Path home, List<String> mainAndArgs) {
        Path app = home.resolve("trainer-service/target/quarkus-app");
        String classpath = String.join(java.io.File.pathSeparator, app.resolve("app") + "/*", app.resolve("lib/main") + "/*",
                app.resolve("lib/boot") + "/*");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules=jdk.incubator.vector", "-Xmx2g", "-cp", classpath));
        command.addAll(mainAndArgs);
        return command;
    }

    /** Runs one and returns its standard output; its standard error goes to ours. */
    static String run(Path home, List<String> mainAndArgs) throws Exception {
        Process process = new ProcessBuilder(command(home, mainAndArgs)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        if (process.waitFor() != 0) {
            throw new CliException("the trainer's " + mainAndArgs.get(0) + " exited with status " + process.exitValue(), 1);
        }
        String[] lines = output.split("\n");
        return lines[lines.length - 1];
    }
}
