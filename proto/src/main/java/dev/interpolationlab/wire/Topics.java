package dev.interpolationlab.wire;

import java.util.List;

/** Default topic names (product.md, "Kafka topics"). Services take the actual names from configuration. */
public final class Topics {

    public static final String SWEEPS = "lab.sweeps";
    public static final String RUNS_REQUESTED = "lab.runs.requested";
    public static final String RUNS_EVENTS = "lab.runs.events";
    public static final String RUNS_METRICS = "lab.runs.metrics";
    public static final String RUNS_CHECKPOINTS = "lab.runs.checkpoints";
    public static final String ANALYSES = "lab.analyses";
    public static final String SWEEPS_CONTROL = "lab.sweeps.control";

    /** Every lab topic; each has a dead-letter companion {@link #deadLetter(String)}. */
    public static final List<String> ALL = List.of(SWEEPS, RUNS_REQUESTED, RUNS_EVENTS, RUNS_METRICS, RUNS_CHECKPOINTS, ANALYSES,
            SWEEPS_CONTROL);

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
