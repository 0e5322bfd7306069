package dev.interpolationlab.gateway.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayLogTest {

    private static void appendEpochs(ReplayLog log, String sweep, long fromStep, long toStep) {
        for (long step = fromStep; step <= toStep; step++) {
            long recorded = step;
            log.append(sweep, "epoch", sweep + "-run", step, () -> "{\"step\":" + recorded + "}", 0);
        }
    }

    private static AssertSubscriber<LiveEvent> subscribe(ReplayLog log, String sweep, String lastEventId, int perDecade) {
        return log.subscribe(sweep, lastEventId, perDecade).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    private static List<Long> steps(AssertSubscriber<LiveEvent> subscriber) {
        return subscriber.getItems().stream().filter(e -> e.name().equals("epoch")).map(LiveEvent::step).toList();
    }

    @Test
    void aNewStreamGetsOnlyTheEventsOfItsSweepFromNowOn() {
        ReplayLog log = new ReplayLog("gw1", 100, 60_000);
        appendEpochs(log, "a", 0, 2);
        AssertSubscriber<LiveEvent> stream = subscribe(log, "a", null, 0);
        appendEpochs(log, "b", 0, 5);
        appendEpochs(log, "a", 3, 4);
        assertEquals(List.of(3L, 4L), steps(stream));
        assertEquals(1, log.subscribers());
        stream.cancel();
        assertEquals(0, log.subscribers());
    }

    @Test
    void aReconnectingStreamIsReplayedWhatItMissedThenContinuesLiveWithoutDuplicates() {
        ReplayLog log = new ReplayLog("gw1", 100, 60_000);
        AssertSubscriber<LiveEvent> first = subscribe(log, "a", null, 0);
        appendEpochs(log, "a", 0, 2);
        String lastSeen = first.getItems().get(2).id();
        first.cancel(); // the connection drops; steps 3 … 5 happen while the client is away
        appendEpochs(log, "a", 3, 5);
        AssertSubscriber<LiveEvent> resumed = subscribe(log, "a", lastSeen, 0);
        appendEpochs(log, "a", 6, 6);
        assertEquals(List.of(3L, 4L, 5L, 6L), steps(resumed));
        List<String> ids = resumed.getItems().stream().map(LiveEvent::id).toList();
        assertEquals(ids.stream().distinct().count(), ids.size());
    }

    @Test
    void missedEventsThatAreNoLongerKeptGiveAResetToReloadFrom() {
        ReplayLog log = new ReplayLog("gw1", 3, 60_000);
        AssertSubscriber<LiveEvent> first = subscribe(log, "a", null, 0);
        appendEpochs(log, "a", 0, 0);
        String step0 = first.getItems().get(0).id();
        appendEpochs(log, "a", 1, 2);
        String step2 = first.getItems().get(2).id();
        first.cancel();
        appendEpochs(log, "a", 3, 5); // keeps 3, 4, 5: steps 1 and 2 are gone

        AssertSubscriber<LiveEvent> tooLate = subscribe(log, "a", step0, 0);
        assertEquals("reset", tooLate.getItems().get(0).name());
        assertTrue(tooLate.getItems().get(0).json().contains("no longer kept"), tooLate.getItems().get(0).json());
        assertEquals(List.of(), steps(tooLate), "after a reset the client reloads; nothing older is replayed");

        AssertSubscriber<LiveEvent> inTime = subscribe(log, "a", step2, 0);
        assertEquals(List.of(3L, 4L, 5L), steps(inTime));

        // the reset's own id resumes exactly where it was sent
        String resetId = tooLate.getItems().get(0).id();
        tooLate.cancel();
        appendEpochs(log, "a", 6, 6);
        assertEquals(List.of(6L), steps(subscribe(log, "a", resetId, 0)));
    }

    @Test
    void idsOfAnotherGatewayInstanceOrNonsenseGiveAReset() {
        ReplayLog log = new ReplayLog("gw1", 100, 60_000);
        appendEpochs(log, "a", 0, 3);
        for (String foreign : List.of("gw0-2", "gw1-99", "garbage", "gw1-x")) {
            AssertSubscriber<LiveEvent> stream = subscribe(log, "a", foreign, 0);
            assertEquals(List.of("reset"), stream.getItems().stream().map(LiveEvent::name).toList(), foreign);
        }
    }

    @Test
    void thinningKeepsTheFirstStepOfEachLogBucketPerRun() {
        ReplayLog log = new ReplayLog("gw1", 10_000, 60_000);
        AssertSubscriber<LiveEvent> thinned = subscribe(log, "a", null, 10);
        AssertSubscriber<LiveEvent> full = subscribe(log, "a", null, 0);
        appendEpochs(log, "a", 0, 13);
        log.append("a", "run", null, -1, () -> "{}", 0);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 6L, 7L, 8L, 10L, 13L), steps(thinned));
        assertEquals(14, steps(full).size());
        assertEquals("run", thinned.getItems().get(thinned.getItems().size() - 1).name(), "other events are never thinned");
    }

    @Test
    void aSweepNobodyListensToIsForgottenAfterTheIdleTime() {
        ReplayLog log = new ReplayLog("gw1", 10, 1_000);
        log.append("old", "epoch", "r", 0, () -> "{}", 0);
        for (int i = 0; i < 10_000; i++) { // eviction runs every 10,000 appends
            log.append("busy", "epoch", "r", i, () -> "{}", 5_000);
        }
        assertEquals(1, log.keptSweeps(), "only the busy sweep is kept");
    }
}
