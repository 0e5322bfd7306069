package dev.interpolationlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the dashboard shows in a real browser, checked against the REST API of the same running stack. The page
 * exposes what its charts hold as {@code window.lab.charts[name].series} (label, x, y as received, before drawing).
 */
final class DashboardChecks {

    /** The REST answers the checks compare with. */
    interface Api {
        JsonNode get(String path) throws Exception;
    }

    private DashboardChecks() {
    }

    /** Every run of a finished sweep is on the loss charts with the stored steps, and the threshold chart holds the analysis. */
    static void completedSweep(Browser browser, String gateway, String sweepId, Api api) throws Exception {
        browser.open(gateway + "/#/sweeps/" + sweepId);
        JsonNode runs = api.get("/api/sweeps/" + sweepId + "/runs");
        awaitSeries(browser, "trainLoss", runs.size());
        List<Map<String, Object>> train = series(browser, "trainLoss");
        Set<String> runIds = new HashSet<>();
        runs.forEach(run -> runIds.add(run.get("id").asText()));
        assertEquals(runIds, new HashSet<>(train.stream().map(s -> (String) s.get("label")).toList()), "one train-loss curve per run");
        for (Map<String, Object> curve : train) {
            String runId = (String) curve.get("label");
            Map<Long, Double> stored = new HashMap<>();
            api.get("/api/runs/" + runId + "/metrics").forEach(row -> stored.put(row.get("step").asLong(), row.get("trainLoss").asDouble()));
            List<Long> steps = longs(curve.get("x"));
            List<Double> losses = doubles(curve.get("y"));
            assertEquals(stored.keySet().stream().max(Long::compare).orElseThrow(), steps.get(steps.size() - 1),
                    runId + ": the curve ends at the run's last recorded step");
            for (int i = 0; i < steps.size(); i++) {
                assertEquals(stored.get(steps.get(i)), losses.get(i), runId + " step " + steps.get(i) + " as stored");
            }
        }
        // the fraction non-interpolating of every threshold row, one series per initialisation scale (and its interval)
        JsonNode analysis = api.get("/api/sweeps/" + sweepId + "/analysis");
        List<Map<String, Object>> fraction = series(browser, "nonInterpolating");
        assertEquals(3 * analysis.get("threshold").size(), fraction.size(), "fraction, low and high per group");
        for (int g = 0; g < analysis.get("threshold").size(); g++) {
            JsonNode group = analysis.get("threshold").get(g);
            List<Double> certified = new java.util.ArrayList<>();
            group.get("rows").forEach(row -> {
                if (row.has("fractionNonInterpolating")) {
                    certified.add(row.get("fractionNonInterpolating").asDouble());
                }
            });
            assertEquals(certified, doubles(fraction.get(3 * g).get("y")), "the fraction over the certified runs of each n");
            // the threshold section: the bracket and interval of n*_interp as the analysis has them, and the state counts
            String interp = (String) browser.script("return document.querySelector('[data-threshold-interp=\"" + g + "\"]').textContent");
            JsonNode threshold = group.get("interpolation");
            String bracket = !threshold.has("at") ? "not reached"
                    : !threshold.has("below") ? "≤ " + threshold.get("at").asInt()
                    : "in (" + threshold.get("below").asInt() + ", " + threshold.get("at").asInt() + "]";
            assertTrue(interp.contains(bracket), interp + " shows " + bracket);
            assertEquals(threshold.has("logistic"), interp.contains("95% profile"), interp);
            @SuppressWarnings("unchecked")
            List<List<String>> cells = (List<List<String>>) browser.script("return [...document.querySelectorAll('[data-threshold=\"" + g
                    + "\"] tr')].slice(1).map(tr => [...tr.children].map(td => td.textContent))");
            for (int r = 0; r < group.get("rows").size(); r++) {
                JsonNode row = group.get("rows").get(r);
                assertEquals(List.of(Integer.toString(row.path("interpolatingRuns").asInt()), Integer.toString(row.path("olsLikeRuns").asInt()),
                        Integer.toString(row.path("spuriousRuns").asInt()), Integer.toString(row.path("unresolvedRuns").asInt())),
                        cells.get(r).subList(4, 8), "end states at n = " + row.get("samples"));
            }
        }
        // the timeline: a bar per attempt at each run, coloured by its outcome, and the dispatch efficiency of the sweep
        int attempts = 0;
        Map<String, String> outcomes = new HashMap<>();
        for (JsonNode run : runs) {
            for (JsonNode attempt : run.at("/timeline/attempts")) {
                attempts++;
                outcomes.put(run.get("id").asText() + "#" + attempt.get("attempt").asInt(), attempt.get("outcome").asText());
            }
        }
        @SuppressWarnings("unchecked")
        List<List<String>> bars = (List<List<String>>) browser.script("return [...document.querySelectorAll('[data-timeline] rect')]"
                + ".map(r => [r.dataset.run + '#' + r.dataset.attempt, r.dataset.outcome])");
        assertEquals(attempts, bars.size(), "one bar per attempt");
        for (List<String> bar : bars) {
            assertEquals(outcomes.get(bar.get(0)), bar.get(1), "the bar of " + bar.get(0));
        }
        double efficiency = Double.parseDouble((String) browser.script("return document.querySelector('[data-dispatch]').dataset.dispatch"));
        assertEquals(analysis.at("/dispatch/efficiency").asDouble(), efficiency, 5e-3, "the dispatch efficiency shown");
        assertFalse((Boolean) browser.script("return document.body.innerText.includes('null')"), "no stray null on the page");
        screenshot(browser, "sweep-completed");
    }

