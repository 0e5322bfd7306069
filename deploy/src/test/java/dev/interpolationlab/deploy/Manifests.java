package dev.interpolationlab.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Kubernetes manifests under deploy/k8s, read into fabric8's models: built-in kinds into their typed classes,
 * custom resources (Strimzi, KEDA, Prometheus Operator) into generic ones.
 */
final class Manifests {

    /** A manifest and the file it came from. */
    record Manifest(Path file, HasMetadata resource) {
        String kind() {
            return resource.getKind();
        }

        String name() {
            return resource.getMetadata().getName();
        }

        @Override
        public String toString() {
            return kind() + "/" + name() + " (" + Repository.root().relativize(file) + ")";
        }
    }

    static final Path K8S = Repository.root().resolve("deploy/k8s");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {
    }

    /** Every manifest file: the YAML files under deploy/k8s that are not kustomizations. */
    static List<Path> files() {
        try (Stream<Path> walk = Files.walk(K8S)) {
            return walk.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Manifest> all() {
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : files()) {
            for (Map<String, Object> document : Repository.yamlDocuments(file)) {
                try {
                    HasMetadata resource = Serialization.unmarshal(JSON.writeValueAsString(document));
                    manifests.add(new Manifest(file, resource));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return manifests;
    }

    /** The manifests of the base and of one overlay: what `kubectl apply -k overlays/NAME` applies. */
    static List<Manifest> installedBy(String overlay) {
        Path base = K8S.resolve("base");
        Path own = K8S.resolve("overlays").resolve(overlay);
        return all().stream().filter(m -> m.file().startsWith(base) || m.file().startsWith(own)).toList();
    }

    static <T extends HasMetadata> List<T> ofType(List<Manifest> manifests, Class<T> type) {
        return manifests.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast).toList();
    }

    static List<GenericKubernetesResource> custom(List<Manifest> manifests, String kind) {
        return manifests.stream().map(Manifest::resource).filter(r -> r instanceof GenericKubernetesResource && r.getKind().equals(kind))
                .map(GenericKubernetesResource.class::cast).toList();
    }

    static <T extends HasMetadata> Optional<T> named(List<T> resources, String name) {
        return resources.stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    /**
     * The paths of every field fabric8 could not place in its model: a typo, a field at the wrong level, or one
     * that does not exist in this API version. Empty for a manifest that fits the model.
     */
    static List<String> unknownFields(Object model) {
        List<String> unknown = new ArrayList<>();
        walk(model, model.getClass().getSimpleName(), unknown, new IdentityHashMap<>());
        return unknown;
    }

    private static void walk(Object node, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, true) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, path + "." + key, unknown, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
                continue;
            }
            walk(value, path + "." + decapitalise(getter.getName().substring(3)), unknown, seen);
        }
    }

    private static String decapitalise(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** The value at a dotted path of a custom resource's fields. */
    static Object field(GenericKubernetesResource resource, String path) {
        return Yaml.at(resource.getAdditionalProperties(), path);
    }

    static Set<String> keysOf(Map<String, ?> map) {
        return map == null ? Set.of() : map.keySet();
    }
}
