package dev.interpolationlab.cli;

import dev.interpolationlab.infra.EmbeddedKafka;
import dev.interpolationlab.infra.KafkaCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Starts and stops the embedded stack as background processes: a KRaft broker (or a cluster of several) and
 * PostgreSQL (each a process of its own, from Maven artifacts), the analysis service, N trainers and the gateway.
 * Every process gets a pid file the moment it is spawned, so {@link #down()} also cleans up after an {@code up} that
 * failed half-way. A process this Stack started can be killed or restarted on its own, with the same command, port
 * and data (the fault-tolerance tests).
 */
public final class Stack {

    /** Marks our processes on their command line, so a recycled pid is never killed by mistake. */
    static final String MARKER = "-Dlab.process=";
    /** Stopped last by {@link #down()}, in this order: the Kafka broker or every node of the cluster, then PostgreSQL. */
    private static final List<String> INFRASTRUCTURE = List.of("kafka", "postgres");

    /** How a process was started, to start it again. */
    private record Spawned(List<String> javaArgs, Map<String, String> env, String healthUrl) {
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final LabPaths paths;
    private final PrintStream out;
    private final Map<String, String> serviceEnvironment;
    /** A Kafka this stack does not start (bootstrap servers), or null: the stack's own. */
    private final String externalKafka;
    /** Settings of one service (by module: gateway, analysis-service, trainer-service) on top of the common ones. */
    private final Map<String, Map<String, String>> perService;
    private final Map<String, Spawned> spawned = new java.util.concurrent.ConcurrentHashMap<>();
    /** The processes this Stack started, by name (the latest of each), for their exit status. */
    private final Map<String, Process> started = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Stack(LabPaths paths, PrintStream out) {
        this(paths, out, Map.of());
    }

    /** {@code serviceEnvironment}: settings every service gets on top of the stack's own (a test's shorter intervals). */
    public Stack(LabPaths paths, PrintStream out, Map<String, String> serviceEnvironment) {
        this(paths, out, serviceEnvironment, null, Map.of());
    }

    /**
     * The services on a Kafka that is already up ({@code kafka}: its bootstrap servers, with the lab topics), each
     * with settings of its own on top of the common ones ({@code perService}, by module: its Kafka credentials).
     */
    public Stack(LabPaths paths, PrintStream out, Map<String, String> serviceEnvironment, String kafka,
            Map<String, Map<String, String>> perService) {
        this.paths = paths;
        this.out = out;
        this.serviceEnvironment = Map.copyOf(serviceEnvironment);
        this.externalKafka = kafka;
        this.perService = Map.copyOf(perService);
    }

    /** The running stack's settings, if {@code up} finished and its gateway still answers. */
    public Optional<Properties> running() {
        if (!Files.exists(paths.stackFile())) {
            return Optional.empty();
        }
        Properties stack = read(paths.stackFile());
        return healthy(stack.getProperty("gateway.url")) ? Optional.of(stack) : Optional.empty();
    }

    public Properties up(int trainers) {
        return up(trainers, 1);
    }

    /**
     * {@code brokers} Kafka brokers: one (the default) runs as process {@code kafka}; more form a KRaft cluster of
     * processes {@code kafka-1} … {@code kafka-N}, every partition on three of them (or on each, where fewer), so that
     * one of them can be lost without losing an acknowledged record or stopping the lab.
     */
    public Properties up(int trainers, int brokers) {
        Optional<Properties> running = running();
        if (running.isPresent()) {
            out.println("The lab is already up: gateway " + running.get().getProperty("gateway.url"));
            return running.get();
        }
        down(); // leftovers of an earlier run that did not finish
        for (String service : List.of("gateway", "analysis-service", "trainer-service")) {
            if (!Files.exists(paths.serviceJar(service))) {
                throw new CliException("missing " + paths.home().relativize(paths.serviceJar(service)) + ": build first with ./mvnw package -DskipTests");
            }
        }
        try {
            Files.createDirectories(paths.logs());
            Files.createDirectories(paths.pids());
            Files.createDirectories(paths.data());
            return start(trainers, brokers);
        } catch (IOException e) {
            down();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            out.println("Start failed; stopping what was started. Logs are in " + paths.logs());
            down();
            throw e;
        }
    }

    private Properties start(int trainers, int brokers) throws IOException {
        out.println(externalKafka != null ? "Starting PostgreSQL from Maven artifacts (Kafka at " + externalKafka + ")..."
                : "Starting Kafka (KRaft" + (brokers > 1 ? ", " + brokers + " brokers" : "") + ") and PostgreSQL from Maven artifacts...");
        // fixed ports, so that each can be started again where the services expect it
        List<String> kafkaProcesses = externalKafka == null ? spawnKafka(brokers) : List.of();
        spawnInfrastructure("postgres", "postgres", "-Xmx128m", dev.interpolationlab.infra.FreePorts.pick());
        String kafka = externalKafka;
        for (String node : kafkaProcesses) {
            kafka = awaitFile(paths.readyFile(node), node).getProperty("kafka.bootstrap.servers");
        }
        Properties infra = awaitFile(paths.readyFile("postgres"), "postgres");
        out.println("  Kafka " + kafka + ", PostgreSQL " + infra.getProperty("jdbc.url"));
        if (setting("LAB_API_TOKEN") == null) {
            out.println("  No LAB_API_TOKEN: the gateway's write endpoints are open to anyone who can reach it (fine on this machine;"
                    + " set one before exposing the port)");
        }

        Map<String, String> common = new java.util.HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka, "LAB_KAFKA_PARTITIONS", "8",
                "LAB_KAFKA_REPLICATION_FACTOR", Short.toString(KafkaCluster.replicationFactor(brokers))));
        common.putAll(serviceEnvironment);
        if (TrainerGroup.SHARE_GROUP.dispatch.equals(setting("LAB_TRAINER_DISPATCH")) && setting("LAB_KAFKA_RUN_REQUEST_PARTITIONS") == null) {
            // one queue that every trainer of the share group takes from (TopicBootstrap says why)
            common.put("LAB_KAFKA_RUN_REQUEST_PARTITIONS", "1");
        }
        int analysisPort = port(8081);
        spawnService("analysis-service", "analysis-service", analysisPort, "-Xmx512m", common, Map.of(
                "LAB_DB_URL", infra.getProperty("jdbc.url"),
                "LAB_DB_USER", infra.getProperty("jdbc.username"),
                "LAB_DB_PASSWORD", infra.getProperty("jdbc.password")));
        List<Integer> trainerPorts = new ArrayList<>();
        for (int i = 1; i <= trainers; i++) {
            int trainerPort = port(8081 + i);
            trainerPorts.add(trainerPort);
            // One BLAS thread per trainer: trainers scale out as processes, not threads.
            spawnService("trainer-" + i, "trainer-service", trainerPort, "-Xmx1g", common,
                    Map.of("TRAINER_ID", "trainer-" + i, "OMP_NUM_THREADS", "1"));
        }
        int gatewayPort = port(8080);
        String analysisUrl = "http://127.0.0.1:" + analysisPort;
        spawnService("gateway", "gateway", gatewayPort, "-Xmx512m", common, Map.of("ANALYSIS_URL", analysisUrl));

        awaitHealthy("analysis-service", analysisUrl);
        for (int i = 0; i < trainers; i++) {
            awaitHealthy("trainer-" + (i + 1), "http://127.0.0.1:" + trainerPorts.get(i));
        }
        String gatewayUrl = "http://127.0.0.1:" + gatewayPort;
        awaitHealthy("gateway", gatewayUrl);

        Properties stack = new Properties();
        stack.setProperty("gateway.url", gatewayUrl);
        stack.setProperty("analysis.url", analysisUrl);
        stack.setProperty("trainers", Integer.toString(trainers));
        for (int i = 0; i < trainers; i++) {
            stack.setProperty("trainer." + (i + 1) + ".url", "http://127.0.0.1:" + trainerPorts.get(i));
        }
        stack.setProperty("kafka.bootstrap.servers", kafka);
        stack.setProperty("kafka.brokers", Integer.toString(brokers));
        stack.setProperty("jdbc.url", infra.getProperty("jdbc.url"));
        stack.setProperty("jdbc.username", infra.getProperty("jdbc.username"));
        stack.setProperty("jdbc.password", infra.getProperty("jdbc.password"));
        try (OutputStream file = Files.newOutputStream(paths.stackFile())) {
            stack.store(file, "the running lab (./lab up); removed by ./lab down");
        }
        out.println("The lab is up: dashboard " + gatewayUrl + "/ (API docs " + gatewayUrl + "/q/swagger-ui), "
                + trainers + " trainer(s), logs in " + paths.logs());
        return stack;
    }

    /** The Kafka process ({@code kafka}) or cluster ({@code kafka-1} … {@code kafka-N}) spawned, to await. */
    private List<String> spawnKafka(int brokers) throws IOException {
        if (brokers == 1) {
            spawnInfrastructure("kafka", "kafka", "-Xmx512m", dev.interpolationlab.infra.FreePorts.pick());
            return List.of("kafka");
        }
        Path planFile = KafkaCluster.planFile(paths.data());
        if (Files.exists(planFile) && Files.isDirectory(EmbeddedKafka.nodeLogDir(paths.data(), 1))) {
            int planned = KafkaCluster.read(planFile).nodes();
            if (planned != brokers) {
                throw new CliException(paths.data() + " holds the log of a cluster of " + planned + " brokers; start it with --brokers "
                        + planned + ", or remove " + paths.data() + "/kafka-* to start a new cluster", 2);
            }
        }
        // new ports on every up; the cluster id of the logs already there, so that their data stays
        KafkaCluster cluster = KafkaCluster.plan(brokers, paths.data());
        cluster.write(planFile);
        List<String> nodes = new ArrayList<>();
        for (int node = 1; node <= brokers; node++) {
            spawnInfrastructure("kafka-" + node, "kafka-node", "-Xmx512m", node);
            nodes.add("kafka-" + node);
        }
        return nodes;
    }

    /** {@code InfraMain MODE DATA_DIR READY_FILE ARGUMENT} as process {@code name}: the port, or the cluster node's id. */
    private void spawnInfrastructure(String name, String mode, String heap, int argument) throws IOException {
        Files.deleteIfExists(paths.readyFile(name));
        spawn(name, List.of(heap, "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-cp", paths.cliClasspath(),
                "dev.interpolationlab.infra.InfraMain", mode, paths.data().toString(), paths.readyFile(name).toString(),
                Integer.toString(argument)),
                Map.of(), null);
    }

    /** Kafka's processes and PostgreSQL's: they write a ready file, and {@link #down()} stops them last. */
    private static boolean infrastructure(String name) {
        return INFRASTRUCTURE.contains(name) || name.startsWith("kafka-");
    }

    /** The order {@link #down()} stops processes in: services, then Kafka, then PostgreSQL. */
    private static int stopRank(String name) {
        return name.startsWith("kafka-") ? 1 : INFRASTRUCTURE.indexOf(name) + 1;
    }

    /** A setting the services get: this stack's own, else the environment they inherit. */
    private String setting(String name) {
        return serviceEnvironment.getOrDefault(name, System.getenv(name));
    }

    private void spawnService(String name, String service, int port, String heap, Map<String, String> common,
            Map<String, String> env) throws IOException {
        Map<String, String> all = new java.util.HashMap<>(common);
        all.putAll(perService.getOrDefault(service, Map.of()));
        all.putAll(env);
        all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        out.println("  starting " + name + " on port " + port);
        // The trainer's fused kernels use the Vector API, an incubator module in Java 17.
        spawn(name, List.of(heap, "--add-modules=jdk.incubator.vector", "-Dquarkus.analytics.disabled=true", "-jar",
                paths.serviceJar(service).toString()), all, "http://127.0.0.1:" + port);
    }

    /** Kills one process of this stack at once ({@code kill -9}): no shutdown hook, no last checkpoint. */
    public void kill(String name) {
        ProcessHandle process = ours(paths.pids().resolve(name + ".pid"), name)
                .orElseThrow(() -> new CliException(name + " is not running"));
        out.println("  killing " + name + " (pid " + process.pid() + ")");
        process.destroyForcibly();
        process.onExit().join();
    }

    /** Freezes one process of this stack ({@code kill -STOP}): a GC pause or a network cut as long as it stays frozen. */
    public void freeze(String name) {
        signal(name, "STOP");
    }

    /** Lets a frozen process of this stack go on ({@code kill -CONT}). */
    public void thaw(String name) {
        signal(name, "CONT");
    }

    private void signal(String name, String signal) {
        ProcessHandle process = ours(paths.pids().resolve(name + ".pid"), name)
                .orElseThrow(() -> new CliException(name + " is not running"));
        out.println("  SIG" + signal + " to " + name + " (pid " + process.pid() + ")");
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new CliException("kill -" + signal + " " + process.pid() + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while signalling " + name);
        }
    }

    /** Stops one process of this stack as {@link #down()} would (SIGTERM, then up to 30 s for it to finish). */
    public void stop(String name) {
        ProcessHandle process = ours(paths.pids().resolve(name + ".pid"), name)
                .orElseThrow(() -> new CliException(name + " is not running"));
        stop(name, process);
    }

    /** Starts a stopped or killed process of this stack again, with the same command, port and data; waits until it answers. */
    public void startAgain(String name) throws IOException {
        Spawned how = spawned.get(name);
        if (how == null) {
            throw new CliException(name + " was not started by this stack");
        }
        if (ours(paths.pids().resolve(name + ".pid"), name).isPresent()) {
            throw new CliException(name + " is still running");
        }
        if (infrastructure(name)) {
            Files.deleteIfExists(paths.readyFile(name));
        }
        spawn(name, how.javaArgs(), how.env(), how.healthUrl());
        if (how.healthUrl() == null) {
            awaitFile(paths.readyFile(name), name);
        } else {
            awaitHealthy(name, how.healthUrl());
        }
        out.println("  " + name + " is back");
    }

    private void spawn(String name, List<String> javaArgs, Map<String, String> env, String healthUrl) throws IOException {
        spawned.put(name, new Spawned(javaArgs, env, healthUrl));
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add(MARKER + name);
        command.addAll(javaArgs);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(paths.home().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(paths.logs().resolve(name + ".log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        started.put(name, process);
        Files.writeString(paths.pids().resolve(name + ".pid"), Long.toString(process.pid()));
    }

    /**
     * Stops every process of ours, services first, infrastructure last; safe to call at any time. The processes of
     * one rank stop together: a Kafka node shuts down in order only while the others still form a quorum, so the
     * nodes of a cluster must not wait for one another.
     */
    public void down() {
        java.util.TreeMap<Integer, List<String>> ranks = new java.util.TreeMap<>();
        if (Files.isDirectory(paths.pids())) {
            try (var files = Files.list(paths.pids())) {
                files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".pid")).map(f -> f.substring(0, f.length() - 4))
                        .forEach(name -> ranks.computeIfAbsent(stopRank(name), rank -> new ArrayList<>()).add(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (List<String> names : ranks.values()) {
            Map<String, ProcessHandle> running = new java.util.LinkedHashMap<>();
            names.forEach(name -> ours(paths.pids().resolve(name + ".pid"), name).ifPresent(process -> running.put(name, process)));
            stopTogether(running);
            try {
                for (String name : names) {
                    Files.deleteIfExists(paths.pids().resolve(name + ".pid"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        stopOrphanedPostgres();
        try {
            Files.deleteIfExists(paths.stackFile());
            try (var files = Files.list(paths.state())) {
                for (Path ready : files.filter(p -> p.getFileName().toString().endsWith(".ready")).toList()) {
                    Files.deleteIfExists(ready);
                }
            }
        } catch (java.nio.file.NoSuchFileException nothingStarted) {
            // no state directory: nothing was ever started
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<ProcessHandle> ours(Path pidFile, String name) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(line -> line.contains(MARKER + name)).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void stop(String name, ProcessHandle process) {
        stopTogether(Map.of(name, process));
    }

    /** SIGTERM to each, then up to 30 s for all of them to finish; whatever is left (and their children) is killed. */
    private void stopTogether(Map<String, ProcessHandle> processes) {
        Map<String, List<ProcessHandle>> families = new java.util.HashMap<>();
        processes.forEach((name, process) -> {
            families.put(name, process.descendants().toList());
            out.println("  stopping " + name + " (pid " + process.pid() + ")");
            process.destroy();
        });
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        processes.forEach((name, process) -> {
            try {
                process.onExit().get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (Exception timeout) {
                out.println("  " + name + " did not stop in " + STOP_TIMEOUT.toSeconds() + " s; killing it");
                process.destroyForcibly();
                // gone before we return, so that the next start finds its ports free
                process.onExit().completeOnTimeout(process, 10, java.util.concurrent.TimeUnit.SECONDS).join();
            }
            families.get(name).stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        });
    }

    /**
     * PostgreSQL's postmaster is detached from the infrastructure process; if that process died without stopping
     * it, its pid is in the data directory.
     */
    private void stopOrphanedPostgres() {
        Path postmasterPid = paths.data().resolve("postgres/postmaster.pid");
        if (!Files.exists(postmasterPid)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(postmasterPid).get(0).trim());
            ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                    .ifPresent(postgres -> stop("postgres", postgres));
        } catch (IOException | RuntimeException e) {
            // no readable pid: nothing of ours to stop
        }
    }

    private Properties awaitFile(Path file, String name) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                return read(file);
            }
            checkAlive(name);
            sleep(200);
        }
        throw new CliException(name + " did not start within " + START_TIMEOUT.toSeconds() + " s; see " + log(name));
    }

    private void awaitHealthy(String name, String baseUrl) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (healthy(baseUrl)) {
                return;
            }
            checkAlive(name);
            sleep(300);
        }
        throw new CliException(name + " was not ready within " + START_TIMEOUT.toSeconds() + " s; see " + log(name));
    }

    private void checkAlive(String name) {
        if (ours(paths.pids().resolve(name + ".pid"), name).isEmpty()) {
            throw new CliException(name + " exited during start-up" + exitStatus(name) + "; see " + log(name) + "; it ends:\n"
                    + lastLines(log(name), 25));
        }
    }

    /** How a process we started ended, as far as its exit status tells (137: killed, the OOM killer's signal). */
    private String exitStatus(String name) {
        Process process = started.get(name);
        try {
            if (process == null || !process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                return "";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
        int status = process.exitValue();
        return " with status " + status + (status == 137 ? " (SIGKILL: the kernel's OOM killer, unless someone killed it)" : "");
    }

    private boolean healthy(String baseUrl) {
        if (baseUrl == null) {
            return false;
        }
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Path log(String name) {
        return paths.logs().resolve(name + ".log");
    }

    /** The end of a log, so that a failed start says why where only the command's output is kept (a CI run). */
    static String lastLines(Path log, int count) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(" + log + " cannot be read: " + e.getMessage() + ")";
        }
    }

    /**
     * The preferred port when free (the documented defaults), any free port otherwise. Free on every interface, as
     * the services bind it: a port free on loopback alone can be held on another address.
     */
    private static int port(int preferred) {
        try (var socket = new java.net.ServerSocket(preferred)) {
            return preferred;
        } catch (IOException busy) {
            return dev.interpolationlab.infra.FreePorts.pick();
        }
    }

    static Properties read(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** Sleeps; an interrupt (Ctrl-C) ends the command with status 130. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", 130);
        }
    }
}
