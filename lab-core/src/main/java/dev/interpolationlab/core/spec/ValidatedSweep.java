package dev.interpolationlab.core.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.interpolationlab.proto.v1.SweepSpec;

/**
 * A sweep spec that passed validation.
 *
 * @param spec       the typed spec carried on Kafka
 * @param normalised the spec as JSON with every default filled in (what {@code GET /api/sweeps/{id}} shows)
 */
public record ValidatedSweep(SweepSpec spec, ObjectNode normalised) {
}
