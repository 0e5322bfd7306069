package dev.interpolationlab.trainer.messaging;

import dev.interpolationlab.proto.v1.Checkpoint;
import dev.interpolationlab.proto.v1.Provenance;
import dev.interpolationlab.proto.v1.RunEvent;
import dev.interpolationlab.proto.v1.RunRequest;
import dev.interpolationlab.proto.v1.RunSummary;
import dev.interpolationlab.runtime.BuildIdentity;
import dev.interpolationlab.trainer.model.KernelChoice;
import dev.interpolationlab.trainer.training.Resume;
import dev.interpolationlab.trainer.training.RunOptions;
import dev.interpolationlab.trainer.training.RunProvenance;
import dev.interpolationlab.trainer.training.TrainingRun;
import dev.interpolationlab.trainer.training.TrainingStoppedException;
import io.quarkus.runtime.StartupEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains one run request per call, one at a time per trainer, whichever way the requests are dispatched
 * ({@link ShareGroupDispatch}, {@link ConsumerGroupDispatch}), and says what the dispatch should do with the request:
 * it is done with (completed, failed or cancelled, its event on Kafka), to be tried again, or left for another trainer
 * (this one is stopping, or lost the run).
 *
 * <p>Every attempt at a run is counted in its checkpoint before it starts, so the count survives a trainer that dies
 * with it. A run whose training throws is tried again (by any trainer, resuming from its checkpoint) until
 * {@code lab.trainer.max-attempts} attempts have started; then it is reported failed with the last reason. The same
 * budget stops a run that kills every trainer that takes it. When Kafka itself fails the attempt, the trainer waits
 * and tries the same attempt again, at no cost to the budget. An attempt that its trainer hands over alive (it is
 * stopping, or lost its lock on the request to a Kafka outage or a pause, or was replaced by a later attempt) is given
 * back with a refund notice: only attempts that threw, or whose trainer vanished with them, count. A trainer whose view
 * of the checkpoints lags may count an attempt too few: a run can then get one attempt more than the budget, never
 * fewer; before giving up it waits a while for the refund of the run's last attempt.
 */
@ApplicationScoped
public class RunAttempts {

    /** What the dispatch does with a request once {@link #take} returns. */
    public enum Outcome {
        /** Completed, failed or cancelled: its event is on Kafka; acknowledge the request. */
        DONE,
        /** The training threw with attempts left: the reason is in the run's checkpoint; deliver the request again. */
        RETRY,
        /** This trainer stopped, or lost the run, before it ended: leave the request to another trainer. */
        HANDED_OVER
    }

    private static final Logger LOG = Logger.getLogger(RunAttempts.class);
    private static final long MAX_BACKOFF_MS = 30_000;
    /** How long a run about to be given up waits for its last attempt's refund notice (sent as Kafka came back). */
    private static final Duration REFUND_WAIT = Duration.ofSeconds(10);

    @Inject
    RunPublisher publisher;

    @Inject
    CheckpointCatalogue catalogue;

    @Inject
    SweepCancellations cancellations;

    @Inject
    MeterRegistry registry;

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

    /** Attempts at a run, over all trainers, before it is reported failed. */
    @ConfigProperty(name = "lab.trainer.max-attempts")
    int maxAttempts;

    @ConfigProperty(name = "lab.trainer.id")
    String trainerId;

    @ConfigProperty(name = "quarkus.application.version")
    String codeVersion;

    /** auto: the kernel that suits the shape; gemm: OpenBLAS's dgemm for every two-layer network (same numbers, to rounding). */
    @ConfigProperty(name = "lab.trainer.kernel")
    String kernel;

    private BuildIdentity build;
    private KernelChoice kernelChoice;

    private volatile boolean stopping;
    private volatile boolean abandoned;
    private final AtomicInteger activeRuns = new AtomicInteger();
    private Map<String, Counter> runs;
    private Counter steps;

