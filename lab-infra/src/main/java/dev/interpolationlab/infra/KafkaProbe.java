package dev.interpolationlab.infra;

import com.google.protobuf.Message;
import dev.interpolationlab.wire.ProtoSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A test's hands on the real broker: publish lab messages (or deliberately broken records) and read a topic back
 * from the beginning with a fresh consumer group, as an independent observer of what the services wrote.
 */
public final class KafkaProbe implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private final ProtoSerializer serializer = new ProtoSerializer();

    public KafkaProbe(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes a lab message with its type and schema-version headers, as the services do. */
    public void send(String topic, String key, Message value) {
        RecordHeaders headers = new RecordHeaders();
        byte[] bytes = serializer.serialize(topic, headers, value);
        publish(new ProducerRecord<>(topic, null, key, bytes, headers));
    }

    /** Publishes many lab messages under one key at the producer's pace (not one round trip each), then waits for all. */
    public void sendAll(String topic, String key, List<? extends Message> values) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>(values.size());
        for (Message value : values) {
            RecordHeaders headers = new RecordHeaders();
            sent.add(producer.send(new ProducerRecord<>(topic, null, key, serializer.serialize(topic, headers, value), headers)));
        }
        for (var each : sent) {
            try {
                each.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot publish to " + topic, e.getCause());
            }
        }
    }

    /** Publishes arbitrary bytes and headers, e.g. a poison record. */
    public void sendRaw(String topic, String key, byte[] value, Map<String, String> headers) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
        publish(new ProducerRecord<>(topic, null, key, value, recordHeaders));
    }

    private void publish(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + record.topic(), e.getCause());
        }
    }

    /**
     * Reads {@code topic} from the beginning until {@code done} holds for the records read so far, or the timeout
     * passes; returns what was read either way (the caller asserts).
     */
    public List<ConsumerRecord<String, byte[]>> readUntil(String topic, Predicate<List<ConsumerRecord<String, byte[]>>> done,
            Duration timeout) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", "probe-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        // what the services read: the gateway's submissions are transactions, and an aborted one is not there
        props.put("isolation.level", "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (done.test(records)) {
                    break;
                }
            }
        }
        return records;
    }

    /** Reads everything currently on {@code topic}: polls until a quiet period with nothing new. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic, Duration quiet) {
        long[] lastSize = {-1};
        long[] lastChange = {System.nanoTime()};
        return readUntil(topic, records -> {
            if (records.size() != lastSize[0]) {
                lastSize[0] = records.size();
                lastChange[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - lastChange[0] > quiet.toNanos();
        }, quiet.multipliedBy(20));
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
