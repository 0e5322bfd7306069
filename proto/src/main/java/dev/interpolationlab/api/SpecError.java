package dev.interpolationlab.api;

/** One offending field of a sweep spec: its dotted path (with [i] for list items) and what is wrong. */
public record SpecError(String field, String message) {
}
