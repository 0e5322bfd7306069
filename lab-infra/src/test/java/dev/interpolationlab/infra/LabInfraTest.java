package dev.interpolationlab.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
    void brokerAndDatabaseAnswer(@TempDir Path dir) throws Exception {
        try (LabInfra infra = LabInfra.start(dir)) {
            try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers", infra.kafkaBootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("infra-check", "k", "hello")).get();
            }
            Properties consumerProps = new Properties();
            consumerProps.put("bootstrap.servers", infra.kafkaBootstrapServers());
            consumerProps.put("group.id", "infra-check");
            consumerProps.put("auto.offset.reset", "earliest");
            try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("infra-check"));
                String value = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (value == null && System.nanoTime() < deadline) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                    for (var record : records) {
                        value = record.value();
                    }
                }
                assertEquals("hello", value);
            }
            try (var connection = DriverManager.getConnection(infra.jdbcUrl(), infra.jdbcUsername(), infra.jdbcPassword());
                 var result = connection.createStatement().executeQuery("select 6 * 7")) {
                result.next();
                assertEquals(42, result.getInt(1));
            }
        }
    }
}
