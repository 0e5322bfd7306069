package dev.interpolationlab.gateway.live;

/**
 * One event for the live stream of a sweep.
 *
 * @param id      the SSE event id, {@code <gateway instance>-<sequence>}: a client that reconnects with it as
 *                {@code Last-Event-ID} is replayed what followed
 * @param sweepId which sweep it belongs to
 * @param name    the SSE event name: {@code epoch}, {@code run}, {@code analysis}, or {@code reset} when a resumed
 *                stream cannot replay what the client missed
 * @param runId   the run of an {@code epoch} event (for thinning), else null
 * @param step    the step of an {@code epoch} event, else −1
 * @param json    the event's JSON payload (the protobuf message's JSON form)
 */
public record LiveEvent(String id, String sweepId, String name, String runId, long step, String json) {
}
