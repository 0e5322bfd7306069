package dev.interpolationlab.analysis.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A sweep as the REST API shows it; {@code cancelledAt} is null unless a user cancelled it. */
public record SweepRow(String id, String name, String status, RunCounts runs, Instant acceptedAt, String codeVersion, JsonNode spec,
        Instant cancelledAt) {
}
