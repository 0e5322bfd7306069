package dev.interpolationlab.api;

import java.util.List;

/** The 400 body for a rejected spec: every offending field (product.md, {@code POST /api/sweeps}). */
public record ValidationErrors(List<SpecError> errors) {
}
