package dev.interpolationlab.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a service's OpenAPI document (JSON) the way a client generator would and lists every body it leaves
 * undocumented: an operation without a documented success answer, a request or response body without a schema, and a
 * schema reference that names no component. An empty list means every body of every operation has a schema.
 */
public final class OpenApiBodies {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private OpenApiBodies() {
    }

    public static List<String> undocumented(JsonNode document) {
        List<String> problems = new ArrayList<>();
        JsonNode schemas = document.path("components").path("schemas");
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                String name = operation.getKey().toUpperCase() + " " + path.getKey();
                JsonNode request = operation.getValue().path("requestBody");
                if (!request.isMissingNode()) {
                    contents(name + " request", request.path("content"), problems);
                }
                boolean answered = false;
                for (Map.Entry<String, JsonNode> response : operation.getValue().path("responses").properties()) {
                    String status = response.getKey();
                    JsonNode content = response.getValue().path("content");
                    answered |= status.startsWith("2") && content.size() > 0;
                    if (!content.isMissingNode()) {
                        contents(name + " " + status, content, problems);
                    }
                }
                if (!answered) {
                    problems.add(name + ": no success answer with a documented body");
                }
            }
        }
        references(document, "", schemas, problems);
        return problems;
    }

    private static void contents(String where, JsonNode content, List<String> problems) {
        if (content.isEmpty()) {
            problems.add(where + ": a body with no media type");
        }
        for (Map.Entry<String, JsonNode> media : content.properties()) {
            JsonNode schema = media.getValue().path("schema");
            boolean described = schema.has("$ref") || schema.has("type") || schema.has("oneOf") || schema.has("anyOf") || schema.has("allOf");
            if (!described) {
                problems.add(where + " " + media.getKey() + ": no schema");
            }
        }
    }

    private static void references(JsonNode node, String at, JsonNode schemas, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                String name = ref.asText().replaceFirst("^#/components/schemas/", "");
                if (!schemas.has(name)) {
                    problems.add(at + ": $ref " + ref.asText() + " names no component");
                }
            }
            node.properties().forEach(field -> references(field.getValue(), at + "/" + field.getKey(), schemas, problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                references(node.get(i), at + "/" + i, schemas, problems);
            }
        }
    }
}