    /** Before any method runs: a dispatch may hand over its first request before the start-up event reaches {@link #warmUp}. */
    @PostConstruct
    void init() {
        build = BuildIdentity.current(codeVersion);
        kernelChoice = KernelChoice.of(kernel);
        LOG.infof("trainer %s ready: build %s (commit %s%s), %s on %s, kernel choice %s", trainerId, build.version(), build.commit(),
                build.dirty() ? ", dirty" : "", build.jvm(), build.arch(), kernelChoice);
        runs = new java.util.HashMap<>();
        for (String outcome : List.of("completed", "failed", "cancelled", "retried", "handed-over")) {
            runs.put(outcome, Counter.builder("lab.trainer.runs").description("run attempts ended on this trainer, by outcome")
                    .tag("outcome", outcome).register(registry));
        }
        steps = Counter.builder("lab.trainer.steps").description("optimiser steps trained").register(registry);
        registry.gauge("lab.trainer.active.runs", activeRuns);
    }

    void warmUp(@Observes StartupEvent startup) {
        // The first ND4J call unpacks and loads the native backend (platform-notes.md): pay it now, not in a run.
        Nd4j.create(1);
    }

    /** Stops every run in progress within a step (the trainer is shutting down); they are left for other trainers. */
    public void stop() {
        stopping = true;
    }

    /** Stops the run in progress within a step: this trainer no longer holds it (its lock on the request expired). */
    public void abandon() {
        abandoned = true;
    }

    /**
     * Trains {@code request} (an attempt at it, from its latest checkpoint) and says what to do with the request.
     * Kafka failures are waited out here and cost no attempt, unless the trainer is stopping.
     */
    public Outcome take(RunRequest request) {
        abandoned = false;
        Provenance provenance = RunProvenance.of(build, request.getSpec(), threads);
        boolean again = false;
        for (long backoff = 1000; ; backoff = Math.min(2 * backoff, MAX_BACKOFF_MS), again = true) {
            try {
                return attempt(request, provenance, again);
            } catch (PublishException e) {
                // Kafka is the problem, not the run: nothing is counted against it; wait and try again from the
                // latest checkpoint, or leave it to another trainer if this one is stopping
                if (stopping || abandoned) {
                    LOG.infof("run %s left for another trainer: %s", request.getRunId(), e.getMessage());
                    return Outcome.HANDED_OVER;
                }
                LOG.errorf("run %s could not be published (%s); trying again in %d ms", request.getRunId(), e.getMessage(), backoff);
                sleep(backoff);
            }
        }
    }

