package dev.interpolationlab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** The repository the deployment files describe: where they are, and what the services read from their environment. */
final class Repository {

    /** The lab services: directory, and the port their image serves on. */
    static final Map<String, Integer> SERVICES = Map.of("gateway", 8080, "analysis-service", 8081, "trainer-service", 8082);

    /** Variables read by Quarkus itself or by native libraries rather than by application.properties. */
    private static final Set<String> READ_OUTSIDE_PROPERTIES = Set.of("QUARKUS_HTTP_PORT", "OMP_NUM_THREADS");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    private Repository() {
    }

    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.exists(here.resolve("docker-compose.yml"))) {
            here = here.getParent();
        }
        if (here == null) {
            throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
        }
        return here;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of a file, as maps and lists. */
    static List<Map<String, Object>> yamlDocuments(Path file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(read(file))) {
            if (document != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) document;
                documents.add(map);
            }
        }
        return documents;
    }

    /**
     * The environment variables a service reads: the ${NAME...} of its application.properties and of the shared
     * lab-runtime configuration (Kafka security), and Quarkus' own.
     */
    static Set<String> variablesReadBy(String service) {
        Set<String> names = new TreeSet<>(READ_OUTSIDE_PROPERTIES);
        for (Path properties : List.of(root().resolve(service).resolve("src/main/resources/application.properties"),
                root().resolve("lab-runtime/src/main/resources/META-INF/microprofile-config.properties"))) {
            Matcher matcher = VARIABLE.matcher(read(properties));
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /** A property of a service's application.properties, as written there. */
    static String property(String service, String name) {
        for (String line : read(root().resolve(service).resolve("src/main/resources/application.properties")).split("\n")) {
            if (line.startsWith(name + "=")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new IllegalStateException(service + " has no property " + name);
    }
}
