package dev.interpolationlab.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The infrastructure is real: a record round-trips through the broker and SQL runs on the database. */
class LabInfraTest {

    @Test
    void anEmbeddedBrokerRestartedOnItsDirectoryKeepsItsRecords(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
             var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                     new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("kept", "k", "before restart")).get();
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            assertEquals("before restart", firstValue(kafka.bootstrapServers(), "kept"));
        }
    }

    private static String firstValue(String bootstrapServers, String topic) {
        Properties consumerProps = new Properties();
        consumerProps.put("bootstrap.servers", bootstrapServers);
        consumerProps.put("group.id", "infra-check-" + topic);
        consumerProps.put("auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    return record.value();
                }
            }
        }
        return null;
    }

    @Test
    void brokerAndDatabaseAnswer(@TempDir Path dir) throws Exception {
        try (LabInfra infra = LabInfra.start(dir)) {
            try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers", infra.kafkaBootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("infra-check", "k", "hello")).get();
            }
            assertEquals("hello", firstValue(infra.kafkaBootstrapServers(), "infra-check"));
            try (var connection = DriverManager.getConnection(infra.jdbcUrl(), infra.jdbcUsername(), infra.jdbcPassword());
                 var result = connection.createStatement().executeQuery("select 6 * 7")) {
                result.next();
                assertEquals(42, result.getInt(1));
            }
        }
    }
}
