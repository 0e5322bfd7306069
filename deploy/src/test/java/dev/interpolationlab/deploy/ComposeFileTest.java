package dev.interpolationlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is consistent: every service has an image or a build whose Dockerfile exists, the lab services'
 * addresses point at services and ports that exist, the ports they publish are the ones they serve on, every
 * variable they are given is one they read, every dependency exists and is waited for by health, and no credential
 * is written into the file. (`docker-compose config` in .ci/run checks the syntax against Compose itself.)
 */
class ComposeFileTest {

    private static final Pattern HOST_PORT = Pattern.compile("^([a-z][a-z0-9-]*):(\\d+)$");

    private final Map<String, Object> compose = Repository.yamlDocuments(Repository.root().resolve("docker-compose.yml")).get(0);
    private final Map<String, Map<String, Object>> services = Yaml.map(compose.get("services"));

    @Test
    void theStackHasKafkaPostgresTheServicesAndTwoTrainers() {
        assertEquals(Set.of("kafka", "postgres", "analysis-service", "gateway", "trainer"), services.keySet());
        assertTrue(((String) services.get("kafka").get("image")).startsWith("apache/kafka:"));
        assertTrue(((String) services.get("postgres").get("image")).startsWith("postgres:"));
        int replicas = (Integer) Yaml.map(services.get("trainer").get("deploy")).get("replicas");
        assertTrue(replicas >= 2, "trainer replicas: " + replicas);
    }

    @Test
    void everyLabServiceIsBuiltFromItsDockerfileAndNamedForIt() {
        for (String name : List.of("analysis-service", "gateway", "trainer")) {
            String module = module(name);
            Map<String, Object> build = Yaml.map(services.get(name).get("build"));
            Path context = Repository.root().resolve((String) build.get("context"));
            assertEquals(Repository.root().resolve(module), context, name + " build context");
            assertTrue(Files.exists(context.resolve((String) build.get("dockerfile"))), name + " Dockerfile");
            assertTrue(((String) services.get(name).get("image")).startsWith("interpolation-lab/" + module + ":"), name + " image");
            String dockerfile = Repository.read(context.resolve((String) build.get("dockerfile")));
            assertTrue(dockerfile.contains("EXPOSE " + Repository.SERVICES.get(module)), name + " Dockerfile exposes its port");
        }
    }

    @Test
    void everyVariableALabServiceIsGivenIsOneItReads() {
        for (String name : List.of("analysis-service", "gateway", "trainer")) {
            Set<String> read = Repository.variablesReadBy(module(name));
            for (String variable : environment(name).keySet()) {
                assertTrue(read.contains(variable), name + " is given " + variable + ", which it does not read; it reads " + read);
            }
            assertEquals(Integer.toString(Repository.SERVICES.get(module(name))), environment(name).get("QUARKUS_HTTP_PORT"), name + " port");
        }
    }

    @Test
    void addressesPointAtServicesAndPortsThatExist() {
        String kafka = (String) environment("kafka").get("KAFKA_ADVERTISED_LISTENERS");
        for (String name : List.of("analysis-service", "gateway", "trainer")) {
            String bootstrap = (String) environment(name).get("KAFKA_BOOTSTRAP_SERVERS");
            Matcher hostPort = HOST_PORT.matcher(bootstrap);
            assertTrue(hostPort.matches(), bootstrap);
            assertTrue(services.containsKey(hostPort.group(1)), name + " bootstrap host " + hostPort.group(1));
            assertTrue(kafka.contains("//" + bootstrap), name + " bootstrap " + bootstrap + " is not an advertised listener: " + kafka);
            assertTrue(dependsOn(name).containsKey("kafka"), name + " waits for kafka");
        }
        URI database = URI.create(((String) environment("analysis-service").get("LAB_DB_URL")).substring("jdbc:".length()));
        assertEquals("postgres", database.getHost());
        assertEquals(5432, database.getPort());
        assertEquals("/" + environment("postgres").get("POSTGRES_DB"), database.getPath());
        assertEquals(environment("postgres").get("POSTGRES_USER"), environment("analysis-service").get("LAB_DB_USER"));
        assertEquals(environment("postgres").get("POSTGRES_PASSWORD"), environment("analysis-service").get("LAB_DB_PASSWORD"));
        URI analysis = URI.create((String) environment("gateway").get("ANALYSIS_URL"));
        assertEquals("analysis-service", analysis.getHost());
        assertEquals(environment("analysis-service").get("QUARKUS_HTTP_PORT"), Integer.toString(analysis.getPort()));
    }

