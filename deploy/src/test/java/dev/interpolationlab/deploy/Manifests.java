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

    /** Every manifest and patch, as written. */
    static List<Manifest> all() {
        return files().stream().flatMap(file -> read(file).stream()).toList();
    }

    private static List<Manifest> read(Path file) {
        return Repository.yamlDocuments(file).stream().map(document -> new Manifest(file, resource(document))).toList();
    }

    private static HasMetadata resource(Map<String, Object> document) {
        try {
            return Serialization.unmarshal(JSON.writeValueAsString(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What `kubectl apply -k overlays/NAME` applies: the overlay's kustomization built as kustomize builds it. */
    static List<Manifest> installedBy(String overlay) {
        return built(K8S.resolve("overlays").resolve(overlay));
    }

    /**
     * The resources of a kustomization (files, and directories built in turn), then its patches, each merged into
     * the resource of its kind and name (a mapping merged key by key, anything else replaced: a strategic merge
     * patch of scalar fields). A patch that matches no resource is an error, as in kustomize.
     */
    private static List<Manifest> built(Path dir) {
        Map<String, Object> kustomization = Repository.yamlDocuments(dir.resolve("kustomization.yaml")).get(0);
        List<Manifest> manifests = new ArrayList<>();
        for (Object entry : entries(kustomization, "resources")) {
            Path target = dir.resolve(entry.toString()).normalize();
            manifests.addAll(Files.isDirectory(target) ? built(target) : read(target));
        }
        for (Object entry : entries(kustomization, "patches")) {
            Path file = dir.resolve(Yaml.map(entry).get("path").toString());
            for (Map<String, Object> patch : Repository.yamlDocuments(file)) {
                int at = indexOf(manifests, resource(patch));
                if (at < 0) {
                    throw new AssertionError(Repository.root().relativize(file) + " patches a resource the kustomization lacks");
                }
                Manifest target = manifests.get(at);
                Map<String, Object> merged = merge(Yaml.map(JSON.convertValue(target.resource(), Map.class)), patch);
                manifests.set(at, new Manifest(target.file(), resource(merged)));
            }
        }
        return manifests;
    }

    static List<Object> entries(Map<String, Object> kustomization, String key) {
        Object entries = kustomization.get(key);
        return entries == null ? List.of() : Yaml.list(entries);
    }

    private static int indexOf(List<Manifest> manifests, HasMetadata patch) {
        for (int i = 0; i < manifests.size(); i++) {
            if (manifests.get(i).kind().equals(patch.getKind()) && manifests.get(i).name().equals(patch.getMetadata().getName())) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, Object> merge(Map<String, Object> into, Map<String, Object> patch) {
        patch.forEach((key, value) -> into.put(key, value instanceof Map<?, ?> && into.get(key) instanceof Map<?, ?>
                ? merge(Yaml.map(into.get(key)), Yaml.map(value)) : value));
        return into;
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