    /** One attempt at a run. {@code again}: the same attempt once more, after Kafka failed it, which costs no attempt. */
    private Outcome attempt(RunRequest request, Provenance provenance, boolean again) {
        if (cancellations.cancels(request)) {
            cancelled(request, provenance, 0, "cancelled by the user before it started");
            return Outcome.DONE;
        }
        String runId = request.getRunId();
        Optional<Checkpoint> latest = catalogue.latest(runId, provenance.getSpecSha256());
        int counted = latest.map(Checkpoint::getAttempts).orElse(0);
        int attempt = again && counted > 0 ? counted : counted + 1;
        String lastFailure = latest.map(Checkpoint::getLastFailure).orElse("");
        if (attempt - catalogue.refunded(runId) > maxAttempts) {
            latest.ifPresent(last -> awaitRefund(runId, last.getAttemptId()));
        }
        if (attempt - catalogue.refunded(runId) > maxAttempts) {
            String reason = "gave up after " + maxAttempts + " attempts; the last: "
                    + (lastFailure.isEmpty() ? "its trainer stopped without reporting (it may have crashed)" : lastFailure);
            fail(request, provenance, attempt - 1, reason);
            return Outcome.DONE;
        }
        String attemptId = UUID.randomUUID().toString();
        Checkpoint.Builder state = latest.map(Checkpoint::toBuilder)
                .orElseGet(() -> Checkpoint.newBuilder().setRunId(request.getRunId()).setProvenance(provenance))
                .setAttempts(attempt).setAttemptId(attemptId);
        // counted before the run starts, so that a trainer that dies in it still uses up the attempt; from here on a
        // trainer that held an earlier attempt is fenced off
        publisher.checkpointAndWait(state.build());
        catalogue.begin(runId, attemptId, attempt);
        activeRuns.incrementAndGet();
        try {
            Optional<Resume> resume = latest.filter(c -> c.getParametersCount() > 0)
                    .map(c -> new Resume(c.getStep(), toArray(c.getParametersList()), toArray(c.getOptimizerStateList())));
            resume.ifPresent(r -> LOG.infof("run %s resumes from its checkpoint at step %d (attempt %d)", runId, r.step(), attempt));
            publisher.event(event(request, RunEvent.Kind.STARTED, provenance).setAttempt(attempt).setReason(lastFailure)
                    .setResumedFromStep(resume.map(Resume::step).orElse(0L)).build());
            return train(request, provenance, resume, state);
        } catch (PublishException e) {
            if (stopping || abandoned) {
                publisher.refund(state.build()); // handed over alive: Kafka ended this attempt, not the run
            }
            throw e;
        } catch (TrainingStoppedException e) {
            if (cancellations.cancels(request)) {
                cancelled(request, provenance, attempt, "cancelled by the user at step " + e.step());
                return Outcome.DONE;
            }
            if (catalogue.superseded(request.getRunId(), attemptId)) {
                // paused or cut off past its lock: another trainer has the run; this attempt publishes nothing more
                LOG.warnf("run %s: attempt %d was taken over by a later attempt; stopped at step %d", runId, attempt, e.step());
                publisher.refund(state.build());
                runs.get("handed-over").increment();
                return Outcome.HANDED_OVER;
            }
            LOG.infof("run %s left for another trainer: %s", runId, e.getMessage());
            if (!abandoned) {
                // a trainer that lost its lock may have lost Kafka too: the store ends the attempt at the next start
                released(request, provenance, attempt, "left for another trainer: " + e.getMessage());
            }
            publisher.refund(state.build());
            runs.get("handed-over").increment();
            return Outcome.HANDED_OVER;
        } finally {
            activeRuns.decrementAndGet();
        }
    }

