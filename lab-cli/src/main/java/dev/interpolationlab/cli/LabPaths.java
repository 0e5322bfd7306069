package dev.interpolationlab.cli;

import java.nio.file.Path;

/** Where the lab keeps its build outputs, state, data and logs; all state lives under {@code .lab/}. */
public record LabPaths(Path home) {

    public static LabPaths fromEnvironment() {
        String home = System.getProperty("lab.home", System.getenv().getOrDefault("LAB_HOME", "."));
        return new LabPaths(Path.of(home).toAbsolutePath().normalize());
    }

    public Path state() {
        return home.resolve(".lab");
    }

    public Path data() {
        return state().resolve("data");
    }

    public Path logs() {
        return state().resolve("logs");
    }

    public Path pids() {
        return state().resolve("pids");
    }

    /** Ports and URLs of the running stack, written by {@code up}. */
    public Path stackFile() {
        return state().resolve("stack.properties");
    }

    public Path infraReadyFile() {
        return state().resolve("infra.ready");
    }

    public Path serviceJar(String service) {
        return home.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The classpath of this CLI (its jar and its lib/ folder), which also runs the embedded infrastructure. */
    public String cliClasspath() {
        Path target = home.resolve("lab-cli/target");
        return target.resolve("lab-cli.jar") + java.io.File.pathSeparator + target.resolve("lib") + "/*";
    }
}
