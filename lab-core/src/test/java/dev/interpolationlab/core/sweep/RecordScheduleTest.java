package dev.interpolationlab.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.interpolationlab.proto.v1.RecordSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordScheduleTest {

    private static List<Long> steps(RecordSchedule schedule) {
        List<Long> steps = new ArrayList<>();
        for (long t = schedule.first(); t >= 0; t = schedule.next(t)) {
            steps.add(t);
        }
        return steps;
    }

    @Test
    void geometricScheduleFollowsFloorOfRatioPlusOneAndEndsAtTheLastStep() {
        // t_{k+1} = floor(1.1 t_k) + 1 worked by hand: ... 10 -> 12 -> 14 -> 16 -> 18 -> 20 -> 23 -> 26 -> 29 -> 32 -> 36 -> (40.6) capped at 40
        RecordSchedule schedule = RecordSchedule.of(RecordSpec.newBuilder().setGeometricRatio(1.1).build(), 40);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 12L, 14L, 16L, 18L, 20L, 23L, 26L, 29L, 32L, 36L, 40L),
                steps(schedule));
        assertEquals(22, schedule.count());
    }

    @Test
    void theConvergenceRulesWindowEndsJoinTheSchedule() {
        // geometric 1.5 up to 40 is 0, 1, 2, 4, 7, 11, 17, 26, 40; the window ends 10, 20, 30 join it, and the
        // geometric steps after them are the base schedule's own (not restarted from a window end)
        RecordSchedule base = RecordSchedule.of(RecordSpec.newBuilder().setGeometricRatio(1.5).build(), 40);
        assertEquals(List.of(0L, 1L, 2L, 4L, 7L, 11L, 17L, 26L, 40L), steps(base));
        assertEquals(List.of(0L, 1L, 2L, 4L, 7L, 10L, 11L, 17L, 20L, 26L, 30L, 40L), steps(base.withMultiplesOf(10)));
    }

    @Test
    void intervalScheduleRecordsMultiplesAndTheLastStep() {
        assertEquals(List.of(0L, 10L, 20L, 25L), steps(RecordSchedule.of(RecordSpec.newBuilder().setEverySteps(10).build(), 25)));
        assertEquals(List.of(0L, 5L, 10L), steps(RecordSchedule.of(RecordSpec.newBuilder().setEverySteps(5).build(), 10)));
    }
}
