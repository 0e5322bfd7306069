package dev.interpolationlab.api;

/** How many runs of a sweep are in each state. */
public record RunCounts(int total, int queued, int running, int completed, int failed, int cancelled) {

    /** queued | running | completed | failed | cancelled, from the run states (product.md). */
    public String sweepStatus() {
        int done = completed + failed + cancelled;
        if (total > 0 && done >= total) {
            return failed > 0 ? "failed" : cancelled > 0 ? "cancelled" : "completed";
        }
        return running + done > 0 ? "running" : "queued";
    }
}
