package dev.interpolationlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.deploy.Manifests.Manifest;
import dev.interpolationlab.wire.TopicBootstrap;
import dev.interpolationlab.wire.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/k8s, checked the way a cluster would and more: every manifest fits fabric8's Kubernetes models (no unknown
 * or misplaced field), the kustomizations name exactly the files that exist, selectors select, ports and keys that
 * are referred to exist, every lab container has its probes and resources and reads every variable it is given, the
 * Strimzi topics are the ones the services create, and the autoscalers scale on the unfinished runs the analysis
 * service counts, up to the partition count.
 */
class KubernetesManifestsTest {

    private static final Set<String> BUILT_IN_API_VERSIONS = Set.of("v1", "apps/v1", "policy/v1", "autoscaling/v2", "networking.k8s.io/v1");
    private static final String TRAINERS = "trainer-service";
    /** Read from the Secrets Strimzi writes (a KafkaUser's, the cluster CA's), checked with Kafka's access; the rest from lab-secrets. */
    private static final Set<String> KAFKA_SECRETS = Set.of("KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_PASSWORD");

    private final List<Manifest> all = Manifests.all();
    private final List<Manifest> base = Manifests.installedBy("keda").stream()
            .filter(m -> m.file().startsWith(Manifests.K8S.resolve("base"))).toList();
    private final ConfigMap config = Manifests.named(Manifests.ofType(base, ConfigMap.class), "lab-config").orElseThrow();

    @Test
    void everyBuiltInManifestFitsItsKubernetesModel() {
        assertTrue(all.size() > 20, "manifests found: " + all.size());
        for (Manifest manifest : all) {
            if (BUILT_IN_API_VERSIONS.contains(manifest.resource().getApiVersion())) {
                assertFalse(manifest.resource() instanceof GenericKubernetesResource, manifest + " was not read into its typed model");
                assertEquals(List.of(), Manifests.unknownFields(manifest.resource()), manifest + " has fields its model does not know");
            } else {
                assertTrue(Set.of("kafka.strimzi.io/v1beta2", "keda.sh/v1alpha1", "monitoring.coreos.com/v1").contains(manifest.resource().getApiVersion()),
                        manifest + " has an unexpected API " + manifest.resource().getApiVersion());
            }
            assertNotNull(manifest.name(), manifest + " has no name");
        }
    }

