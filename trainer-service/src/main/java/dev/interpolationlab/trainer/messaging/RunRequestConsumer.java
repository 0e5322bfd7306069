package dev.interpolationlab.trainer.messaging;

import dev.interpolationlab.core.random.SeedDerivation;
import dev.interpolationlab.proto.v1.Checkpoint;
import dev.interpolationlab.proto.v1.Provenance;
import dev.interpolationlab.proto.v1.RunEvent;
import dev.interpolationlab.proto.v1.RunRequest;
import dev.interpolationlab.proto.v1.RunSummary;
import dev.interpolationlab.proto.v1.TrainingSpec;
import dev.interpolationlab.trainer.training.Resume;
import dev.interpolationlab.trainer.training.RunOptions;
import dev.interpolationlab.trainer.training.TrainingRun;
import dev.interpolationlab.trainer.training.TrainingStoppedException;
import dev.interpolationlab.wire.PoisonRecordException;
import dev.interpolationlab.wire.ProtoCodec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains the runs of {@code lab.runs.requested}, one at a time per trainer, as one consumer group: adding a
 * trainer adds throughput up to the partition count. A request is acknowledged (its offset committed) only after
 * the run's completed or failed event is on Kafka; a trainer that dies or shuts down mid-run leaves it
 * unacknowledged, and the group hands it to another trainer, which resumes it from its latest checkpoint.
 */
@ApplicationScoped
public class RunRequestConsumer {

    private static final Logger LOG = Logger.getLogger(RunRequestConsumer.class);

    @Inject
    RunPublisher publisher;

    @Inject
    CheckpointCatalogue catalogue;

    @Inject
    SweepCancellations cancellations;

    @ConfigProperty(name = "lab.trainer.checkpoint.every-steps")
    long checkpointSteps;

    @ConfigProperty(name = "lab.trainer.checkpoint.every")
    Duration checkpointInterval;

    /** Threads per run for the training kernels: the speed of a run, never its numbers. */
    @ConfigProperty(name = "lab.trainer.threads")
    int threads;

    /** Completed events carry the final θ up to this many parameters (8 bytes each on lab.runs.events). */
    @ConfigProperty(name = "lab.trainer.final-parameters.max")
    int finalParametersMax;

    @ConfigProperty(name = "lab.trainer.id")
    String trainerId;

    @ConfigProperty(name = "quarkus.application.version")
    String codeVersion;

    private volatile boolean stopping;

    void warmUp(@Observes StartupEvent startup) {
        // The first ND4J call unpacks and loads the native backend (platform-notes.md): pay it now, not in a run.
        Nd4j.create(1);
        LOG.infof("trainer %s ready on %s", trainerId, Nd4j.getBackend().getClass().getSimpleName());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    @Incoming("run-requests")
    @Blocking
    public CompletionStage<Void> onRunRequest(Message<byte[]> message) {
        RunRequest request;
        try {
            var metadata = message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
            request = ProtoCodec.decode(metadata.getHeaders(), message.getPayload(), RunRequest.getDefaultInstance());
        } catch (PoisonRecordException e) {
            LOG.warnf("run request sent to the dead-letter topic: %s", e.getMessage());
            return message.nack(e);
        }
        Provenance provenance = Provenance.newBuilder()
                .setCodeVersion(codeVersion)
                .setBackend("nd4j " + Nd4j.getBackend().getClass().getSimpleName())
                .setDtype("float64")
                .setSpecSha256(specHash(request.getSpec()))
                .build();
        try {
            if (cancellations.cancels(request)) {
                cancelled(request, provenance, "cancelled by the user before it started");
                return message.ack();
            }
            publisher.event(event(request, RunEvent.Kind.STARTED, provenance).build());
            train(request, provenance);
        } catch (TrainingStoppedException e) {
            if (cancellations.cancels(request)) {
                cancelled(request, provenance, "cancelled by the user at step " + e.step());
                return message.ack();
            }
            LOG.infof("run %s left unacknowledged for another trainer: %s", request.getRunId(), e.getMessage());
            return CompletableFuture.completedFuture(null);
        } catch (PublishException e) {
            // Kafka is the problem, not the request: leave it unacknowledged so that it is redelivered.
            LOG.errorf("run %s left unacknowledged: %s", request.getRunId(), e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        return message.ack();
    }

    /**
     * Trains one run, from its latest checkpoint when an earlier trainer left one, and reports it completed, or
     * failed when the training itself throws.
     */
    private void train(RunRequest request, Provenance provenance) {
        Optional<Resume> resume = catalogue.latest(request.getRunId(), provenance.getSpecSha256())
                .map(checkpoint -> new Resume(checkpoint.getStep(), toArray(checkpoint.getParametersList()), toArray(checkpoint.getOptimizerStateList())));
        resume.ifPresent(r -> LOG.infof("run %s resumes from its checkpoint at step %d", request.getRunId(), r.step()));
        RunOptions options = new RunOptions(
                metrics -> publisher.metrics(metrics.setRunId(request.getRunId()).setSweepId(request.getSweepId()).build()),
                (step, parameters, state) -> publisher.checkpoint(Checkpoint.newBuilder().setRunId(request.getRunId()).setStep(step)
                        .addAllParameters(Arrays.stream(parameters).boxed().toList())
                        .addAllOptimizerState(Arrays.stream(state).boxed().toList()).setProvenance(provenance).build()),
                checkpointSteps, checkpointInterval, resume, () -> stopping || cancellations.cancels(request), threads, finalParametersMax);
        RunSummary summary;
        try {
            summary = TrainingRun.execute(request.getSpec(), request.getRef().getSeed(), options);
        } catch (TrainingStoppedException | PublishException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "run %s failed", request.getRunId());
            publisher.flush();
            publisher.event(event(request, RunEvent.Kind.FAILED, provenance)
                    .setReason(e.getClass().getSimpleName() + ": " + e.getMessage()).build());
            publisher.clearCheckpoint(request.getRunId());
            return;
        }
        publisher.flush();
        publisher.event(event(request, RunEvent.Kind.COMPLETED, provenance).setSummary(summary).build());
        publisher.clearCheckpoint(request.getRunId());
        LOG.infof("run %s completed at step %d (%s): train loss %.4g, test loss %.4g in %d ms", request.getRunId(),
                summary.getSteps(), summary.getStopReason(), summary.getFinalTrainLoss(), summary.getFinalTestLoss(), summary.getWallMs());
    }

    /** Reports a run cancelled; its metrics so far stay, its checkpoint goes. */
    private void cancelled(RunRequest request, Provenance provenance, String reason) {
        publisher.flush();
        publisher.event(event(request, RunEvent.Kind.CANCELLED, provenance).setReason(reason).build());
        publisher.clearCheckpoint(request.getRunId());
        LOG.infof("run %s %s", request.getRunId(), reason);
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Identifies what a run trains: a checkpoint is only resumed by a request for the same spec. */
    static String specHash(TrainingSpec spec) {
        return HexFormat.of().formatHex(SeedDerivation.sha256(spec.toString()));
    }

    private RunEvent.Builder event(RunRequest request, RunEvent.Kind kind, Provenance provenance) {
        return RunEvent.newBuilder()
                .setRunId(request.getRunId())
                .setSweepId(request.getSweepId())
                .setKind(kind)
                .setTrainerId(trainerId)
                .setAtMs(System.currentTimeMillis())
                .setProvenance(provenance);
    }
}
