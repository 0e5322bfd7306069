package dev.interpolationlab.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.interpolationlab.api.SpecError;
import dev.interpolationlab.core.sweep.GridExpander;
import dev.interpolationlab.core.sweep.GridPoint;
import dev.interpolationlab.core.sweep.TrainingSpecs;
import dev.interpolationlab.proto.v1.GridAxis;
import dev.interpolationlab.proto.v1.GridValue;
import dev.interpolationlab.proto.v1.SweepSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a sweep spec (JSON or YAML) and validates it completely: structure and vocabulary first, then the
 * constraints that involve several fields for every grid point (n > d, n·d and m·d limits, run cap). Every
 * problem is collected; the caller gets either a {@link ValidatedSweep} or one exception listing them all.
 */
public final class SpecParser {

    /**
     * The widest two-layer network on 1-D data: each recorded step then carries every neuron's polar coordinates (an
     * angle, a radius and a sign, up to 26 bytes), and a metrics record must stay well under the producer's 1 MB.
     */
    public static final long MAX_POLAR_NEURONS = 20_000;

    /** The most uploaded CSV characters a sweep may send to Kafka in all: each run request carries its own copy. */
    public static final long MAX_CSV_CHARS_ACROSS_RUNS = 100_000_000;

    /** The most convergence windows one horizon may hold (the rule remembers the loss at each window end). */
    public static final long MAX_CONVERGENCE_WINDOWS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final ObjectMapper YAML = new YAMLMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private final SpecLimits limits;
    private final Rules.ObjectRule schema;

    public SpecParser(SpecLimits limits) {
        this.limits = limits;
        this.schema = SweepSchema.create(limits);
    }

    /**
     * The sweep spec this parser accepts, as a JSON Schema (2020-12): every field with its type, range, vocabulary and
     * default, under these limits. The parser checks more than a schema can say (defaults by kind, every grid point,
     * the run count), so a spec the schema admits may still get a 400 naming the field.
     */
    public ObjectNode jsonSchema() {
        return schema.schema().put("title", "SweepSpec").put("description", "A sweep of training runs (product.md, \"Sweep spec\"), "
                + "in JSON or YAML; every absent optional field takes its default");
    }

    public ValidatedSweep parseJson(String text) {
        return validate(read(JSON, text, "JSON"));
    }

    public ValidatedSweep parseYaml(String text) {
        return validate(read(YAML, text, "YAML"));
    }

