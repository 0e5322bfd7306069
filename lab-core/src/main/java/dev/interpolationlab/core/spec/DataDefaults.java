package dev.interpolationlab.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** What each data kind implies for {@code data.dim}, {@code data.samples} and {@code data.noise}. */
final class DataDefaults {

    private DataDefaults() {
    }

    /** Fills the dimension and sample count a kind implies; a kind without defaults must be given both. */
    static void fill(ObjectNode data, List<SpecError> errors) {
        switch (data.get("kind").asText()) {
            case "three-point" -> {
                putIfAbsent(data, "dim", 1);
                putIfAbsent(data, "samples", 3);
            }
            case "stewart" -> {
                putIfAbsent(data, "dim", 1);
                putIfAbsent(data, "samples", 40);
            }
            default -> {
                for (String field : List.of("dim", "samples")) {
                    if (!data.has(field)) {
                        errors.add(new SpecError("data." + field, "is required for data kind " + data.get("kind").asText()));
                    }
                }
            }
        }
    }

    /** The constraints of a kind, at one grid point (where data.kind, dim or samples may have been swept). */
    static void checkPoint(JsonNode data, String at, Map<String, SpecError> firstByField) {
        String kind = data.get("kind").asText();
        long d = data.get("dim").asLong();
        if (kind.equals("three-point")) {
            require(d == 1, "data.dim", "three-point is one-dimensional: dim must be 1, got " + d + at, firstByField);
            require(data.get("samples").asLong() == 3, "data.samples",
                    "three-point has exactly 3 samples, got " + data.get("samples").asLong() + at, firstByField);
            require(data.get("noise").asDouble() == 0.0, "data.noise", "three-point is a fixed data set: noise must be 0" + at, firstByField);
        } else if (kind.equals("stewart")) {
            require(d == 1, "data.dim", "stewart is one-dimensional: dim must be 1, got " + d + at, firstByField);
        }
    }

    private static void require(boolean holds, String field, String message, Map<String, SpecError> firstByField) {
        if (!holds) {
            firstByField.putIfAbsent(field, new SpecError(field, message));
        }
    }

    private static void putIfAbsent(ObjectNode data, String field, int value) {
        if (!data.has(field)) {
            data.put(field, value);
        }
    }
}