    /**
     * Trains one attempt, from {@code resume} when an earlier attempt left a checkpoint, and reports the run
     * completed, or, when the training itself throws, asks for it again or reports it failed once its attempts are
     * spent.
     */
    private Outcome train(RunRequest request, Provenance provenance, Optional<Resume> resume, Checkpoint.Builder state) {
        long[] lastStep = {resume.map(Resume::step).orElse(0L)};
        RunOptions options = new RunOptions(
                metrics -> {
                    publisher.metrics(metrics.setRunId(request.getRunId()).setSweepId(request.getSweepId()).build());
                    steps.increment(metrics.getStep() - lastStep[0]);
                    lastStep[0] = metrics.getStep();
                },
                (step, parameters, optimizerState) -> {
                    if (abandoned || catalogue.superseded(request.getRunId(), state.getAttemptId())) {
                        return; // lost or fenced: the later attempt's checkpoints are the run's (this one stops at its next step)
                    }
                    if (!publisher.admitsCheckpoint(request.getRunId(), (long) parameters.length + optimizerState.length)) {
                        return; // the state keeps the last checkpoint Kafka holds, if any
                    }
                    // every step recorded before the checkpoint is on Kafka first: a run resumed from it has no gap
                    publisher.flush();
                    state.setStep(step).clearParameters().addAllParameters(Arrays.stream(parameters).boxed().toList())
                            .clearOptimizerState().addAllOptimizerState(Arrays.stream(optimizerState).boxed().toList()).setProvenance(provenance);
                    publisher.checkpoint(state.build());
                },
                checkpointSteps, checkpointInterval, resume,
                () -> stopping || abandoned || cancellations.cancels(request) || catalogue.superseded(request.getRunId(), state.getAttemptId()),
                threads, finalParametersMax, kernelChoice);
        TrainingRun.Trained trained;
        try {
            trained = TrainingRun.train(request.getSpec(), request.getRef().getSeed(), options);
        } catch (TrainingStoppedException | PublishException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // an Error too (an OutOfMemoryError from a model too large for this trainer): left to the consumer it sent the
            // request to the dead-letter topic and the run stayed "running" for good; the run's arrays are garbage now
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            int spent = state.getAttempts() - catalogue.refunded(request.getRunId());
            LOG.errorf(e, "run %s failed (attempt %d of %d)", request.getRunId(), spent, maxAttempts);
            publisher.flush();
            if (spent >= maxAttempts) {
                fail(request, provenance, state.getAttempts(), "failed " + spent + " attempt(s); the last: " + reason);
                return Outcome.DONE;
            }
            // the reason waits in the checkpoint for the next attempt, which any trainer may take
            publisher.checkpointAndWait(state.setLastFailure(reason).build());
            released(request, provenance, state.getAttempts(), reason);
            runs.get("retried").increment();
            return Outcome.RETRY;
        }
        publisher.flush();
        RunSummary summary = trained.summary();
        publisher.event(event(request, RunEvent.Kind.COMPLETED, provenance.toBuilder().setKernel(trained.kernel()).build())
                .setAttempt(state.getAttempts()).setSummary(summary).build());
        publisher.clearCheckpoint(request.getRunId(), catalogue.refundedAttempts(request.getRunId()));
        runs.get("completed").increment();
        LOG.infof("run %s completed at step %d (%s): train loss %.4g, test loss %.4g in %d ms", request.getRunId(),
                summary.getSteps(), summary.getStopReason(), summary.getFinalTrainLoss(), summary.getFinalTestLoss(), summary.getWallMs());
        return Outcome.DONE;
    }

    private void fail(RunRequest request, Provenance provenance, int attempts, String reason) {
        publisher.event(event(request, RunEvent.Kind.FAILED, provenance).setAttempt(attempts).setReason(reason).build());
        publisher.clearCheckpoint(request.getRunId(), catalogue.refundedAttempts(request.getRunId()));
        runs.get("failed").increment();
        LOG.warnf("run %s failed: %s", request.getRunId(), reason);
    }

    /** Reports a run cancelled (in {@code attempt}, 0 before any); its metrics so far stay, its checkpoint goes. */
    private void cancelled(RunRequest request, Provenance provenance, int attempt, String reason) {
        publisher.flush();
        publisher.event(event(request, RunEvent.Kind.CANCELLED, provenance).setAttempt(attempt).setReason(reason).build());
        publisher.clearCheckpoint(request.getRunId(), catalogue.refundedAttempts(request.getRunId()));
        runs.get("cancelled").increment();
        LOG.infof("run %s %s", request.getRunId(), reason);
    }

    /**
     * Ends an attempt that leaves the run to a next one, for the run's timeline. Best effort: an attempt not so
     * ended (its trainer died or could not reach Kafka) the store ends where the next one starts.
     */
    private void released(RunRequest request, Provenance provenance, int attempt, String reason) {
        try {
            publisher.event(event(request, RunEvent.Kind.RELEASED, provenance).setAttempt(attempt).setReason(reason).build());
        } catch (PublishException e) {
            LOG.debugf("the end of attempt %d at run %s is not reported: %s", attempt, request.getRunId(), e.getMessage());
        }
    }

    /** Waits, for at most {@link #REFUND_WAIT}, until the refund notice of {@code attemptId} has been read, if one comes. */
    private void awaitRefund(String runId, String attemptId) {
        long deadline = System.nanoTime() + REFUND_WAIT.toNanos();
        while (!catalogue.isRefunded(runId, attemptId) && System.nanoTime() < deadline && !stopping) {
            sleep(200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
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
