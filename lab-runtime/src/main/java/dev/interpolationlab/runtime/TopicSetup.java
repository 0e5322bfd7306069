package dev.interpolationlab.runtime;

import dev.interpolationlab.wire.TopicBootstrap;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Creates the lab topics before the messaging channels start, so that partition counts are ours, not defaults. */
@ApplicationScoped
public class TopicSetup {

    void createTopics(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "lab.kafka.partitions") int partitions,
            @ConfigProperty(name = "lab.kafka.replication-factor") short replicationFactor) {
        TopicBootstrap.ensureTopics(bootstrapServers, partitions, replicationFactor);
    }
}
