package dev.interpolationlab.gateway.live;

import java.util.HashMap;
import java.util.Map;

/**
 * How many live streams the gateway holds open: at most {@code perClient} for one client address and {@code total} in
 * all. Each open stream costs a connection and a subscription that buffers what its client has not read yet, so an
 * anonymous client opening streams without end would otherwise exhaust the heap. Pure logic, tested alone.
 */
public final class StreamAdmission {

    /** Why a stream was refused, or {@link #ADMITTED}. */
    public enum Verdict { ADMITTED, CLIENT_FULL, GATEWAY_FULL }

    private final int perClient;
    private final int total;
    private final Map<String, Integer> open = new HashMap<>();
    private int openInAll;

    public StreamAdmission(int perClient, int total) {
        if (perClient < 1 || total < perClient) {
            throw new IllegalArgumentException("streams per client must be at least 1 and at most the total; got "
                    + perClient + " and " + total);
        }
        this.perClient = perClient;
        this.total = total;
    }

    /** Admits one more stream for {@code client}, or says which limit it would pass; an admitted stream must be released. */
    public synchronized Verdict admit(String client) {
        if (openInAll >= total) {
            return Verdict.GATEWAY_FULL;
        }
        int mine = open.getOrDefault(client, 0);
        if (mine >= perClient) {
            return Verdict.CLIENT_FULL;
        }
        open.put(client, mine + 1);
        openInAll++;
        return Verdict.ADMITTED;
    }

    /** A stream of {@code client} has ended. */
    public synchronized void release(String client) {
        Integer mine = open.get(client);
        if (mine == null) {
            throw new IllegalStateException("no open stream of " + client + " to release");
        }
        if (mine == 1) {
            open.remove(client);
        } else {
            open.put(client, mine - 1);
        }
        openInAll--;
    }

    public int perClient() {
        return perClient;
    }

    public int total() {
        return total;
    }

    synchronized int clients() {
        return open.size();
    }
}
