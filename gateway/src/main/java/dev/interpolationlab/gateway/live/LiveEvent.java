package dev.interpolationlab.gateway.live;

import java.util.function.Supplier;

/**
 * One event for the live stream of a sweep. Its JSON is printed when a stream first sends it, and once: a gateway
 * relays every record of the live topics, and most belong to sweeps nobody is watching.
 */
public final class LiveEvent {

    private final String id;
    private final String sweepId;
    private final String name;
    private final String runId;
    private final long step;
    private Supplier<String> printer;
    private volatile String json;

    /**
     * @param id      the SSE event id, {@code <gateway instance>-<sequence>}: a client that reconnects with it as
     *                {@code Last-Event-ID} is replayed what followed
     * @param sweepId which sweep it belongs to
     * @param name    the SSE event name: {@code epoch}, {@code run}, {@code analysis}, or {@code reset} when a resumed
     *                stream cannot replay what the client missed
     * @param runId   the run of an {@code epoch} event (for thinning), else null
     * @param step    the step of an {@code epoch} event, else −1
     * @param printer the event's JSON payload (the protobuf message's JSON form), printed on first use
     */
    public LiveEvent(String id, String sweepId, String name, String runId, long step, Supplier<String> printer) {
        this.id = id;
        this.sweepId = sweepId;
        this.name = name;
        this.runId = runId;
        this.step = step;
        this.printer = printer;
    }

    public String id() {
        return id;
    }

    public String sweepId() {
        return sweepId;
    }

    public String name() {
        return name;
    }

    public String runId() {
        return runId;
    }

    public long step() {
        return step;
    }

    public String json() {
        String printed = json;
        if (printed == null) {
            synchronized (this) {
                if (json == null) {
                    json = printer.get();
                    printer = null;
                }
                printed = json;
            }
        }
        return printed;
    }
}
