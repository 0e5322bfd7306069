package dev.interpolationlab.api;

/**
 * The 202 body of a cancel or a retry: {@code action} is {@code cancel} or {@code retry}, {@code runs} counts the runs it
 * concerns (those unfinished, or those requested again).
 */
public record ActionTaken(String id, String action, int runs) {
}