    public ValidatedSweep validate(JsonNode tree) {
        List<SpecError> errors = new ArrayList<>();
        StorableText.check(tree, "", errors);
        JsonNode checked = schema.check(tree, "", errors);
        if (checked == null) {
            throw new InvalidSpecException(errors);
        }
        ObjectNode normalised = (ObjectNode) checked;
        DataDefaults.fill((ObjectNode) normalised.get("data"), errors);
        TrainingDefaults.fill(normalised, errors);
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
        checkRunCount(normalised, errors);
        if (errors.isEmpty()) {
            checkEveryGridPoint(normalised, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
        return new ValidatedSweep(toProto(normalised), normalised);
    }

    private static JsonNode read(ObjectMapper mapper, String text, String format) {
        if (text == null || text.isBlank()) {
            throw new InvalidSpecException(List.of(new SpecError("$", "the request body is empty; expected a sweep spec in " + format)));
        }
        try {
            JsonNode tree = mapper.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                throw new InvalidSpecException(List.of(new SpecError("$", "no " + format + " document found")));
            }
            return tree;
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw new InvalidSpecException(List.of(new SpecError("$", "malformed " + format + where + ": " + e.getOriginalMessage())));
        }
    }

    private void checkRunCount(ObjectNode sweep, List<SpecError> errors) {
        long runs;
        try {
            runs = GridExpander.runCount(sweep);
        } catch (ArithmeticException e) {
            runs = Long.MAX_VALUE;
        }
        if (runs > limits.maxRuns()) {
            errors.add(new SpecError("grid", "the grid and repeats give " + (runs == Long.MAX_VALUE ? "too many" : runs)
                    + " runs, more than the limit of " + limits.maxRuns() + " per sweep"));
        }
        long csvChars = sweep.at("/data/train").asText("").length() + sweep.at("/data/test").asText("").length();
        if (runs <= limits.maxRuns() && csvChars * runs > MAX_CSV_CHARS_ACROSS_RUNS) {
            errors.add(new SpecError("data.train", "the uploaded data (" + csvChars + " characters) travels in each of the " + runs
                    + " run requests: " + csvChars * runs + " characters in all, more than " + MAX_CSV_CHARS_ACROSS_RUNS
                    + "; use fewer runs or a smaller data set"));
        }
    }

    /** Constraints that tie fields together, checked at every grid point; each is reported once. */
    private void checkEveryGridPoint(ObjectNode sweep, List<SpecError> errors) {
        Map<String, SpecError> firstByField = new LinkedHashMap<>();
        for (GridPoint point : GridExpander.points(sweep)) {
            JsonNode spec = point.spec();
            long n = spec.at("/data/samples").asLong();
            long nTest = spec.at("/data/testSamples").asLong();
            long d = spec.at("/data/dim").asLong();
            long m = spec.at("/model/width").asLong();
            String at = point.coordinates().isEmpty() ? "" : " (at grid point " + describe(point.coordinates()) + ")";
            DataDefaults.checkPoint(spec.get("data"), at, firstByField);
            TrainingDefaults.checkPoint(spec, at, firstByField);
            long parameters = d + (spec.at("/model/bias").asBoolean() ? 1 : 0);
            boolean twoLayerRegression = spec.at("/model/kind").asText().equals("two-layer") && spec.at("/data/classes").asInt() == 0;
            if (twoLayerRegression && n <= parameters) {
                // the optimisation threshold is measured against OLS on the same inputs
                firstByField.putIfAbsent("data.samples", new SpecError("data.samples",
                        "must exceed the " + parameters + " parameters of the OLS baseline (d" + (parameters > d ? " + 1 for the bias" : "")
                                + ") so that it is defined; got n = " + n + ", d = " + d + at));
            }
            if (n * d > limits.maxSamplesTimesDim()) {
                firstByField.putIfAbsent("data.samples", new SpecError("data.samples",
                        "n·d = " + n + "·" + d + " = " + n * d + " exceeds the limit " + limits.maxSamplesTimesDim() + at));
            }
            if (nTest * d > limits.maxSamplesTimesDim()) {
                firstByField.putIfAbsent("data.testSamples", new SpecError("data.testSamples",
                        "n_test·d = " + nTest * d + " exceeds the limit " + limits.maxSamplesTimesDim() + at));
            }
            if (spec.at("/model/init/zeroOutput").asBoolean() && m % 2 != 0) {
                firstByField.putIfAbsent("model.init.zeroOutput", new SpecError("model.init.zeroOutput",
                        "duplicates m/2 neurons with opposite signs, so model.width must be even; got " + m + at));
            }
            long window = spec.at("/optimizer/window").asLong();
            long steps = spec.at("/optimizer/steps").asLong();
            if (spec.at("/optimizer/stop").asText().equals("convergence") && window > steps) {
                firstByField.putIfAbsent("optimizer.window", new SpecError("optimizer.window",
                        "a convergence window of " + window + " steps is longer than the horizon of " + steps + " steps" + at));
            } else if (spec.at("/optimizer/stop").asText().equals("convergence") && steps / window > MAX_CONVERGENCE_WINDOWS) {
                // the rule keeps the loss at every window end (its horizon-extension check), and a checkpoint carries them
                firstByField.putIfAbsent("optimizer.window", new SpecError("optimizer.window",
                        "the horizon of " + steps + " steps holds " + steps / window + " convergence windows of " + window
                                + " steps, more than " + MAX_CONVERGENCE_WINDOWS + "; use a window of at least "
                                + (steps + MAX_CONVERGENCE_WINDOWS - 1) / MAX_CONVERGENCE_WINDOWS + " steps" + at));
            }
            if (spec.at("/model/kind").asText().equals("two-layer") && d == 1 && m > MAX_POLAR_NEURONS) {
                firstByField.putIfAbsent("model.width", new SpecError("model.width",
                        "on 1-D data every recorded step carries each neuron's polar coordinates, so the width is at most "
                                + MAX_POLAR_NEURONS + " (a metrics record must stay under 1 MB); got " + m + at));
            }
                        if (m * d > limits.maxWidthTimesDim()) {
                firstByField.putIfAbsent("model.width", new SpecError("model.width",
                        "m·d = " + m + "·" + d + " = " + m * d + " exceeds the limit " + limits.maxWidthTimesDim() + at));
            }
            long hiddenToHidden = (spec.at("/model/depth").asLong() - 1) * m * m;
            if (hiddenToHidden > limits.maxWidthTimesDim()) {
                firstByField.putIfAbsent("model.depth", new SpecError("model.depth",
                        "(depth − 1)·m² = " + hiddenToHidden + " hidden-to-hidden weights exceed the limit " + limits.maxWidthTimesDim() + at));
            }
        }
        errors.addAll(firstByField.values());
    }

    private static String describe(List<GridValue> coordinates) {
        StringBuilder text = new StringBuilder();
        for (GridValue value : coordinates) {
            text.append(text.length() == 0 ? "" : ", ").append(value.getPath()).append('=').append(value.getValue());
        }
        return text.toString();
    }

    /**
     * A sweep this lab accepted earlier, from its stored normalised form (every default filled in), as a retry needs it
     * to plan the same runs again. It was validated when it was submitted and is not validated again: the normalised
     * form is not a submission (it spells out defaults a submission may not), and a limit lowered since must not
     * strand a sweep's failed runs.
     */
    public static ValidatedSweep accepted(ObjectNode normalised) {
        return new ValidatedSweep(toProto(normalised), normalised);
    }

    private static SweepSpec toProto(ObjectNode sweep) {
        SweepSpec.Builder spec = SweepSpec.newBuilder()
                .setName(sweep.get("name").asText())
                .setSeed(sweep.get("seed").asLong())
                .setRepeats(sweep.get("repeats").asInt())
                .setReplicates(sweep.path("replicates").asInt(1))
                .setBase(TrainingSpecs.fromNormalised(sweep));
        for (Iterator<Map.Entry<String, JsonNode>> axes = sweep.get("grid").fields(); axes.hasNext(); ) {
            Map.Entry<String, JsonNode> axis = axes.next();
            GridAxis.Builder builder = GridAxis.newBuilder().setPath(axis.getKey());
            axis.getValue().forEach(value -> builder.addValues(value.toString()));
            spec.addGrid(builder);
        }
        sweep.get("analyses").forEach(analysis -> spec.addAnalyses(analysis.asText()));
        return spec.build();
    }
}
