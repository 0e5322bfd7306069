package dev.interpolationlab.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Counts the records a service sends to dead-letter topics ({@code lab_dead_letters_total{topic}}), so that poison
 * shows on a dashboard and not only in a log.
 */
@ApplicationScoped
public class DeadLetters {

    @Inject
    MeterRegistry registry;

    /** Registers the counters of the topics a service consumes, at zero, so that they are scraped before any poison. */
    public void register(String... topics) {
        for (String topic : topics) {
            counter(topic);
        }
    }

    /** One record of {@code topic} (the topic it was consumed from) sent to its dead-letter topic. */
    public void count(String topic) {
        counter(topic).increment();
    }

    private Counter counter(String topic) {
        return Counter.builder("lab.dead.letters").description("records sent to dead-letter topics, by the topic they came from")
                .tag("topic", topic).register(registry);
    }
}
