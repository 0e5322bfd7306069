package dev.interpolationlab.analysis.dispatch;

import dev.interpolationlab.api.Attempt;
import dev.interpolationlab.api.RunTimeline;
import dev.interpolationlab.proto.v1.DispatchStats;
import dev.interpolationlab.proto.v1.TrainerTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How busy a sweep kept its trainers: dispatch efficiency = Σ busy trainer time ÷ (trainers × makespan), and per
 * trainer the seconds it trained nothing while a run of the sweep was queued. A plain work queue keeps both near their
 * bounds (1 and 0) but for the time a free trainer takes to get the next run; partition dispatch loses the time a
 * trainer whose partitions are empty waits while another's still hold runs.
 */
public final class DispatchEfficiency {

    private DispatchEfficiency() {
    }

    /** An interval of the timeline: a trainer's attempt (trainer set) or a run waiting in the queue (trainer null). */
    private record Span(String trainer, Instant from, Instant to) {
    }

    /**
     * The statistics of a finished sweep's timelines; empty while an attempt is open, or if no attempt started (or the
     * store lacks an attempt's start).
     */
    public static Optional<DispatchStats> of(Collection<RunTimeline> runs) {
        List<Span> busy = new ArrayList<>();
        List<Span> queued = new ArrayList<>();
        int lost = 0;
        for (RunTimeline run : runs) {
            if (run.open()) {
                return Optional.empty();
            }
            List<Attempt> attempts = run.attempts();
            Instant waitingSince = run.queuedAt();
            for (int i = 0; i < attempts.size(); i++) {
                Attempt attempt = attempts.get(i);
                if (attempt.startedAt() == null) {
                    return Optional.empty();
                }
                if (waitingSince != null && !attempt.startedAt().isBefore(waitingSince)) {
                    queued.add(new Span(null, waitingSince, attempt.startedAt()));
                    waitingSince = null;
                }
                Instant end = attempt.endedAt();
                if (attempt.outcome().equals(Attempt.LOST)) {
                    lost++;
                    end = attempts.get(i + 1).startedAt();
                }
                busy.add(new Span(attempt.trainer(), attempt.startedAt(), end));
                if (attempt.outcome().equals(Attempt.RELEASED) && waitingSince == null) {
                    waitingSince = end;
                }
            }
        }
        if (busy.isEmpty()) {
            return Optional.empty();
        }
        Instant from = busy.stream().map(Span::from).min(Comparator.naturalOrder()).orElseThrow();
        for (Span wait : queued) {
            from = wait.from().isBefore(from) ? wait.from() : from;
        }
        Instant to = busy.stream().map(Span::to).max(Comparator.naturalOrder()).orElseThrow();
        double makespan = seconds(from, to);

        Map<String, TrainerTime.Builder> trainers = new TreeMap<>();
        double busySeconds = 0;
        for (Span attempt : busy) {
            double duration = seconds(attempt.from(), attempt.to());
            busySeconds += duration;
            TrainerTime.Builder trainer = trainers.computeIfAbsent(attempt.trainer(), id -> TrainerTime.newBuilder().setTrainer(id));
            trainer.setAttempts(trainer.getAttempts() + 1).setBusySeconds(trainer.getBusySeconds() + duration);
        }
        idleWhileQueued(busy, queued, trainers);
        DispatchStats.Builder stats = DispatchStats.newBuilder()
                .setTrainers(trainers.size())
                .setMakespanSeconds(makespan)
                .setBusySeconds(busySeconds)
                .setEfficiency(makespan > 0 ? busySeconds / (trainers.size() * makespan) : 1.0)
                .setAttempts(busy.size())
                .setLostAttempts(lost);
        trainers.values().forEach(stats::addTrainerTimes);
        return Optional.of(stats.build());
    }

    /**
     * A sweep over the spans' ends in time order, counting the runs queued and each trainer's open attempts: every
     * stretch with a run queued adds its length to each trainer that has none open.
     */
    private static void idleWhileQueued(List<Span> busy, List<Span> queued, Map<String, TrainerTime.Builder> trainers) {
        List<String> ids = new ArrayList<>(trainers.keySet());
        // (time, trainer index or -1 for the queue, +1 opens / -1 closes); closes first at equal times
        record Edge(Instant at, int who, int delta) {
        }
        List<Edge> edges = new ArrayList<>();
        for (Span span : busy) {
            int who = ids.indexOf(span.trainer());
            edges.add(new Edge(span.from(), who, 1));
            edges.add(new Edge(span.to(), who, -1));
        }
        for (Span span : queued) {
            edges.add(new Edge(span.from(), -1, 1));
            edges.add(new Edge(span.to(), -1, -1));
        }
        edges.sort(Comparator.comparing(Edge::at).thenComparingInt(Edge::delta));
        int[] open = new int[ids.size()];
        double[] idle = new double[ids.size()];
        int waiting = 0;
        Instant previous = null;
        for (Edge edge : edges) {
            if (previous != null && waiting > 0) {
                double stretch = seconds(previous, edge.at());
                for (int k = 0; k < open.length; k++) {
                    if (open[k] == 0) {
                        idle[k] += stretch;
                    }
                }
            }
            if (edge.who() < 0) {
                waiting += edge.delta();
            } else {
                open[edge.who()] += edge.delta();
            }
            previous = edge.at();
        }
        for (int k = 0; k < ids.size(); k++) {
            trainers.get(ids.get(k)).setIdleWhileQueuedSeconds(idle[k]);
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
