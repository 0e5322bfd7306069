package dev.interpolationlab.api;

/** The 202 body for an accepted sweep: its id and how many runs it was expanded into. */
public record Accepted(String id, int runs) {
}
