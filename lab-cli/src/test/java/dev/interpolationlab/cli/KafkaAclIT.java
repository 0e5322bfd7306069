package dev.interpolationlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.interpolationlab.infra.EmbeddedKafka;
import dev.interpolationlab.infra.KafkaProbe;
import dev.interpolationlab.infra.SseProbe;
import dev.interpolationlab.wire.TopicBootstrap;
import dev.interpolationlab.wire.Topics;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lab on a Kafka that enforces the ACLs of its Kubernetes deployment ({@code deploy/k8s/base/kafka-users.yaml},
 * read from there): each service signs in with SCRAM-SHA-512 as its own KafkaUser and may do only what that user's
 * ACLs allow, as Strimzi would set them up. On either dispatch a sweep trains, checkpoints, streams live, is stored
 * step by step and is cancelled; a poison record reaches its dead-letter topic; no service log shows an
 * authorisation error; and one service's credentials cannot write what another service writes.
 */
class KafkaAclIT {

    private static final Path USERS = Path.of("deploy/k8s/base/kafka-users.yaml");
    private static final int EVERY = 100;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ParameterizedTest
    @EnumSource(TrainerGroup.class)
    void theLabRunsOnTheDeploymentsAclsAndNoServiceMayWriteAnothersRecords(TrainerGroup dispatch, @TempDir Path state) throws Exception {
        Path home = Path.of(System.getProperty("lab.home", "..")).toAbsolutePath().normalize();
        Map<String, String> passwords = new HashMap<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.startWithAcls(state.resolve("secured"))) {
            // what Strimzi's operators do: the topics, each user's credentials and ACLs
            boolean share = dispatch == TrainerGroup.SHARE_GROUP;
            TopicBootstrap.ensureTopics(Map.of("bootstrap.servers", kafka.bootstrapServers()), 8, share ? 1 : 8, (short) 1);
            try (Admin operator = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                List<AclBinding> acls = new ArrayList<>();
                for (JsonNode user : kafkaUsers(home.resolve(USERS))) {
                    String name = user.at("/metadata/name").asText();
                    passwords.put(name, UUID.randomUUID().toString());
                    operator.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), passwords.get(name))))
                            .all().get(30, TimeUnit.SECONDS);
                    user.at("/spec/authorization/acls").forEach(acl -> acls.addAll(bindings("User:" + name, acl)));
                }
                operator.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            }
            Map<String, Map<String, String>> credentials = new HashMap<>();
            for (String service : List.of("gateway", "analysis-service", "trainer-service")) {
                credentials.put(service, Map.of("KAFKA_SASL_JAAS_CONFIG", jaas("lab-" + service, passwords.get("lab-" + service))));
            }
            LabPaths paths = new LabPaths(home, state.resolve("lab"));
            Stack stack = new Stack(paths, new PrintStream(System.out, true), Map.of("LAB_TRAINER_DISPATCH", dispatch.dispatch,
                    "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM", EmbeddedKafka.SCRAM, "LAB_CHECKPOINT_EVERY", "1s"),
                    kafka.scramBootstrapServers(), credentials);
            try {
                RunningLab lab = new RunningLab(stack.up(1));
                runsASweepLiveAndCancelsAnother(lab);
                deadLettersAPoisonRecord(kafka, lab);
                assertEquals(List.of(), authorisationErrors(paths.logs()), "a service was refused what it does");
            } finally {
                stack.down();
            }
            String trainer = jaas("lab-trainer-service", passwords.get("lab-trainer-service"));
            String gateway = jaas("lab-gateway", passwords.get("lab-gateway"));
            assertRefused(kafka, trainer, Topics.SWEEPS, "a trainer forges a sweep");
            assertRefused(kafka, trainer, Topics.SWEEPS_CONTROL, "a trainer cancels a sweep");
            assertRefused(kafka, gateway, Topics.RUNS_METRICS, "the gateway forges a run's metrics");
            assertRefused(kafka, gateway, Topics.RUNS_CHECKPOINTS, "the gateway forges a checkpoint");
        }
    }

    /** The paths a user takes: a sweep trained and stored, every step once; a long one followed live and cancelled. */
    private static void runsASweepLiveAndCancelsAnother(RunningLab lab) throws Exception {
        int steps = 3000;
        String id = lab.submit("""
                {"name": "acl", "seed": 3, "repeats": 2, "model": {"kind": "two-layer", "width": 20},
                 "data": {"kind": "gaussian-teacher", "dim": 3, "samples": 40, "testSamples": 20},
                 "optimizer": {"kind": "gd", "lr": 0.05, "steps": %d}, "record": {"every": %d}}""".formatted(steps, EVERY));
        JsonNode sweep = lab.awaitStatus(id, "completed", Duration.ofMinutes(3));
        assertEquals(2, sweep.at("/runs/completed").asInt(), sweep.toString());
        for (JsonNode run : lab.runs(id)) {
            assertEquals(RunningLab.schedule(steps, EVERY), lab.storedSteps(run.path("id").asText()),
                    "every step of " + run.path("id") + " once");
        }
        String longOne = lab.submit("""
                {"name": "acl-cancel", "seed": 4, "repeats": 1, "model": {"kind": "two-layer", "width": 20},
                 "data": {"kind": "gaussian-teacher", "dim": 3, "samples": 40, "testSamples": 20},
                 "optimizer": {"kind": "gd", "lr": 0.05, "steps": 10000000}, "record": {"every": 1000}}""");
        try (SseProbe stream = SseProbe.connect(URI.create(lab.gateway() + "/api/sweeps/" + longOne + "/stream"))) {
            // the gateway's live groups read the trainers' metrics and run events
            stream.awaitEvent(e -> e.name().equals("epoch"), Duration.ofMinutes(2));
            // trained for seconds past a checkpoint (every second here): the checkpoint topic is written and read
            lab.awaitRun(longOne, run -> lab.storedSteps(run.path("id").asText()).size() > 20, Duration.ofMinutes(2));
            Thread.sleep(2000);
            HttpResponse<String> cancel = HTTP.send(HttpRequest.newBuilder(URI.create(lab.gateway() + "/api/sweeps/" + longOne + "/cancel"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, cancel.statusCode(), cancel.body());
            stream.awaitEvent(e -> e.name().equals("run") && e.data().contains("CANCELLED"), Duration.ofMinutes(1));
        }
        assertEquals(1, lab.awaitStatus(longOne, "cancelled", Duration.ofMinutes(1)).at("/runs/cancelled").asInt());
    }

    /** The analysis service writes what it cannot read to the dead-letter topic, and goes on. */
    private static void deadLettersAPoisonRecord(EmbeddedKafka kafka, RunningLab lab) {
        String key = "acl-poison-" + UUID.randomUUID();
        try (KafkaProbe operator = new KafkaProbe(kafka.bootstrapServers())) {
            operator.sendRaw(Topics.RUNS_METRICS, key, new byte[] {1, 2, 3},
                    Map.of("lab-type", "interpolationlab.v1.EpochMetrics", "lab-schema-version", "1"));
            var deadLetters = operator.readUntil(Topics.deadLetter(Topics.RUNS_METRICS),
                    records -> records.stream().anyMatch(r -> key.equals(r.key())), Duration.ofSeconds(60));
            assertTrue(deadLetters.stream().anyMatch(r -> key.equals(r.key())), "the poison record was not dead-lettered");
        }
    }

    private static void assertRefused(EmbeddedKafka kafka, String jaas, String topic, String what) {
        Map<String, Object> settings = Map.of("bootstrap.servers", kafka.scramBootstrapServers(), "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", EmbeddedKafka.SCRAM, "sasl.jaas.config", jaas, "max.block.ms", 20_000);
        try (var producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer())) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(topic, "forged", new byte[] {0})).get(30, TimeUnit.SECONDS), what);
            assertInstanceOf(TopicAuthorizationException.class, refused.getCause(), what);
        }
    }

    private static List<String> authorisationErrors(Path logs) throws Exception {
        try (Stream<Path> files = Files.list(logs)) {
            List<String> errors = new ArrayList<>();
            for (Path log : files.toList()) {
                new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8).lines()
                        .filter(line -> line.contains("AuthorizationException") || line.toLowerCase(Locale.ROOT).contains("not authorized"))
                        .limit(3).forEach(line -> errors.add(log.getFileName() + ": " + line));
            }
            return errors;
        }
    }

    private static List<JsonNode> kafkaUsers(Path file) throws Exception {
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
            List<JsonNode> users = documents.readAll().stream().filter(d -> d.path("kind").asText().equals("KafkaUser")).toList();
            assertEquals(3, users.size(), "a KafkaUser per service in " + file);
            return users;
        }
    }

    /** A Strimzi ACL ({@code resource}, {@code operations}) as the Kafka bindings Strimzi's user operator creates. */
    private static List<AclBinding> bindings(String principal, JsonNode acl) {
        JsonNode resource = acl.path("resource");
        ResourceType type = ResourceType.fromString(resource.path("type").asText().replaceAll("([a-z])([A-Z])", "$1_$2"));
        String name = type == ResourceType.CLUSTER ? "kafka-cluster" : resource.path("name").asText();
        PatternType pattern = resource.path("patternType").asText("literal").equals("prefix") ? PatternType.PREFIXED : PatternType.LITERAL;
        List<AclBinding> bindings = new ArrayList<>();
        for (JsonNode operation : acl.path("operations")) {
            AclOperation op = AclOperation.fromString(operation.asText().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
            assertTrue(op != AclOperation.UNKNOWN && type != ResourceType.UNKNOWN, "cannot read " + acl);
            bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
        }
        return bindings;
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }
}
