package dev.interpolationlab.trainer.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.proto.v1.Checkpoint;
import dev.interpolationlab.proto.v1.Provenance;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Fencing by attempt: a checkpoint of a replaced attempt is ignored, and its trainer learns it was replaced. */
class CheckpointCatalogueTest {

    private static final String RUN = "sw-fence-0000";
    private static final String SPEC = "spec-hash";

    private static Checkpoint checkpoint(String attemptId, int attempts, long step) {
        return Checkpoint.newBuilder().setRunId(RUN).setAttemptId(attemptId).setAttempts(attempts).setStep(step)
                .setProvenance(Provenance.newBuilder().setSpecSha256(SPEC)).build();
    }

    private static long latestStep(CheckpointCatalogue catalogue) {
        return catalogue.latest(RUN, SPEC).orElseThrow().getStep();
    }

    /** Trainer A froze past its lock; B resumed from A's step-400 checkpoint as attempt 2; A wakes at step 900. */
    @Test
    void aPausedTrainersLateCheckpointIsIgnoredAndItLearnsItWasReplaced() {
        CheckpointCatalogue catalogue = new CheckpointCatalogue();
        catalogue.begin(RUN, "A", 1);
        catalogue.add(checkpoint("A", 1, 400));
        assertFalse(catalogue.superseded(RUN, "A"));
        catalogue.add(checkpoint("B", 2, 400)); // B's first checkpoint, from A's state
        assertTrue(catalogue.superseded(RUN, "A"), "A was replaced");
        assertFalse(catalogue.superseded(RUN, "B"));
        catalogue.add(checkpoint("A", 1, 900));
        assertEquals(400, latestStep(catalogue), "A's late checkpoint is not the run's");
        catalogue.add(checkpoint("B", 2, 600));
        assertEquals(600, latestStep(catalogue));
    }

    /** A catalogue that never saw A's checkpoints still tells A's late one from B's by the attempt count. */
    @Test
    void aLateCheckpointOfAnEarlierAttemptSeenFirstIsIgnored() {
        CheckpointCatalogue catalogue = new CheckpointCatalogue();
        catalogue.begin(RUN, "B", 2);
        catalogue.add(checkpoint("B", 2, 400));
        catalogue.add(checkpoint("A", 1, 900));
        assertEquals(400, latestStep(catalogue));
        assertFalse(catalogue.superseded(RUN, "B"), "B is not fenced by an older attempt");
        assertTrue(catalogue.superseded(RUN, "A"));
    }

    /** After the run's tombstone (it failed), a retry on request counts from attempt 1 again and is current. */
    @Test
    void aRetryOnRequestAfterTheTombstoneStartsAfresh() {
        CheckpointCatalogue catalogue = new CheckpointCatalogue();
        catalogue.add(checkpoint("A", 3, 100));
        catalogue.onCheckpoint(new ConsumerRecord<>("lab.runs.checkpoints", 0, 0L, RUN, null));
        assertTrue(catalogue.latest(RUN, SPEC).isEmpty());
        catalogue.add(checkpoint("C", 1, 0));
        assertFalse(catalogue.superseded(RUN, "C"));
        assertEquals(0, latestStep(catalogue));
    }

    private static ConsumerRecord<String, byte[]> refundNotice(String attemptId, boolean given) {
        byte[] value = given ? Checkpoint.newBuilder().setRunId(RUN).setAttemptId(attemptId).setRefund(true).build().toByteArray() : null;
        return new ConsumerRecord<>("lab.runs.checkpoints", 3, 0L, CheckpointCatalogue.refundKey(RUN, attemptId), value);
    }

    /**
     * A handed over alive, B took the run as attempt 2 and died, C is attempt 3: of three started attempts two count
     * (B's, C's), whichever order the notice and the checkpoints are read in (they are on different partitions). A
     * refund notice never becomes the run's resumable state.
     */
    @Test
    void aRefundedAttemptLeavesTheBudgetWhenReadBeforeOrAfterItsCheckpoint() {
        for (boolean noticeFirst : new boolean[] {true, false}) {
            CheckpointCatalogue catalogue = new CheckpointCatalogue();
            if (noticeFirst) {
                catalogue.onCheckpoint(refundNotice("A", true));
                assertEquals(0, catalogue.refunded(RUN), "no attempt seen yet");
            }
            catalogue.add(checkpoint("A", 1, 400));
            if (!noticeFirst) {
                assertEquals(0, catalogue.refunded(RUN));
                catalogue.onCheckpoint(refundNotice("A", true));
            }
            assertEquals(1, catalogue.refunded(RUN), "A is given back");
            assertTrue(catalogue.isRefunded(RUN, "A"));
            assertEquals(400, latestStep(catalogue), "the notice is not the run's state");
            catalogue.add(checkpoint("B", 2, 400));
            catalogue.add(checkpoint("C", 3, 700));
            assertEquals(1, catalogue.refunded(RUN));
            assertFalse(catalogue.isRefunded(RUN, "B"));
            assertEquals(java.util.List.of("A"), catalogue.refundedAttempts(RUN));
        }
    }

    /** Refunds belong to the budget they were given in: a retry on request after the tombstone starts from none. */
    @Test
    void refundsDoNotCarryOverToARetryOnRequest() {
        CheckpointCatalogue catalogue = new CheckpointCatalogue();
        catalogue.add(checkpoint("A", 1, 100));
        catalogue.onCheckpoint(refundNotice("A", true));
        catalogue.add(checkpoint("B", 2, 100));
        catalogue.onCheckpoint(new ConsumerRecord<>("lab.runs.checkpoints", 0, 1L, RUN, null));
        catalogue.onCheckpoint(refundNotice("B", true)); // read after the tombstone: of the finished run
        catalogue.add(checkpoint("C", 1, 0));
        assertEquals(0, catalogue.refunded(RUN), "A's and B's refunds were of the finished run");
        catalogue.onCheckpoint(refundNotice("A", false));
        assertTrue(catalogue.refundedAttempts(RUN).isEmpty(), "A's notice is tombstoned with the run");
    }

    /** Checkpoints of trainers before attempt ids: the later step wins, nothing is fenced. */
    @Test
    void checkpointsWithoutAttemptIdsKeepTheLaterStep() {
        CheckpointCatalogue catalogue = new CheckpointCatalogue();
        catalogue.add(checkpoint("", 1, 400));
        catalogue.add(checkpoint("", 1, 300));
        assertEquals(400, latestStep(catalogue));
        assertFalse(catalogue.superseded(RUN, ""));
    }
}
