package dev.interpolationlab.gateway.live;

/**
 * One event for the live stream of a sweep.
 *
 * @param sweepId which sweep it belongs to
 * @param name    the SSE event name: {@code epoch}, {@code run} or {@code analysis}
 * @param json    the event's JSON payload (the protobuf message's JSON form)
 */
public record LiveEvent(String sweepId, String name, String json) {
}
