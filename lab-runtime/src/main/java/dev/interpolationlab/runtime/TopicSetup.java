package dev.interpolationlab.runtime;

import dev.interpolationlab.wire.TopicBootstrap;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Creates the lab topics before the messaging channels start, so that partition counts are ours, not defaults. */
@ApplicationScoped
public class TopicSetup {

    /** The Kafka client settings every channel uses (the kafka.* configuration: bootstrap servers, TLS, SASL). */
    void createTopics(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "lab.kafka.partitions") int partitions,
            @ConfigProperty(name = "lab.kafka.run-request-partitions") int runRequestPartitions,
            @ConfigProperty(name = "lab.kafka.replication-factor") short replicationFactor) {
        TopicBootstrap.ensureTopics(kafka, partitions, runRequestPartitions, replicationFactor);
    }
}
