package dev.interpolationlab.deploy;

import java.util.List;
import java.util.Map;

/** Typed views of parsed YAML. */
final class Yaml {

    private Yaml() {
    }

    @SuppressWarnings("unchecked")
    static <V> Map<String, V> map(Object node) {
        if (!(node instanceof Map<?, ?>)) {
            throw new AssertionError("expected a mapping, got " + node);
        }
        return (Map<String, V>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        if (!(node instanceof List<?>)) {
            throw new AssertionError("expected a list, got " + node);
        }
        return (List<Object>) node;
    }

    /** The node at a dotted path of mapping keys, or null. */
    static Object at(Object node, String path) {
        Object here = node;
        for (String key : path.split("\\.")) {
            if (!(here instanceof Map<?, ?> map)) {
                return null;
            }
            here = map.get(key);
        }
        return here;
    }
}
