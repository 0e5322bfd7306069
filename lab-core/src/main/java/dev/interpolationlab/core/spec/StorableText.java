package dev.interpolationlab.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interpolationlab.api.SpecError;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rejects text the store cannot hold, anywhere in a submitted tree (field names included): PostgreSQL's {@code text} and
 * {@code jsonb} refuse U+0000, and a lone UTF-16 surrogate cannot be encoded as UTF-8 without being replaced. Both are
 * caught here so that an accepted spec is always storable; a spec the store refused would be dead-lettered, not kept.
 */
final class StorableText {

    private StorableText() {
    }

    static void check(JsonNode node, String path, List<SpecError> errors) {
        if (node.isTextual()) {
            String problem = problem(node.textValue());
            if (problem != null) {
                errors.add(new SpecError(path.isEmpty() ? "$" : path, problem));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]", errors);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = Rules.ObjectRule.join(path, printable(field.getKey()));
                String problem = problem(field.getKey());
                if (problem != null) {
                    errors.add(new SpecError(name, "field name " + problem));
                }
                check(field.getValue(), name, errors);
            }
        }
    }

    private static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "contains a NUL character (U+0000) at position " + i + ", which the store cannot hold";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate (U+" + Integer.toHexString(c).toUpperCase() + ") at position " + i
                        + ", which is not valid Unicode text";
            }
        }
        return null;
    }

    /** A field name as it can be shown in an error: NUL spelled out. */
    private static String printable(String name) {
        return name.replace("\u0000", "\\u0000");
    }
}