    @Test
    void theUnknownFieldCheckFindsAMisplacedField() throws IOException {
        // the check above is only worth something if it can fail: a probe written one level too high
        Deployment deployment = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": {\"name\": \"x\"},"
                        + " \"spec\": {\"template\": {\"spec\": {\"readinessProbe\": {}, \"containers\": [{\"name\": \"x\", \"imagePullPolicyy\": \"Always\"}]}}}}",
                Deployment.class);
        assertEquals(Set.of("Deployment.spec.template.spec.readinessProbe", "Deployment.spec.template.spec.containers[0].imagePullPolicyy"),
                Set.copyOf(Manifests.unknownFields(deployment)));
    }

    @Test
    void kustomizationsNameExactlyTheFilesThatExist() throws IOException {
        Set<Path> listed = new HashSet<>();
        try (Stream<Path> walk = Files.walk(Manifests.K8S)) {
            for (Path kustomization : walk.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList()) {
                Path dir = kustomization.getParent();
                Map<String, Object> doc = Repository.yamlDocuments(kustomization).get(0);
                for (String key : List.of("resources", "components", "patches")) {
                    for (Object entry : Manifests.entries(doc, key)) {
                        String named = key.equals("patches") ? Yaml.map(entry).get("path").toString() : entry.toString();
                        Path target = dir.resolve(named).normalize();
                        assertTrue(Files.isRegularFile(target) || Files.isRegularFile(target.resolve("kustomization.yaml")),
                                kustomization + " names a missing " + entry);
                        listed.add(target);
                    }
                }
                for (String generator : List.of("configMapGenerator", "secretGenerator")) {
                    Object generators = doc.get(generator);
                    for (Object each : generators == null ? List.of() : Yaml.list(generators)) {
                        Object files = Yaml.map(each).get("files");
                        for (Object file : files == null ? List.of() : Yaml.list(files)) {
                            assertTrue(Files.isRegularFile(dir.resolve(file.toString())), kustomization + " generates from a missing " + file);
                        }
                        Object envs = Yaml.map(each).get("envs");
                        for (Object env : envs == null ? List.of() : Yaml.list(envs)) {
                            // the real file is written by whoever installs; its committed example must exist
                            assertTrue(Files.isRegularFile(dir.resolve(env + ".example")), kustomization + " has no " + env + ".example");
                        }
                    }
                }
            }
        }
        for (Path file : Manifests.files()) {
            if (!file.toString().endsWith(".example")) {
                assertTrue(listed.contains(file), Manifests.K8S.relativize(file) + " is in no kustomization");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"keda", "hpa", "share-group"})
    void everyServiceSelectsAWorkloadOnAPortItOpens(String overlay) {
        List<Manifest> installed = Manifests.installedBy(overlay);
        List<PodTemplateSpec> templates = templates(installed);
        for (Service service : Manifests.ofType(installed, Service.class)) {
            List<PodTemplateSpec> selected = templates.stream()
                    .filter(t -> t.getMetadata().getLabels().entrySet().containsAll(service.getSpec().getSelector().entrySet())).toList();
            assertEquals(1, selected.size(), "Service " + service.getMetadata().getName() + " selects " + selected.size() + " workloads");
            for (ServicePort port : service.getSpec().getPorts()) {
                assertTrue(opens(selected.get(0), port.getTargetPort()), "Service " + service.getMetadata().getName() + " targets " + port.getTargetPort());
            }
        }
        for (PodDisruptionBudget budget : Manifests.ofType(installed, PodDisruptionBudget.class)) {
            assertEquals(1, templates.stream().filter(t -> t.getMetadata().getLabels().entrySet()
                    .containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet())).count(), "PDB " + budget.getMetadata().getName());
        }
        for (Deployment deployment : Manifests.ofType(installed, Deployment.class)) {
            assertTrue(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                    .containsAll(deployment.getSpec().getSelector().getMatchLabels().entrySet()), deployment.getMetadata().getName());
        }
        for (GenericKubernetesResource monitor : Manifests.custom(installed, "ServiceMonitor")) {
            Set<String> selected = new TreeSet<>();
            for (Object expression : Yaml.list(Manifests.field(monitor, "spec.selector.matchExpressions"))) {
                selected.addAll(Yaml.list(Yaml.map(expression).get("values")).stream().map(Object::toString).toList());
            }
            for (Service service : Manifests.ofType(installed, Service.class)) {
                if (selected.contains(service.getMetadata().getLabels().get("app.kubernetes.io/name"))) {
                    for (Object endpoint : Yaml.list(Manifests.field(monitor, "spec.endpoints"))) {
                        Object portName = Yaml.map(endpoint).get("port");
                        assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> portName.equals(p.getName())),
                                "ServiceMonitor scrapes port " + portName + " that Service " + service.getMetadata().getName() + " lacks");
                    }
                }
            }
            assertEquals(Repository.SERVICES.keySet(), selected, "ServiceMonitor selects the lab services");
        }
    }

    @Test
    void everyLabContainerReadsWhatItIsGivenFromKeysThatExist() {
        Set<String> secretKeys = secretKeys();
        for (PodTemplateSpec template : templates(base)) {
            for (Container container : template.getSpec().getContainers()) {
                String module = module(container);
                for (EnvVar variable : container.getEnv()) {
                    if (module != null) {
                        assertTrue(Repository.variablesReadBy(module).contains(variable.getName()),
                                container.getName() + " is given " + variable.getName() + ", which it does not read");
                    }
                    if (variable.getValueFrom() == null) {
                        continue;
                    }
                    if (variable.getValueFrom().getConfigMapKeyRef() != null) {
                        assertEquals("lab-config", variable.getValueFrom().getConfigMapKeyRef().getName());
                        assertTrue(config.getData().containsKey(variable.getValueFrom().getConfigMapKeyRef().getKey()),
                                container.getName() + " reads a missing lab-config key " + variable.getValueFrom().getConfigMapKeyRef().getKey());
                    }
                    if (variable.getValueFrom().getSecretKeyRef() != null && !KAFKA_SECRETS.contains(variable.getName())) {
                        assertEquals("lab-secrets", variable.getValueFrom().getSecretKeyRef().getName());
                        assertTrue(secretKeys.contains(variable.getValueFrom().getSecretKeyRef().getKey()),
                                container.getName() + " reads a lab-secrets key that secrets.env.example lacks: " + variable.getValueFrom().getSecretKeyRef().getKey());
                    }
                }
            }
        }
        for (String key : config.getData().keySet()) {
            assertTrue(Repository.SERVICES.keySet().stream().anyMatch(service -> Repository.variablesReadBy(service).contains(key)),
                    "lab-config holds " + key + ", which no service reads");
        }
    }

    @Test
    void everyLabServiceHasItsProbesAndResourcesAndEveryContainerIsHardened() {
        Set<String> modules = new TreeSet<>();
        for (PodTemplateSpec template : templates(base)) {
            for (Container container : template.getSpec().getContainers()) {
                assertNotNull(container.getResources().getRequests(), container.getName() + " requests");
                assertNotNull(container.getResources().getLimits().get("memory"), container.getName() + " memory limit");
                assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem(), container.getName());
                assertEquals(Boolean.FALSE, container.getSecurityContext().getAllowPrivilegeEscalation(), container.getName());
                assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop(), container.getName());
                assertEquals(Boolean.TRUE, template.getSpec().getSecurityContext().getRunAsNonRoot(), container.getName());
                assertEquals("RuntimeDefault", template.getSpec().getSecurityContext().getSeccompProfile().getType(), container.getName());
                assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")),
                        container.getName() + " has a writable /tmp");
                String module = module(container);
                if (module == null) {
                    continue;
                }
                modules.add(module);
                int port = Repository.SERVICES.get(module);
                assertEquals(List.of(port), container.getPorts().stream().map(ContainerPort::getContainerPort).toList(), container.getName());
                assertEquals(Integer.toString(port), value(container, "QUARKUS_HTTP_PORT"), container.getName() + " QUARKUS_HTTP_PORT");
                assertProbe(template, container.getStartupProbe(), "/q/health/started", container.getName());
                assertProbe(template, container.getReadinessProbe(), "/q/health/ready", container.getName());
                assertProbe(template, container.getLivenessProbe(), "/q/health/live", container.getName());
                assertTrue(template.getSpec().getTerminationGracePeriodSeconds() > 30, container.getName() + " outlives Quarkus' 30 s shutdown");
                assertTrue(template.getMetadata().getAnnotations().get("prometheus.io/path").equals("/q/metrics"), container.getName());
            }
        }
        assertEquals(Repository.SERVICES.keySet(), modules);
        for (GenericKubernetesResource pool : Manifests.custom(base, "KafkaNodePool")) {
            String name = "KafkaNodePool " + pool.getMetadata().getName();
            assertEquals(Boolean.TRUE, Manifests.field(pool, "spec.template.pod.securityContext.runAsNonRoot"), name);
            assertEquals(Boolean.TRUE, Manifests.field(pool, "spec.template.kafkaContainer.securityContext.readOnlyRootFilesystem"), name);
            assertEquals(Boolean.FALSE,
                    Manifests.field(pool, "spec.template.kafkaContainer.securityContext.allowPrivilegeEscalation"), name);
        }
        Set<String> budgeted = Manifests.ofType(base, PodDisruptionBudget.class).stream().map(b -> b.getMetadata().getName()).collect(Collectors.toSet());
        assertEquals(Repository.SERVICES.keySet(), budgeted, "every lab service has a PodDisruptionBudget");
    }

    @Test
    void theTopicsAreTheOnesTheServicesCreate() {
        int partitions = Integer.parseInt(config.getData().get("LAB_KAFKA_PARTITIONS"));
        assertEquals(partitions, Integer.parseInt(config.getData().get("LAB_KAFKA_RUN_REQUEST_PARTITIONS")), "consumer-group dispatch");
        Map<String, GenericKubernetesResource> topics = new HashMap<>();
        for (GenericKubernetesResource topic : Manifests.custom(base, "KafkaTopic")) {
            topics.put(topic.getMetadata().getName(), topic);
            assertEquals(kafka().getMetadata().getName(), topic.getMetadata().getLabels().get("strimzi.io/cluster"), topic.getMetadata().getName());
            assertEquals(Integer.parseInt(config.getData().get("LAB_KAFKA_REPLICATION_FACTOR")), Manifests.field(topic, "spec.replicas"));
        }
        Set<String> expected = new TreeSet<>(Topics.ALL);
        Topics.ALL.forEach(topic -> expected.add(Topics.deadLetter(topic)));
        assertEquals(expected, new TreeSet<>(topics.keySet()));
        for (String name : Topics.ALL) {
            GenericKubernetesResource topic = topics.get(name);
            assertEquals(partitions, Manifests.field(topic, "spec.partitions"), name + " partitions");
            Map<String, String> settings = new HashMap<>();
            Object config = Manifests.field(topic, "spec.config");
            Manifests.keysOf(config == null ? null : Yaml.map(config)).forEach(key -> settings.put(key, Yaml.map(config).get(key).toString()));
            assertEquals(TopicBootstrap.settings(name), settings, name + " settings");
            assertEquals(1, Manifests.field(topics.get(Topics.deadLetter(name)), "spec.partitions"), Topics.deadLetter(name));
        }
        // what the services give the topics they create (TopicBootstrap), the cluster's default for those Strimzi creates
        short replicas = Short.parseShort(config.getData().get("LAB_KAFKA_REPLICATION_FACTOR"));
        String minInSync = Integer.toString(TopicBootstrap.minInSyncReplicas(replicas));
        Map<String, Object> brokerConfig = Yaml.map(Manifests.field(kafka(), "spec.kafka.config"));
        for (String key : List.of("min.insync.replicas", "transaction.state.log.min.isr", "share.coordinator.state.topic.min.isr")) {
            assertEquals(minInSync, String.valueOf(brokerConfig.get(key)), key);
        }
        Object brokerLimit = Yaml.map(Manifests.field(kafka(), "spec.kafka.config")).get("message.max.bytes");
        assertEquals(TopicBootstrap.settings(Topics.RUNS_CHECKPOINTS).get("max.message.bytes"), String.valueOf(brokerLimit), "broker record limit");
    }

    /**
     * No client reaches Kafka unauthenticated: its one listener asks for TLS and SCRAM, the cluster enforces ACLs, and
     * each lab container signs in as its own KafkaUser (from the Secret Strimzi writes for that user) and trusts the
     * cluster CA mounted from Strimzi's Secret.
     */
    @Test
    void theServicesReachKafkaOverTlsSignedInAsTheirOwnUser() {
        String[] bootstrap = config.getData().get("KAFKA_BOOTSTRAP_SERVERS").split(":");
        assertEquals(kafka().getMetadata().getName() + "-kafka-bootstrap", bootstrap[0], "Strimzi's bootstrap Service");
        List<Map<String, Object>> listeners = Yaml.list(Manifests.field(kafka(), "spec.kafka.listeners")).stream().map(Yaml::<Object>map).toList();
        for (Map<String, Object> listener : listeners) {
            assertEquals(Boolean.TRUE, listener.get("tls"), "listener " + listener.get("name") + " without TLS");
            assertEquals("scram-sha-512", Yaml.map(listener.get("authentication")).get("type"), "listener " + listener.get("name"));
        }
        assertTrue(listeners.stream().anyMatch(listener -> listener.get("port").toString().equals(bootstrap[1])), "no listener on " + bootstrap[1]);
        assertEquals("simple", Manifests.field(kafka(), "spec.kafka.authorization.type"), "ACLs enforced");
        assertEquals("SASL_SSL", config.getData().get("KAFKA_SECURITY_PROTOCOL"));
        assertEquals("SCRAM-SHA-512", config.getData().get("KAFKA_SASL_MECHANISM"));
        assertEquals("PKCS12", config.getData().get("KAFKA_SSL_TRUSTSTORE_TYPE"));
        String clusterCa = kafka().getMetadata().getName() + "-cluster-ca-cert";
        Path truststore = Path.of(config.getData().get("KAFKA_SSL_TRUSTSTORE_LOCATION"));
        Map<String, GenericKubernetesResource> users = Manifests.custom(base, "KafkaUser").stream()
                .collect(Collectors.toMap(u -> u.getMetadata().getName(), u -> u));
        Set<String> signedIn = new TreeSet<>();
        for (PodTemplateSpec template : templates(base)) {
            for (Container container : template.getSpec().getContainers()) {
                String module = module(container);
                if (module == null || !Repository.variablesReadBy(module).contains("KAFKA_BOOTSTRAP_SERVERS")) {
                    continue;
                }
                for (String variable : List.of("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
                        "KAFKA_SSL_TRUSTSTORE_LOCATION", "KAFKA_SSL_TRUSTSTORE_TYPE")) {
                    assertEquals(variable, configKeyOf(container, variable), container.getName() + " reads " + variable + " from lab-config");
                }
                var jaas = secretRef(container, "KAFKA_SASL_JAAS_CONFIG");
                assertEquals("lab-" + module, jaas.getName(), container.getName() + " signs in as its own user");
                assertEquals("sasl.jaas.config", jaas.getKey());
                GenericKubernetesResource user = users.get(jaas.getName());
                assertNotNull(user, "no KafkaUser " + jaas.getName());
                assertEquals(kafka().getMetadata().getName(), user.getMetadata().getLabels().get("strimzi.io/cluster"), jaas.getName());
                assertEquals("scram-sha-512", Manifests.field(user, "spec.authentication.type"), jaas.getName());
                var password = secretRef(container, "KAFKA_SSL_TRUSTSTORE_PASSWORD");
                assertEquals(clusterCa + "/ca.password", password.getName() + "/" + password.getKey());
                var mount = container.getVolumeMounts().stream().filter(m -> truststore.startsWith(m.getMountPath())).findFirst()
                        .orElseThrow(() -> new AssertionError(container.getName() + " mounts nothing at " + truststore));
                var volume = template.getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
                assertEquals(clusterCa, volume.getSecret().getSecretName(), container.getName() + " trusts the cluster CA");
                assertTrue(volume.getSecret().getItems().stream().anyMatch(item -> item.getKey().equals("ca.p12")
                        && Path.of(mount.getMountPath()).resolve(item.getPath()).equals(truststore)), container.getName() + " truststore file");
                signedIn.add(jaas.getName());
            }
        }
        assertEquals(users.keySet(), signedIn, "every KafkaUser is a lab service's, and every service has one");
        for (GenericKubernetesResource pool : Manifests.custom(base, "KafkaNodePool")) {
            assertEquals(kafka().getMetadata().getName(), pool.getMetadata().getLabels().get("strimzi.io/cluster"));
            assertTrue(Yaml.list(Manifests.field(pool, "spec.roles")).containsAll(List.of("controller", "broker")), "KRaft dual roles");
        }
        assertEquals("enabled", kafka().getMetadata().getAnnotations().get("strimzi.io/kraft"));
    }

    /**
     * Least privilege: each service's KafkaUser may do exactly what its clients do (KafkaPermissions derives that from
     * its channels and the clients it makes in code), so that a new channel without its ACL, or an ACL no client
     * needs, fails here rather than in a cluster.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gateway", "analysis-service", "trainer-service"})
    void eachServicesKafkaUserMayDoWhatItsClientsDoAndNothingMore(String service) {
        GenericKubernetesResource user = Manifests.named(Manifests.custom(base, "KafkaUser"), "lab-" + service).orElseThrow();
        assertEquals("simple", Manifests.field(user, "spec.authorization.type"));
        Set<String> granted = KafkaPermissions.granted(Yaml.list(Manifests.field(user, "spec.authorization.acls")));
        Set<String> needed = KafkaPermissions.neededBy(service);
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(granted);
        Set<String> extra = new TreeSet<>(granted);
        extra.removeAll(needed);
        assertEquals(Set.of(), missing, "lab-" + service + " lacks");
        assertEquals(Set.of(), extra, "lab-" + service + " may do more than it does");
        assertTrue(granted.stream().noneMatch(acl -> acl.endsWith(":Create") || acl.endsWith(":All") || acl.endsWith(":Delete")),
                "no service creates or deletes: " + granted);
    }

    @Test
    void thePermissionsAreDerivedFromTheChannels() {
        // the derivation is what the test above trusts: it must see channels, groups per instance and dead letters
        Set<String> trainer = KafkaPermissions.neededBy("trainer-service");
        assertTrue(trainer.contains("topic:literal:" + Topics.RUNS_CHECKPOINTS + ":Write"), trainer.toString());
        assertTrue(trainer.contains("group:prefix:lab-trainer-checkpoints-:Read"), trainer.toString());
        assertTrue(trainer.contains("topic:literal:" + Topics.deadLetter(Topics.RUNS_REQUESTED) + ":Write"), trainer.toString());
        Set<String> analysis = KafkaPermissions.neededBy("analysis-service");
        assertTrue(analysis.contains("group:literal:lab-analysis:Read"), analysis.toString());
        assertFalse(analysis.contains("topic:literal:" + Topics.RUNS_METRICS + ":Write"), "the store only reads metrics");
        assertEquals("gateway-live-x-metrics", KafkaPermissions.resolve("${lab.live.group}-metrics",
                Map.of("lab.live.group", "gateway-live-${ID:x}")));
    }

    /**
     * What asks no credentials is reachable by its callers only: the workloads given its address (derived from the
     * manifests, not listed here), and Prometheus for the lab services' metrics. The gateway alone is open to all.
     */
    @Test
    void onlyTheirCallersReachTheAnalysisServicePostgresTrainersAndKafka() {
        List<PodTemplateSpec> templates = templates(base);
        Map<String, NetworkPolicy> policies = Manifests.ofType(base, NetworkPolicy.class).stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));
        assertEquals(Set.of("analysis-service", "postgres", "trainer-service"), policies.keySet());
        Map<String, Set<String>> callers = Map.of("analysis-service", callers(templates, "ANALYSIS_URL"),
                "postgres", callers(templates, "LAB_DB_URL"), "trainer-service", Set.of());
        assertEquals(Set.of("gateway"), callers.get("analysis-service"));
        assertEquals(Set.of("analysis-service"), callers.get("postgres"));
        // the second wall: the analysis service asks for the token its one caller sends, from the same secret key
        assertEquals(secretKeyOf(templates, "gateway", "LAB_API_TOKEN"), secretKeyOf(templates, "analysis-service", "LAB_API_TOKEN"));
        assertEquals("true", config.getData().get("LAB_API_TOKEN_REQUIRED"), "without a token the analysis service refuses to start");
        for (var policy : policies.values()) {
            String target = policy.getMetadata().getName();
            PodTemplateSpec selected = templates.stream().filter(t -> t.getMetadata().getLabels().entrySet()
                    .containsAll(policy.getSpec().getPodSelector().getMatchLabels().entrySet())).findFirst().orElseThrow();
            assertEquals(target, selected.getMetadata().getLabels().get("app.kubernetes.io/name"),
                    "policy " + target + " selects its pods");
            assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes(), target);
            assertEquals(1, policy.getSpec().getIngress().size(), target);
            var rule = policy.getSpec().getIngress().get(0);
            for (var port : rule.getPorts()) {
                assertTrue(opens(selected, port.getPort()),
                        "policy " + target + " lets in port " + port.getPort() + ", which it does not open");
            }
            Set<String> inNamespace = new TreeSet<>();
            for (var peer : rule.getFrom()) {
                String name = peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name");
                if (peer.getNamespaceSelector() == null) {
                    inNamespace.add(name);
                } else {
                    assertEquals("prometheus", name, "policy " + target + " lets in " + peer + " from other namespaces");
                }
            }
            assertEquals(callers.get(target), inNamespace, "who may reach " + target);
        }
        String bootstrapPort = config.getData().get("KAFKA_BOOTSTRAP_SERVERS").split(":")[1];
        Map<String, Object> listener = Yaml.list(Manifests.field(kafka(), "spec.kafka.listeners")).stream().map(Yaml::<Object>map)
                .filter(each -> each.get("port").toString().equals(bootstrapPort)).findFirst().orElseThrow();
        Set<String> kafkaPeers = new TreeSet<>();
        for (Object peer : Yaml.list(listener.get("networkPolicyPeers"))) {
            for (Object expression : Yaml.list(Yaml.map(Yaml.map(peer).get("podSelector")).get("matchExpressions"))) {
                assertEquals("app.kubernetes.io/name", Yaml.map(expression).get("key"));
                Yaml.list(Yaml.map(expression).get("values")).forEach(value -> kafkaPeers.add(value.toString()));
            }
        }
        assertEquals(callers(templates, "KAFKA_BOOTSTRAP_SERVERS"), kafkaPeers, "who may reach Kafka's listener");
    }

    /** The lab-secrets key that a workload's container reads a variable from. */
    private static String secretKeyOf(List<PodTemplateSpec> templates, String workload, String variable) {
        return templates.stream().filter(t -> workload.equals(t.getMetadata().getLabels().get("app.kubernetes.io/name")))
                .flatMap(t -> t.getSpec().getContainers().stream()).flatMap(c -> c.getEnv().stream())
                .filter(e -> e.getName().equals(variable) && e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .map(e -> e.getValueFrom().getSecretKeyRef().getKey()).findFirst()
                .orElseThrow(() -> new AssertionError(workload + " does not read " + variable + " from lab-secrets"));
    }

    /** The workloads (their app.kubernetes.io/name) whose containers are given the variable that addresses a service. */
    private static Set<String> callers(List<PodTemplateSpec> templates, String variable) {
        return templates.stream()
                .filter(t -> t.getSpec().getContainers().stream()
                        .anyMatch(c -> c.getEnv().stream().anyMatch(e -> e.getName().equals(variable))))
                .map(t -> t.getMetadata().getLabels().get("app.kubernetes.io/name")).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void kedaScalesTheTrainersOnTheUnfinishedRunsUpToThePartitionCount() {
        List<Manifest> installed = Manifests.installedBy("keda");
        GenericKubernetesResource scaled = Manifests.custom(installed, "ScaledObject").get(0);
        assertTrue(Manifests.named(Manifests.ofType(installed, Deployment.class), (String) Manifests.field(scaled, "spec.scaleTargetRef.name")).isPresent());
        assertEquals(TRAINERS, Manifests.field(scaled, "spec.scaleTargetRef.name"));
        Map<String, Object> trigger = Yaml.map(Yaml.list(Manifests.field(scaled, "spec.triggers")).get(0));
        assertEquals("prometheus", trigger.get("type"));
        Map<String, Object> metadata = Yaml.map(trigger.get("metadata"));
        assertEquals("sum(lab_runs_unfinished)", metadata.get("query"));
        assertEquals("1", metadata.get("threshold"), "one trainer per unfinished run");
        assertTrue(GrafanaDashboard.labSeries().contains("lab_runs_unfinished"),
                "the dashboard plots it, so the end-to-end test checks that the services export it");
        assertEquals(partitionsOfRunRequests(), Manifests.field(scaled, "spec.maxReplicaCount"),
                "max replicas = partitions (a consumer group, the default dispatch)");
        assertTrue((Integer) Manifests.field(scaled, "spec.minReplicaCount") >= 1);
    }

    /**
     * The share-group overlay: the keda install with trainers on the share group, lab.runs.requested on one partition
     * that every service creates it with, and more trainers than the other topics' partitions; nothing else changed.
     */
    @Test
    void theShareGroupOverlayMakesOneQueueForMoreTrainersThanPartitions() {
        List<Manifest> installed = Manifests.installedBy("share-group");
        List<Manifest> keda = Manifests.installedBy("keda");
        ConfigMap shared = Manifests.named(Manifests.ofType(installed, ConfigMap.class), "lab-config").orElseThrow();
        assertEquals("share-group", shared.getData().get("LAB_TRAINER_DISPATCH"));
        assertTrue(Repository.read(Repository.root().resolve("trainer-service/src/main/resources/application.properties"))
                .contains("lab.trainer.dispatch=${LAB_TRAINER_DISPATCH:"), "the trainers read LAB_TRAINER_DISPATCH");
        GenericKubernetesResource topic = Manifests.custom(installed, "KafkaTopic").stream()
                .filter(t -> t.getMetadata().getName().equals(Topics.RUNS_REQUESTED)).findFirst().orElseThrow();
        assertEquals(1, Manifests.field(topic, "spec.partitions"), "one queue");
        assertEquals("1", shared.getData().get("LAB_KAFKA_RUN_REQUEST_PARTITIONS"), "what the services create it with, if first");
        assertEquals(kafka().getMetadata().getName(), topic.getMetadata().getLabels().get("strimzi.io/cluster"),
                "the patch keeps the base's labels");
        int partitions = Integer.parseInt(shared.getData().get("LAB_KAFKA_PARTITIONS"));
        GenericKubernetesResource scaled = Manifests.custom(installed, "ScaledObject").get(0);
        assertTrue((Integer) Manifests.field(scaled, "spec.maxReplicaCount") > partitions, "trainers past the partition count");
        assertEquals(Manifests.field(Manifests.custom(keda, "ScaledObject").get(0), "spec.triggers"),
                Manifests.field(scaled, "spec.triggers"), "the same trigger as the keda overlay");
        Deployment trainers = Manifests.named(Manifests.ofType(installed, Deployment.class), TRAINERS).orElseThrow();
        assertTrue(trainers.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .anyMatch(e -> e.getName().equals("LAB_TRAINER_DISPATCH")
                        && e.getValueFrom().getConfigMapKeyRef().getName().equals("lab-config")));
        assertEquals(keda.size(), installed.size(), "the keda install, patched");
    }

    @Test
    void theHpaAlternativeScalesTheSameWay() {
        List<Manifest> installed = Manifests.installedBy("hpa");
        HorizontalPodAutoscaler hpa = Manifests.ofType(installed, HorizontalPodAutoscaler.class).get(0);
        assertEquals(TRAINERS, hpa.getSpec().getScaleTargetRef().getName());
        assertTrue(Manifests.named(Manifests.ofType(installed, Deployment.class), TRAINERS).isPresent());
        GenericKubernetesResource scaled = Manifests.custom(Manifests.installedBy("keda"), "ScaledObject").get(0);
        assertEquals(Manifests.field(scaled, "spec.maxReplicaCount"), hpa.getSpec().getMaxReplicas(), "the same maximum as KEDA");
        var external = hpa.getSpec().getMetrics().get(0).getExternal();
        assertEquals("lab_runs_unfinished", external.getMetric().getName());
        assertEquals("1", external.getTarget().getAverageValue().toString(), "one trainer per unfinished run");
        assertTrue(Manifests.custom(installed, "ScaledObject").isEmpty(), "one autoscaler per overlay");
    }

    @ParameterizedTest
    @ValueSource(strings = {"keda", "hpa"})
    void everyOverlayInstallsTheLabServicesImagesAndSecrets(String overlay) {
        Map<String, Object> kustomization = Repository.yamlDocuments(Manifests.K8S.resolve("overlays").resolve(overlay).resolve("kustomization.yaml")).get(0);
        Set<String> images = Yaml.list(kustomization.get("images")).stream().map(i -> Yaml.map(i).get("name").toString()).collect(Collectors.toSet());
        Set<String> used = new TreeSet<>();
        templates(Manifests.installedBy(overlay)).forEach(t -> t.getSpec().getContainers().stream().filter(c -> module(c) != null)
                .forEach(c -> used.add(c.getImage().split(":")[0])));
        assertEquals(used, images, overlay + " sets the lab images");
        assertTrue(Yaml.list(kustomization.get("components")).contains("../../components/secrets"), overlay + " generates lab-secrets");
        assertEquals("interpolation-lab", kustomization.get("namespace"));
    }

    @Test
    void theGrafanaDashboardPlotsSomethingInEveryPanel() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Manifests.K8S.resolve("base/grafana/interpolation-lab.json").toFile());
        assertTrue(dashboard.path("panels").size() >= 8);
        List<String> empty = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            if (panel.path("targets").isEmpty() || panel.path("targets").findValuesAsText("expr").stream().anyMatch(String::isBlank)) {
                empty.add(panel.path("title").asText());
            }
        });
        assertEquals(List.of(), empty);
        assertTrue(GrafanaDashboard.labSeries().size() >= 6, "lab series plotted: " + GrafanaDashboard.labSeries());
    }

    private GenericKubernetesResource kafka() {
        return Manifests.custom(base, "Kafka").get(0);
    }

    private Object partitionsOfRunRequests() {
        GenericKubernetesResource topic = Manifests.custom(base, "KafkaTopic").stream()
                .filter(t -> t.getMetadata().getName().equals(Topics.RUNS_REQUESTED)).findFirst().orElseThrow();
        assertEquals(Integer.parseInt(config.getData().get("LAB_KAFKA_PARTITIONS")), Manifests.field(topic, "spec.partitions"));
        return Manifests.field(topic, "spec.partitions");
    }

    private static Set<String> secretKeys() {
        return Repository.read(Manifests.K8S.resolve("components/secrets/secrets.env.example")).lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.split("=")[0]).collect(Collectors.toSet());
    }

    private static List<PodTemplateSpec> templates(List<Manifest> manifests) {
        List<PodTemplateSpec> templates = new ArrayList<>();
        Manifests.ofType(manifests, Deployment.class).forEach(d -> templates.add(d.getSpec().getTemplate()));
        Manifests.ofType(manifests, StatefulSet.class).forEach(s -> templates.add(s.getSpec().getTemplate()));
        return templates;
    }

    /** The lab module a container runs, from its image, or null for a third-party container. */
    private static String module(Container container) {
        String image = container.getImage().split(":")[0];
        return image.startsWith("interpolation-lab/") ? image.substring("interpolation-lab/".length()) : null;
    }

    private static boolean opens(PodTemplateSpec template, IntOrString port) {
        return template.getSpec().getContainers().stream().flatMap(c -> c.getPorts().stream())
                .anyMatch(p -> port.getIntVal() != null ? port.getIntVal().equals(p.getContainerPort()) : port.getStrVal().equals(p.getName()));
    }

    private static void assertProbe(PodTemplateSpec template, Probe probe, String path, String container) {
        assertNotNull(probe, container + " lacks the probe on " + path);
        assertEquals(path, probe.getHttpGet().getPath(), container);
        assertTrue(opens(template, probe.getHttpGet().getPort()), container + " probes a port it does not open");
    }

    private static String configKeyOf(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name) && e.getValueFrom() != null
                        && e.getValueFrom().getConfigMapKeyRef() != null)
                .map(e -> e.getValueFrom().getConfigMapKeyRef().getKey()).findFirst().orElse(null);
    }

    private static io.fabric8.kubernetes.api.model.SecretKeySelector secretRef(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name) && e.getValueFrom() != null
                        && e.getValueFrom().getSecretKeyRef() != null)
                .map(e -> e.getValueFrom().getSecretKeyRef()).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " does not read " + name + " from a Secret"));
    }

    private static String value(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }
}
