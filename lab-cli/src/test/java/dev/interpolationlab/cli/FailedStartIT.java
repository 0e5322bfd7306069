package dev.interpolationlab.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code up} that fails half-way (a service cannot start) says why and stops what it started: nothing of ours keeps
 * running.
 */
class FailedStartIT {

    @Test
    void aFailedUpLeavesNoProcessRunning(@TempDir Path home, @TempDir Path state) throws Exception {
        Path repository = Path.of(System.getProperty("lab.home", "..")).toAbsolutePath().normalize();
        Files.createDirectories(home.resolve("lab-cli"));
        Files.createSymbolicLink(home.resolve("lab-cli/target"), repository.resolve("lab-cli/target"));
        for (String service : new String[] {"gateway", "analysis-service", "trainer-service"}) {
            brokenJar(home.resolve(service).resolve("target/quarkus-app/quarkus-run.jar"));
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Stack stack = new Stack(new LabPaths(home, state), new PrintStream(output, true));

        CliException failure = assertThrows(CliException.class, () -> stack.up(1));
        assertTrue(failure.getMessage().contains("analysis-service exited during start-up"), failure.getMessage());
        // the reason, from the end of its log: what a CI run that keeps only the output needs to know
        assertTrue(failure.getMessage().contains("no.such.Main"), failure.getMessage());
        assertTrue(output.toString().contains("stopping kafka") && output.toString().contains("stopping postgres"), output.toString());

        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
                        .map(line -> line.contains(Stack.MARKER) && line.contains(state.toString())
                                || line.contains("postgres") && line.contains(state.toString()))
                        .orElse(false)),
                "a process of the failed start still runs");
        assertTrue(isEmpty(state.resolve("pids")), "pid files remain");
    }

    /** A jar whose main class does not exist: {@code java -jar} exits at once. */
    private static void brokenJar(Path jar) throws Exception {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "no.such.Main");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.flush();
        }
    }

    private static boolean isEmpty(Path directory) throws Exception {
        try (var files = Files.list(directory)) {
            return files.findAny().isEmpty();
        }
    }
}
