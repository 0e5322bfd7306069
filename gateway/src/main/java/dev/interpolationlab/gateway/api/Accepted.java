package dev.interpolationlab.gateway.api;

/** The 202 body for an accepted sweep. */
public record Accepted(String id, int runs) {
}
