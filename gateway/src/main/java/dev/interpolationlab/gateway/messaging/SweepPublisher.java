package dev.interpolationlab.gateway.messaging;

import com.google.protobuf.Message;
import dev.interpolationlab.core.spec.ValidatedSweep;
import dev.interpolationlab.core.sweep.ExpectedCost;
import dev.interpolationlab.core.sweep.GridExpander;
import dev.interpolationlab.core.sweep.PlannedRun;
import dev.interpolationlab.proto.v1.RetryPlan;
import dev.interpolationlab.proto.v1.RunRequest;
import dev.interpolationlab.proto.v1.SweepAccepted;
import dev.interpolationlab.proto.v1.SweepControl;
import dev.interpolationlab.wire.ClientSettings;
import dev.interpolationlab.wire.ProtoSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes the gateway's commands, each as one Kafka transaction: a submission is its sweep record (with the full run
 * list, so the store knows every run) and one request per run; a retry is its control record and the runs' requests
 * again; a cancellation its control record. The store and the trainers read committed records only, so a submission is
 * either visible whole or not at all: a broker that refuses a record, a timeout or a gateway that dies half-way leaves
 * nothing behind that would show runs queued for good (the client is told to try again; with an {@code Idempotency-Key}
 * the retry names the same sweep). Returns only when the transaction is committed.
 *
 * <p>One producer, one transaction at a time: submissions are serialised here (a commit takes milliseconds). After any
 * failure the producer is closed and made anew. A new producer with this gateway's transactional id aborts whatever
 * transaction an earlier one left open, so the id is the gateway's host and port: a gateway started again where it ran
 * (the embedded lab, a restarted container) releases at start what it left half-way, and no two live gateways share
 * one. One that died for good is aborted by the broker after {@code lab.submission.transaction-timeout}; until then
 * committed readers of the partitions it wrote wait.
 */
@ApplicationScoped
public class SweepPublisher {

    private static final Logger LOG = Logger.getLogger(SweepPublisher.class);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.application.version")
    String codeVersion;

    /** Set only where host and port do not tell this gateway's replicas apart. */
    @ConfigProperty(name = "lab.submission.transactional-id")
    Optional<String> configuredTransactionalId;

    @ConfigProperty(name = "quarkus.http.port")
    int httpPort;

    /** The broker aborts a transaction left open longer than this (a gateway that died in it). */
    @ConfigProperty(name = "lab.submission.transaction-timeout")
    Duration transactionTimeout;

    /** How long one command may take to be committed before the client is told to try again. */
    @ConfigProperty(name = "lab.submission.publish-timeout")
    Duration publishTimeout;

    /** The largest record: a run request carries an uploaded CSV data set, and a sweep lists all its runs. */
    @ConfigProperty(name = "lab.submission.max-request-size")
    int maxRequestSize;

    @ConfigProperty(name = "lab.topics.sweeps")
    String sweepsTopic;

    @ConfigProperty(name = "lab.topics.run-requests")
    String runRequestsTopic;

    @ConfigProperty(name = "lab.topics.sweep-controls")
    String controlsTopic;

    private String transactionalId;
    private KafkaProducer<String, Message> producer; // guarded by this
    private KafkaClientMetrics producerMetrics; // guarded by this

    /**
     * Starts the transactions at start-up, beside it: a new producer aborts what this gateway left open before it was
     * restarted, which committed readers would otherwise wait out. A broker not reachable yet is tried again at the
     * first command.
     */
    void start(@Observes StartupEvent startup) {
        transactionalId = configuredTransactionalId.orElseGet(() -> "gateway-" + hostName() + "-" + httpPort);
        Thread starter = new Thread(() -> {
            try {
                synchronized (this) {
                    producer();
                }
            } catch (PublishFailedException e) {
                LOG.warnf("Kafka transactions not started yet (%s): tried again at the first submission", e.getMessage());
            }
        }, "submission-transactions");
        starter.setDaemon(true);
        starter.start();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
    }

