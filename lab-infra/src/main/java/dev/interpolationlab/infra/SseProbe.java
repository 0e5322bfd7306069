package dev.interpolationlab.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A Server-Sent Events client for tests: connects, parses events as they arrive, and lets the test wait for them. */
public final class SseProbe implements AutoCloseable {

    /** One received event. */
    public record Event(String id, String name, String data, long receivedAtNanos) {
    }

    private final BlockingQueue<Event> received = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();
    private final Thread reader;
    private volatile Stream<String> lines;

    private SseProbe(URI uri, String lastEventId) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IOException("SSE endpoint " + uri + " answered " + response.statusCode());
        }
        lines = response.body();
        reader = new Thread(this::read, "sse-probe");
        reader.setDaemon(true);
        reader.start();
    }

    public static SseProbe connect(URI uri) {
        return connect(uri, null);
    }

    /** Connects as a reconnecting EventSource does: with the id of the last event it received. */
    public static SseProbe connect(URI uri, String lastEventId) {
        try {
            return new SseProbe(uri, lastEventId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        String name = "message";
        String id = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        received.add(new Event(id, name, data.toString(), System.nanoTime()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).trim());
                }
            }
        } catch (RuntimeException closed) {
            // the stream was closed by close() or by the server
        }
    }

    /** Waits until an event matching {@code predicate} arrives; returns every event received so far. */
    public synchronized List<Event> awaitEvent(Predicate<Event> predicate, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (seen.stream().anyMatch(predicate)) {
            return List.copyOf(seen);
        }
        while (System.nanoTime() < deadline) {
            Event event = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                break;
            }
            seen.add(event);
            if (predicate.test(event)) {
                return List.copyOf(seen);
            }
        }
        throw new AssertionError("no matching SSE event within " + timeout + "; received " + seen.size() + " events");
    }

    /** Every event received until now. */
    public synchronized List<Event> events() {
        received.drainTo(seen);
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        Stream<String> stream = lines;
        if (stream != null) {
            stream.close();
        }
        reader.interrupt();
    }
}
