package dev.interpolationlab.core.spec;

/**
 * Size limits that protect the trainers: a spec beyond them is rejected at the gateway.
 *
 * @param maxRuns            runs in one sweep (grid points × repeats)
 * @param maxSamplesTimesDim n·d of the training (or test) set of one run
 * @param maxWidthTimesDim   m·d, the first-layer parameters of one run
 * @param maxSteps           optimiser steps of one run
 * @param maxCsvChars        characters of an uploaded CSV data set (training or test rows)
 */
public record SpecLimits(int maxRuns, long maxSamplesTimesDim, long maxWidthTimesDim, long maxSteps, int maxCsvChars) {

    public static final SpecLimits DEFAULTS = new SpecLimits(10_000, 50_000_000L, 50_000_000L, 10_000_000L, 8_000_000);
}
