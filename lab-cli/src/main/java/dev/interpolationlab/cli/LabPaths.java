package dev.interpolationlab.cli;

import java.nio.file.Path;

/**
 * Where the lab finds its build outputs ({@code home}, the repository) and keeps its state, data and logs
 * ({@code state}, {@code .lab/} unless {@code LAB_STATE} says otherwise).
 */
public record LabPaths(Path home, Path state) {

    public static LabPaths fromEnvironment() {
        Path home = Path.of(System.getProperty("lab.home", System.getenv().getOrDefault("LAB_HOME", "."))).toAbsolutePath().normalize();
        String state = System.getenv("LAB_STATE");
        return new LabPaths(home, state == null ? home.resolve(".lab") : Path.of(state).toAbsolutePath().normalize());
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

    /** Written by the embedded Kafka or PostgreSQL process ({@code name}) once it answers. */
    public Path readyFile(String name) {
        return state().resolve(name + ".ready");
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
