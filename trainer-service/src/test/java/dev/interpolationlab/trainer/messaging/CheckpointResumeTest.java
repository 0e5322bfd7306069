package dev.interpolationlab.trainer.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.infra.KafkaProbe;
import dev.interpolationlab.infra.LabInfraTestResource;
import dev.interpolationlab.proto.v1.Checkpoint;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.Provenance;
import dev.interpolationlab.proto.v1.RunEvent;
import dev.interpolationlab.proto.v1.RunRef;
import dev.interpolationlab.proto.v1.RunRequest;
import dev.interpolationlab.proto.v1.RunSummary;
import dev.interpolationlab.proto.v1.TrainingSpec;
import dev.interpolationlab.trainer.model.KernelChoice;
import dev.interpolationlab.trainer.training.Resume;
import dev.interpolationlab.trainer.training.RunOptions;
import dev.interpolationlab.trainer.training.TestSpecs;
import dev.interpolationlab.trainer.training.TrainingRun;
import dev.interpolationlab.trainer.training.TrainingStoppedException;
import dev.interpolationlab.wire.CanonicalJson;
import dev.interpolationlab.wire.ProtoCodec;
import dev.interpolationlab.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A run redelivered to a trainer resumes from the checkpoint an earlier trainer left on the compacted topic. */
@QuarkusTest
@WithTestResource(LabInfraTestResource.class)
class CheckpointResumeTest {

    @Inject
    CheckpointCatalogue catalogue;

    @Test
    void aRedeliveredRunResumesFromItsCheckpointAndEndsLikeAnUninterruptedRun() throws InterruptedException {
        String runId = "sw-resume-" + UUID.randomUUID();
        TrainingSpec spec = TestSpecs.spec(60, 1e-3, 3000);
        RunSummary uninterrupted = TrainingRun.execute(spec, 11, RunOptions.metricsOnly(m -> { }));

        // An earlier trainer that stopped at about step 1500, as a crash or shutdown would leave it.
        List<Resume> saved = new ArrayList<>();
        long[] recorded = {0};
        assertThrows(TrainingStoppedException.class, () -> TrainingRun.execute(spec, 11, new RunOptions(m -> recorded[0] = m.getStep(),
                (t, theta, state) -> saved.add(new Resume(t, theta, state)), 500, Duration.ofDays(1), Optional.empty(), () -> recorded[0] >= 1500, 1, Integer.MAX_VALUE, KernelChoice.AUTO)));
        Resume last = saved.get(saved.size() - 1);

        String specHash = CanonicalJson.sha256(spec);
        try (KafkaProbe kafka = new KafkaProbe(LabInfraTestResource.infra().kafkaBootstrapServers())) {
            kafka.send(Topics.RUNS_CHECKPOINTS, runId, Checkpoint.newBuilder().setRunId(runId).setStep(last.step())
                    .addAllParameters(Arrays.stream(last.parameters()).boxed().toList())
                    .setProvenance(Provenance.newBuilder().setSpecSha256(specHash)).build());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (catalogue.latest(runId, specHash).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(catalogue.latest(runId, specHash).isPresent(), "the trainer did not see the checkpoint");

            kafka.send(Topics.RUNS_REQUESTED, runId, RunRequest.newBuilder().setRunId(runId).setSweepId("sw-resume")
                    .setRef(RunRef.newBuilder().setRunId(runId).setSeed(11)).setSpec(spec).build());

            RunEvent completed = kafka.readUntil(Topics.RUNS_EVENTS, records -> records.stream().anyMatch(r -> runId.equals(r.key())
                                    && ProtoCodec.decode(r.headers(), r.value(), RunEvent.getDefaultInstance()).getKind() == RunEvent.Kind.COMPLETED),
                            Duration.ofSeconds(60)).stream()
                    .filter(r -> runId.equals(r.key()))
                    .map(r -> ProtoCodec.decode(r.headers(), r.value(), RunEvent.getDefaultInstance()))
                    .filter(e -> e.getKind() == RunEvent.Kind.COMPLETED).findFirst().orElseThrow();
            assertEquals(uninterrupted.toBuilder().clearWallMs().build(), completed.getSummary().toBuilder().clearWallMs().build());

            List<Long> steps = kafka.readAll(Topics.RUNS_METRICS, Duration.ofSeconds(1)).stream().filter(r -> runId.equals(r.key()))
                    .map(r -> ProtoCodec.decode(r.headers(), r.value(), EpochMetrics.getDefaultInstance()).getStep()).toList();
            assertTrue(!steps.isEmpty() && steps.stream().allMatch(step -> step >= last.step()),
                    "only the steps after the checkpoint are trained again: " + steps);

            boolean tombstone = kafka.readUntil(Topics.RUNS_CHECKPOINTS,
                    records -> records.stream().anyMatch(r -> runId.equals(r.key()) && r.value() == null), Duration.ofSeconds(30))
                    .stream().anyMatch(r -> runId.equals(r.key()) && r.value() == null);
            assertTrue(tombstone, "a finished run's checkpoint is removed from the compacted topic");
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (catalogue.latest(runId, specHash).isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(catalogue.latest(runId, specHash).isEmpty(), "the catalogue forgets a finished run");
        }
    }
}
