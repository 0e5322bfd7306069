package dev.interpolationlab.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A sweep as the REST API shows it; {@code cancelledAt} is null unless a user cancelled it. */
public record SweepView(String id, String name, String status, RunCounts runs, Instant acceptedAt, String codeVersion,
        @Schema(ref = "SweepSpecDocument", description = "the spec as accepted, every default filled in") JsonNode spec,
        Instant cancelledAt) {
}