    @Test
    void publishedPortsAreTheOnesServedAndNoTwoCollide() {
        List<String> hostPorts = new ArrayList<>();
        for (var service : services.entrySet()) {
            Object ports = service.getValue().get("ports");
            if (ports == null) {
                continue;
            }
            for (Object port : (List<?>) ports) {
                // [host address:]host port:container port
                String[] parts = port.toString().split(":");
                String hostPort = parts[parts.length - 2];
                hostPorts.add(hostPort);
                Object served = environment(service.getKey()).get("QUARKUS_HTTP_PORT");
                if (served != null) {
                    assertEquals(served, parts[parts.length - 1], service.getKey() + " publishes " + port);
                }
                if (!service.getKey().equals("gateway")) {
                    // the analysis service, PostgreSQL and Kafka ask for no credentials: this machine only
                    assertEquals(3, parts.length, service.getKey() + " publishes " + port + " on every interface");
                    assertEquals("127.0.0.1", parts[0], service.getKey() + " publishes " + port + " beyond this machine");
                }
            }
        }
        assertEquals(hostPorts.size(), Set.copyOf(hostPorts).size(), "host ports " + hostPorts);
        assertEquals(null, services.get("trainer").get("ports"), "replicas cannot share a published port");
        assertTrue(hostPorts.containsAll(List.of("8080", "8081", "9092", "5432")), "product.md's default ports: " + hostPorts);
    }

    @Test
    void everyDependencyExistsAndIsWaitedForByItsHealthCheck() {
        for (var service : services.entrySet()) {
            assertNotNull(service.getValue().get("healthcheck"), service.getKey() + " has no health check");
            for (var dependency : dependsOn(service.getKey()).entrySet()) {
                assertTrue(services.containsKey(dependency.getKey()), service.getKey() + " depends on a missing " + dependency.getKey());
                assertEquals("service_healthy", Yaml.map(dependency.getValue()).get("condition"), service.getKey() + " → " + dependency.getKey());
            }
        }
        Map<String, Object> volumes = Yaml.map(compose.get("volumes"));
        for (var service : services.entrySet()) {
            Object mounts = service.getValue().get("volumes");
            for (Object mount : mounts == null ? List.of() : (List<?>) mounts) {
                assertTrue(volumes.containsKey(mount.toString().split(":")[0]), service.getKey() + " mounts an undeclared " + mount);
            }
        }
    }

    @Test
    void credentialsComeFromTheEnvironmentAndAreRequired() {
        for (var service : services.entrySet()) {
            environment(service.getKey()).forEach((name, value) -> {
                if (name.contains("PASSWORD") || name.contains("TOKEN") && !name.endsWith("REQUIRED")) {
                    assertTrue(value.toString().matches("\\$\\{[A-Z_]+:\\?[^}]+}"), service.getKey() + " " + name + " must be ${VAR:?...}, not " + value);
                }
            });
        }
        for (String service : List.of("gateway", "analysis-service")) { // the analysis service asks for the gateway's token
            assertEquals("true", environment(service).get("LAB_API_TOKEN_REQUIRED"), service);
            assertEquals(environment("gateway").get("LAB_API_TOKEN"), environment(service).get("LAB_API_TOKEN"), service);
        }
        String example = Repository.read(Repository.root().resolve(".env.example"));
        assertTrue(example.contains("LAB_API_TOKEN=\n") && example.contains("LAB_DB_PASSWORD=\n"), ".env.example names both, without values");
        assertFalse(Repository.read(Repository.root().resolve(".gitignore")).lines().noneMatch(".env"::equals), ".env is ignored by git");
    }

    private Map<String, Object> environment(String service) {
        return Yaml.map(services.get(service).get("environment"));
    }

    private Map<String, Object> dependsOn(String service) {
        Object dependencies = services.get(service).get("depends_on");
        return dependencies == null ? Map.of() : Yaml.map(dependencies);
    }

    private static String module(String composeService) {
        return composeService.equals("trainer") ? "trainer-service" : composeService;
    }
}