    /** The run page draws every stored step of the run. */
    static void runPage(Browser browser, String gateway, String sweepId, String runId, Api api) throws Exception {
        browser.open(gateway + "/#/sweeps/" + sweepId + "/runs/" + runId);
        awaitSeries(browser, "runLoss", 2);
        JsonNode stored = api.get("/api/runs/" + runId + "/metrics");
        List<Long> steps = longs(series(browser, "runLoss").get(0).get("x"));
        assertEquals(stored.size(), steps.size());
        assertEquals(stored.get(stored.size() - 1).get("step").asLong(), steps.get(steps.size() - 1));
        screenshot(browser, "run");
    }

    /** The hull page plots the analysis' fraction inside for every grid point. */
    static void hullPage(Browser browser, String gateway, String sweepId, Api api) throws Exception {
        browser.open(gateway + "/#/sweeps/" + sweepId + "/hull");
        JsonNode geometry = api.get("/api/sweeps/" + sweepId + "/analysis").get("geometry");
        awaitSeries(browser, "hullInside", 1);
        Set<Double> expected = new HashSet<>();
        geometry.forEach(point -> expected.add(point.get("inputFractionInside").asDouble()));
        Set<Double> shown = new HashSet<>();
        List<Map<String, Object>> inside = series(browser, "hullInside");
        for (int i = 0; i < inside.size(); i += 2) { // input space; hidden-feature space follows each
            shown.addAll(doubles(inside.get(i).get("y")));
        }
        assertEquals(expected, shown);
        // the distance distribution: one decile curve per grid point, as the analysis gives it
        List<Map<String, Object>> deciles = series(browser, "hullDeciles");
        assertEquals(geometry.size(), deciles.size());
        Set<List<Double>> expectedDeciles = new HashSet<>();
        geometry.forEach(point -> {
            List<Double> values = new java.util.ArrayList<>();
            point.get("inputDistanceDeciles").forEach(v -> values.add(v.asDouble()));
            expectedDeciles.add(values);
        });
        assertEquals(expectedDeciles, new HashSet<>(deciles.stream().map(s -> doubles(s.get("y"))).toList()));
        screenshot(browser, "hull");
    }