    /** A new sweep id, for a submission without an idempotency key. */
    public static String newSweepId() {
        return "sw-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Publishes {@code sweep} as {@code sweepId}: its sweep record, then one request per run, in one transaction. */
    public SweepAccepted publish(ValidatedSweep sweep, String sweepId) {
        List<PlannedRun> runs = GridExpander.runs(sweepId, sweep);
        SweepAccepted accepted = SweepAccepted.newBuilder()
                .setSweepId(sweepId)
                .setSpec(sweep.spec())
                .setSpecJson(sweep.normalised().toString())
                .addAllRuns(runs.stream().map(PlannedRun::ref).toList())
                .setAcceptedAtMs(System.currentTimeMillis())
                .setCodeVersion(codeVersion)
                .build();
        List<ProducerRecord<String, Message>> records = new ArrayList<>(runs.size() + 1);
        records.add(new ProducerRecord<>(sweepsTopic, sweepId, accepted));
        records.addAll(requests(sweepId, runs));
        commit(records);
        return accepted;
    }

    /**
     * Cancels a sweep: trainers stop its runs requested before now (running ones within a step, queued ones when they
     * reach them) and the store marks its queued runs cancelled.
     */
    public void cancel(String sweepId) {
        long now = System.currentTimeMillis();
        commit(List.of(control(SweepControl.newBuilder().setSweepId(sweepId).setAction(SweepControl.Action.CANCEL)
                .setAtMs(now).setCancelledAtMs(now).build())));
    }

    /**
     * Requests the failed runs of a sweep again, as the store planned them: first the control record (the store queues
     * them again, and it repeats the sweep's cancellation, if any, for the compacted topic), then the requests, which
     * postdate any cancellation.
     */
    public void retry(RetryPlan plan) {
        List<PlannedRun> failed = plan.getRequestsList().stream().map(request -> new PlannedRun(request.getRef(), request.getSpec())).toList();
        List<ProducerRecord<String, Message>> records = new ArrayList<>(failed.size() + 1);
        records.add(control(SweepControl.newBuilder().setSweepId(plan.getSweepId()).setAction(SweepControl.Action.RETRY)
                .setAtMs(System.currentTimeMillis()).setCancelledAtMs(plan.getCancelledAtMs())
                .addAllRunIds(failed.stream().map(run -> run.ref().getRunId()).toList()).build()));
        records.addAll(requests(plan.getSweepId(), failed));
        commit(records);
    }

    private ProducerRecord<String, Message> control(SweepControl control) {
        return new ProducerRecord<>(controlsTopic, control.getSweepId(), control);
    }

    /**
     * The runs' requests, longest first (their expected cost): trainers take them in about that order, so the short
     * runs fill the end of the sweep instead of one long run finishing alone.
     */
    private List<ProducerRecord<String, Message>> requests(String sweepId, List<PlannedRun> runs) {
        long now = System.currentTimeMillis();
        List<ProducerRecord<String, Message>> requests = new ArrayList<>(runs.size());
        for (PlannedRun run : ExpectedCost.longestFirst(runs)) {
            RunRequest request = RunRequest.newBuilder()
                    .setRunId(run.ref().getRunId())
                    .setSweepId(sweepId)
                    .setRef(run.ref())
                    .setSpec(run.spec())
                    .setRequestedAtMs(now)
                    .build();
            requests.add(new ProducerRecord<>(runRequestsTopic, request.getRunId(), request));
        }
        return requests;
    }

    /** Sends {@code records} in one transaction and commits it, or throws with nothing of them visible. */
    private synchronized void commit(List<ProducerRecord<String, Message>> records) {
        KafkaProducer<String, Message> transactional = producer();
        try {
            transactional.beginTransaction();
            records.forEach(transactional::send);
            // flushes, and throws (without committing) if the broker refused any record
            transactional.commitTransaction();
        } catch (RuntimeException e) {
            // whatever state the transaction is in, the next producer's initTransactions aborts it
            closeProducer(Duration.ZERO);
            throw new PublishFailedException("the transaction of " + records.size() + " records was not committed: " + e.getMessage(), e);
        }
    }

    private KafkaProducer<String, Message> producer() {
        if (producer == null) {
            Map<String, Object> settings = new HashMap<>(ClientSettings.known(kafka, ProducerConfig.configNames()));
            settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            settings.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
            settings.put(ProducerConfig.ACKS_CONFIG, "all");
            settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestSize);
            settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, publishTimeout.toMillis());
            int timeout = (int) publishTimeout.toMillis();
            settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
            settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout / 2); // delivery.timeout must cover linger + request timeout
            settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            settings.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
            KafkaProducer<String, Message> created = new KafkaProducer<>(settings, new StringSerializer(), new ProtoSerializer());
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw new PublishFailedException("Kafka did not start this gateway's transactions: " + e.getMessage(), e);
            }
            producer = created;
            producerMetrics = new KafkaClientMetrics(created);
            producerMetrics.bindTo(registry);
            LOG.infof("Kafka transactions started as %s", transactionalId);
        }
        return producer;
    }

    /** Closes the producer, waiting up to {@code grace} for what it still sends; the next commit makes a new one. */
    private void closeProducer(Duration grace) {
        if (producer != null) {
            producerMetrics.close();
            producer.close(grace);
            producer = null;
        }
    }

    @PreDestroy
    synchronized void close() {
        closeProducer(publishTimeout);
    }
}
