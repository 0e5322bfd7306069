package dev.interpolationlab.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What a process of a running stack holds, for the benchmarks that must show memory bounded: a lab service's heap in
 * use right after a full GC (so that garbage not yet collected does not count) and any process's resident set.
 */
final class ProcessMemory {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ProcessMemory() {
    }

    /** The pid of the stack's process {@code name} (gateway, analysis-service, trainer-1, kafka, ...). */
    static long pid(LabPaths paths, String name) throws IOException {
        return Long.parseLong(Files.readString(paths.pids().resolve(name + ".pid")).trim());
    }

    /** Resident memory in MB ({@code VmRSS}). */
    static double rssMegabytes(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream().filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst()
                .orElseThrow(() -> new CliException("no VmRSS for pid " + pid)) / 1e3;
    }

    /** A lab service's heap in use after a full GC ({@code jcmd GC.run}), in MB, from its {@code jvm_memory_used_bytes}. */
    static double heapAfterGcMegabytes(long pid, String serviceUrl) throws IOException, InterruptedException {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new CliException("jcmd " + pid + " GC.run failed");
        }
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (metrics.statusCode() != 200) {
            throw new CliException(serviceUrl + "/q/metrics answered " + metrics.statusCode());
        }
        return metrics.body().lines().filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum() / 1e6;
    }
}