    /**
     * The page of a running sweep, loaded once: a step recorded after the load reaches its chart through the live stream,
     * without a reload, with the value the store holds.
     */
    static void liveSweep(Browser browser, String gateway, String sweepId, Api api) throws Exception {
        browser.open(gateway + "/#/sweeps/" + sweepId);
        awaitSeries(browser, "trainLoss", 1);
        browser.script("window.loadedOnce = true;");
        Map<String, Long> lastAtLoad = lastSteps(browser);
        Function<org.openqa.selenium.WebDriver, Map.Entry<String, Long>> newStep = driver -> lastSteps(browser).entrySet().stream()
                .filter(e -> e.getValue() > lastAtLoad.getOrDefault(e.getKey(), -1L)).findFirst().orElse(null);
        Map.Entry<String, Long> arrived;
        try {
            arrived = browser.await(Duration.ofSeconds(90), newStep);
        } catch (RuntimeException e) { // say what the page had, so a failure tells a dead stream from a finished run
            throw new AssertionError("no step after the load reached the chart: last steps at load " + lastAtLoad + ", now "
                    + lastSteps(browser) + "; live " + browser.script("return JSON.stringify(lab.live)") + ", indicator "
                    + browser.script("return document.getElementById('live').className") + "; page error "
                    + browser.script("return lab.error") + "; runs " + api.get("/api/sweeps/" + sweepId + "/runs"), e);
        }
        assertEquals(Boolean.TRUE, browser.script("return window.loadedOnce === true"), "the page was not reloaded");
        assertTrue(((Number) browser.script("return lab.live.epochs")).longValue() > 0, "it came through the live stream");
        String runId = arrived.getKey();
        long step = arrived.getValue();
        Map<String, Object> curve = series(browser, "trainLoss").stream().filter(s -> runId.equals(s.get("label"))).findFirst().orElseThrow();
        List<Long> steps = longs(curve.get("x"));
        double shown = doubles(curve.get("y")).get(steps.indexOf(step));
        // the live path reads Kafka directly and can be ahead of the store, which writes in batches: wait for the step
        double stored = Double.NaN;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Double.isNaN(stored) && System.nanoTime() < deadline) {
            for (JsonNode row : api.get("/api/runs/" + runId + "/metrics")) {
                if (row.get("step").asLong() == step) {
                    stored = row.get("trainLoss").asDouble();
                }
            }
            if (Double.isNaN(stored)) {
                Thread.sleep(200);
            }
        }
        assertEquals(stored, shown, "step " + step + " of " + runId + " as stored");
        screenshot(browser, "sweep-live");
    }

    /** What happens to the lab while a page follows it: a gateway killed and started again, say. */
    interface Disruption {
        void happen() throws Exception;
    }

    /**
     * A page following a sweep live through {@code disruption} of its gateway: the stream reconnects by itself to the
     * gateway that answers now, which does not hold the old one's event ids and sends {@code reset}; the page loads
     * again from the store and follows on. Once the sweep has finished, its loss curves are those of a page opened
     * afterwards: no step lost, none twice (and at most the tip the reload drew).
     */
    static void followedThrough(Browser browser, String gateway, String sweepId, Disruption disruption, Api api) throws Exception {
        browser.open(gateway + "/#/sweeps/" + sweepId);
        awaitSeries(browser, "trainLoss", 1);
        disruption.happen();
        browser.await(Duration.ofSeconds(60), driver -> ((Number) browser.script("return lab.live.resets")).longValue() > 0 ? Boolean.TRUE : null);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!api.get("/api/sweeps/" + sweepId).path("status").asText().equals("completed")) {
            assertTrue(System.nanoTime() < deadline, "the sweep did not complete: " + api.get("/api/sweeps/" + sweepId));
            Thread.sleep(500);
        }
        // every run's last event (its completion, with its final step) has reached the page
        browser.await(Duration.ofSeconds(30), driver -> browser.script(
                "const rows = Array.from(document.querySelectorAll('#runs tr')).slice(1);"
                        + " return rows.length > 0 && rows.every(tr => tr.children[2].textContent.trim() === 'completed')")
                .equals(Boolean.TRUE) ? Boolean.TRUE : null);
        Map<String, List<Long>> followed = stepsByRun(browser);
        long epochs = ((Number) browser.script("return lab.live.epochs")).longValue();
        try (Browser fresh = new Browser()) {
            fresh.open(gateway + "/#/sweeps/" + sweepId);
            awaitSeries(fresh, "trainLoss", followed.size());
            Map<String, List<Long>> opened = stepsByRun(fresh);
            assertEquals(opened.keySet(), followed.keySet());
            for (var run : opened.entrySet()) {
                // every step of the finished curve, in order, none twice; a page that reloaded mid-run also keeps the
                // run's tip at that moment (the latest stored step, which the thinned finished curve drops): at most one more
                List<Long> kept = followed.get(run.getKey());
                assertEquals(kept.stream().distinct().sorted().toList(), kept, "steps in order, none twice: " + run.getKey());
                assertTrue(kept.containsAll(run.getValue()), "the page followed through the restart (" + epochs
                        + " live epochs) lost steps of " + run.getKey() + ": " + kept + " against " + run.getValue());
                assertTrue(kept.size() <= run.getValue().size() + 1, "more than the reload's tip: " + kept + " against " + run.getValue());
            }
        }
    }

    private static Map<String, List<Long>> stepsByRun(Browser browser) {
        Map<String, List<Long>> steps = new HashMap<>();
        for (Map<String, Object> curve : series(browser, "trainLoss")) {
            steps.put((String) curve.get("label"), longs(curve.get("x")));
        }
        return steps;
    }

    /** Once every chart of the page is drawn (they draw at most every 250 ms). */
    private static void screenshot(Browser browser, String name) {
        browser.await(Duration.ofSeconds(10), driver -> browser.script(
                "return Object.values(lab.charts).filter(c => c.plotArea).every(c => c.plot && !c.pendingDraw)").equals(Boolean.TRUE) ? Boolean.TRUE : null);
        browser.screenshot(name);
    }

    private static Map<String, Long> lastSteps(Browser browser) {
        Map<String, Long> last = new HashMap<>();
        for (Map<String, Object> curve : series(browser, "trainLoss")) {
            List<Long> steps = longs(curve.get("x"));
            last.put((String) curve.get("label"), steps.isEmpty() ? -1L : steps.get(steps.size() - 1));
        }
        return last;
    }

    private static void awaitSeries(Browser browser, String chart, int atLeast) {
        try {
            browser.await(Duration.ofSeconds(30), driver -> browser.script(
                    "return !!(window.lab && lab.ready && lab.charts[arguments[0]] && lab.charts[arguments[0]].series.length >= arguments[1])",
                    chart, atLeast).equals(Boolean.TRUE) ? Boolean.TRUE : null);
        } catch (RuntimeException e) {
            throw new AssertionError("chart " + chart + " never held " + atLeast + " series; page error: "
                    + browser.script("return window.lab && lab.error") + "; console: " + browser.console(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> series(Browser browser, String chart) {
        return (List<Map<String, Object>>) browser.script(
                "return lab.charts[arguments[0]].series.map(s => ({label: s.label, x: Array.from(s.x), y: Array.from(s.y)}))", chart);
    }

    private static List<Long> longs(Object values) {
        return ((List<?>) values).stream().map(v -> ((Number) v).longValue()).toList();
    }

    private static List<Double> doubles(Object values) {
        return ((List<?>) values).stream().map(v -> v == null ? Double.NaN : ((Number) v).doubleValue()).toList();
    }
}
