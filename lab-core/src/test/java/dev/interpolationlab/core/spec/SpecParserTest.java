package dev.interpolationlab.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.interpolationlab.api.SpecError;
import dev.interpolationlab.proto.v1.RecordSpec;
import dev.interpolationlab.proto.v1.TrainingSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SpecParserTest {

    private final SpecParser parser = new SpecParser(new SpecLimits(100, 1_000_000, 1_000_000, 1_000_000, 10_000));

    private static final String VALID_YAML = """
            name: threshold-d5
            seed: 7
            repeats: 2
            model: {kind: two-layer, width: 50, init: {scheme: balanced, scale: 1.0e-5}}
            data: {kind: gaussian-teacher, dim: 5, samples: 160, noise: 0.5, testSamples: 200}
            optimizer: {kind: gd, lr: 0.05, steps: 4e4}
            record: {every: "geometric:1.1"}
            grid:
              data.samples: [20, 40, 80]
              model.init.scale: [1.0e-5, 1.0]
            analyses: [threshold]
            """;

    @Test
    void theJsonSchemaDescribesEveryFieldOfANormalisedSpecWithItsRange() {
        ObjectNode schema = parser.jsonSchema();
        assertEquals(List.of("name", "model", "data", "optimizer"), toList(schema.path("required")));
        assertFalse(schema.path("additionalProperties").asBoolean(true), "an unknown field is a 400, so the schema closes objects");
        // every field the parser fills into a normalised spec is documented, down to the leaves
        assertDocumented(parser.parseYaml(VALID_YAML).normalised(), schema, "");
        JsonNode width = schema.at("/properties/model/properties/width");
        assertEquals("integer", width.path("type").asText());
        assertEquals(1, width.path("minimum").asLong());
        assertEquals(0.0, schema.at("/properties/model/properties/init/properties/scale/exclusiveMinimum").asDouble(-1),
                "λ > 0: the rule's exclusive bound");
        assertEquals(1_000_000, schema.at("/properties/optimizer/properties/steps/maximum").asLong(), "the parser's step limit");
        assertTrue(toList(schema.at("/properties/data/properties/kind/enum")).contains("gaussian-teacher"));
        assertEquals("geometric:1.1", schema.at("/properties/record/properties/every/default").asText());
    }

    private static List<String> toList(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static void assertDocumented(JsonNode normalised, JsonNode schema, String path) {
        normalised.fields().forEachRemaining(field -> {
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode property = schema.path("properties").path(field.getKey());
            assertTrue(property.isObject(), at + " is in the normalised spec but not in the schema");
            if (at.equals("grid")) {
                assertEquals("array", property.at("/additionalProperties/type").asText(), "each grid axis is a list of values");
            } else if (field.getValue().isObject()) {
                assertDocumented(field.getValue(), property, at);
            }
        });
    }

    @Test
    void acceptsTheProductExampleAndFillsDefaults() {
        ValidatedSweep sweep = parser.parseYaml(VALID_YAML);
        assertEquals("threshold-d5", sweep.spec().getName());
        assertEquals(7, sweep.spec().getSeed());
        assertEquals(40_000, sweep.spec().getBase().getOptimizer().getSteps());
        assertEquals("half-mse", sweep.spec().getBase().getLoss());
        assertEquals("relu", sweep.spec().getBase().getModel().getActivation());
        assertEquals(RecordSpec.newBuilder().setGeometricRatio(1.1).build(), sweep.spec().getBase().getRecord());
        assertEquals(List.of("data.samples", "model.init.scale"),
                sweep.spec().getGridList().stream().map(a -> a.getPath()).toList());
        assertEquals(List.of("20", "40", "80"), sweep.spec().getGrid(0).getValuesList());
    }

    @Test
    void jsonAndYamlGiveTheSameSpec() {
        String json = """
                {"name": "threshold-d5", "seed": 7, "repeats": 2,
                 "model": {"kind": "two-layer", "width": 50, "init": {"scheme": "balanced", "scale": 1e-5}},
                 "data": {"kind": "gaussian-teacher", "dim": 5, "samples": 160, "noise": 0.5, "testSamples": 200},
                 "optimizer": {"kind": "gd", "lr": 0.05, "steps": 40000},
                 "record": {"every": "geometric:1.1"},
                 "grid": {"data.samples": [20, 40, 80], "model.init.scale": [1e-5, 1.0]},
                 "analyses": ["threshold"]}
                """;
        assertEquals(parser.parseYaml(VALID_YAML).spec(), parser.parseJson(json).spec());
    }

    @Test
    void listsEveryOffendingFieldAtOnce() {
        String json = """
                {"name": "bad name!", "repeats": 0, "colour": "blue",
                 "model": {"kind": "transformer", "width": "wide"},
                 "data": {"kind": "gaussian-teacher", "dim": -3, "samples": 100, "noise": -1},
                 "optimizer": {"kind": "gd", "lr": 0, "steps": 100},
                 "record": {"every": "sometimes"},
                 "grid": {"data.colour": [1, 2], "optimizer.lr": [0.1, -0.1], "model": [1]},
                 "analyses": ["threshold", "entropy"]}
                """;
        InvalidSpecException rejected = assertThrows(InvalidSpecException.class, () -> parser.parseJson(json));
        Map<String, String> byField = rejected.errors().stream()
                .collect(Collectors.toMap(SpecError::field, SpecError::message, (a, b) -> a + " | " + b));
        for (String field : List.of("name", "repeats", "colour", "model.kind", "model.width", "data.dim", "data.noise",
                "optimizer.lr", "record.every", "grid.data.colour", "grid.optimizer.lr[1]", "grid.model", "analyses[1]")) {
            assertTrue(byField.containsKey(field), () -> field + " not reported; got " + byField);
        }
        assertTrue(byField.get("model.kind").contains("must be one of"), byField.get("model.kind"));
        assertTrue(byField.get("colour").startsWith("unknown field"), byField.get("colour"));
    }

    @Test
    void reportsMissingRequiredFields() {
        InvalidSpecException rejected = assertThrows(InvalidSpecException.class, () -> parser.parseJson("{\"name\": \"x\"}"));
        assertEquals(List.of("model", "data", "optimizer"), rejected.errors().stream().map(SpecError::field).toList());
    }

    @Test
    void checksCrossFieldConstraintsAtEveryGridPoint() {
        String yaml = VALID_YAML.replace("data.samples: [20, 40, 80]", "data.samples: [20, 4, 80]")
                .replace("width: 50", "width: 300000");
        InvalidSpecException rejected = assertThrows(InvalidSpecException.class, () -> parser.parseYaml(yaml));
        Map<String, String> byField = rejected.errors().stream().collect(Collectors.toMap(SpecError::field, SpecError::message));
        assertTrue(byField.get("data.samples").contains("n = 4, d = 5"), byField.toString());
        assertTrue(byField.get("model.width").contains("exceeds the limit"), byField.toString());
    }

    /** RE-2R's grid spans the pixels and their principal components: data.pca = 0 is the pixels, as when absent. */
    @Test
    void fashionMnistPcaZeroIsThePixelsSoOneGridCanSpanPixelsAndComponents() {
        String yaml = """
                name: pixels-and-components
                model: {kind: mlp, width: 8, depth: 1}
                data: {kind: fashion-mnist, samples: 50, testSamples: 10}
                optimizer: {kind: sgd, lr: 0.01, batch: 10, steps: 10}
                loss: cross-entropy
                grid:
                  data.pca: [0, 8]
                """;
        ValidatedSweep sweep = parser.parseYaml(yaml);
        assertEquals(List.of("0", "8"), toList(sweep.normalised().path("grid").path("data.pca")), sweep.normalised().toString());
        InvalidSpecException rejected = assertThrows(InvalidSpecException.class, () -> parser.parseYaml(yaml.replace("[0, 8]", "[-1, 8]")));
        assertEquals(List.of("grid.data.pca[0]"), rejected.errors().stream().map(SpecError::field).toList());
    }

    @Test
    void readsGeluZeroOutputAndTheConvergenceRule() {
        String yaml = VALID_YAML.replace("model: {kind: two-layer, width: 50, init: {scheme: balanced, scale: 1.0e-5}}",
                        "model: {kind: two-layer, width: 50, activation: gelu, init: {scheme: balanced, scale: 1.0e-5, zeroOutput: true}}")
                .replace("optimizer: {kind: gd, lr: 0.05, steps: 4e4}",
                        "optimizer: {kind: gd, lr: 0.05, steps: 4e4, stop: convergence, window: 2000, gradTolerance: 1.0e-7}");
        var base = parser.parseYaml(yaml).spec().getBase();
        assertEquals("gelu", base.getModel().getActivation());
        assertTrue(base.getModel().getInit().getZeroOutput());
        assertEquals("convergence", base.getOptimizer().getStop());
        assertEquals(2000, base.getOptimizer().getWindow());
        assertEquals(1e-4, base.getOptimizer().getLossTolerance(), "default");
        assertEquals(1e-7, base.getOptimizer().getGradTolerance());
        assertEquals("horizon", parser.parseYaml(VALID_YAML).spec().getBase().getOptimizer().getStop(), "default");
    }

    @Test
    void zeroOutputNeedsAnEvenWidthAndTheWindowMustFitTheHorizon() {
        String yaml = VALID_YAML.replace("model: {kind: two-layer, width: 50, init: {scheme: balanced, scale: 1.0e-5}}",
                        "model: {kind: two-layer, width: 51, init: {scheme: balanced, scale: 1.0e-5, zeroOutput: true}}")
                .replace("optimizer: {kind: gd, lr: 0.05, steps: 4e4}", "optimizer: {kind: gd, lr: 0.05, steps: 100, stop: convergence}");
        InvalidSpecException rejected = assertThrows(InvalidSpecException.class, () -> parser.parseYaml(yaml));
        Map<String, String> byField = rejected.errors().stream().collect(Collectors.toMap(SpecError::field, SpecError::message));
        assertTrue(byField.get("model.init.zeroOutput").contains("even"), byField.toString());
        assertTrue(byField.get("optimizer.window").contains("longer than the horizon"), byField.toString());
    }

    @Test
    void aHorizonHoldsAtMostTenThousandConvergenceWindows() {
        String yaml = VALID_YAML.replace("optimizer: {kind: gd, lr: 0.05, steps: 4e4}",
                "optimizer: {kind: gd, lr: 0.05, steps: 1e6, stop: convergence, window: 10}");
        InvalidSpecException rejected = assertThrows(InvalidSpecException.class, () -> parser.parseYaml(yaml));
        assertEquals("optimizer.window", rejected.errors().get(0).field());
        assertTrue(rejected.errors().get(0).message().contains("100000 convergence windows"), rejected.errors().toString());
        assertTrue(rejected.errors().get(0).message().contains("a window of at least 100 steps"), rejected.errors().toString());
        parser.parseYaml(yaml.replace("window: 10}", "window: 100}"));
    }

    @Test
    void oneDimensionalDataSetsFillTheirShapeAndRejectOthers() {
        String threePoint = """
                name: re4
                model: {kind: two-layer, width: 1000, bias: true, init: {scheme: unbalanced, scale: 1.0}}
                data: {kind: three-point}
                optimizer: {kind: gd, lr: 0.01, steps: 200000}
                loss: mse
                """;
        ValidatedSweep sweep = parser.parseYaml(threePoint);
        assertEquals(1, sweep.spec().getBase().getData().getDim());
        assertEquals(3, sweep.spec().getBase().getData().getSamples());
        assertEquals("unbalanced", sweep.spec().getBase().getModel().getInit().getScheme());
        assertEquals(40, parser.parseYaml(threePoint.replace("three-point", "stewart")).spec().getBase().getData().getSamples());

        InvalidSpecException rejected = assertThrows(InvalidSpecException.class,
                () -> parser.parseYaml(threePoint.replace("{kind: three-point}", "{kind: three-point, dim: 2, noise: 0.1}")));
        assertEquals(java.util.Set.of("data.dim", "data.samples", "data.noise"), rejected.errors().stream().map(SpecError::field).collect(Collectors.toSet()));
        InvalidSpecException noSize = assertThrows(InvalidSpecException.class,
                () -> parser.parseYaml(threePoint.replace("{kind: three-point}", "{kind: gaussian-teacher}")));
        assertEquals(List.of("data.dim", "data.samples"), noSize.errors().stream().map(SpecError::field).toList());
    }

    @Test
    void aHiddenBiasNeedsOneMoreSampleForTheAffineBaseline() {
        String yaml = VALID_YAML.replace("width: 50,", "width: 50, bias: true,").replace("data.samples: [20, 40, 80]", "data.samples: [6, 40]");
        InvalidSpecException rejected = assertThrows(InvalidSpecException.class, () -> parser.parseYaml(yaml));
        assertTrue(rejected.errors().get(0).message().contains("6 parameters"), rejected.errors().toString());
        parser.parseYaml(yaml.replace("[6, 40]", "[7, 40]"));
    }

    @Test
    void capsTheNumberOfRuns() {
        String yaml = VALID_YAML.replace("repeats: 2", "repeats: 20");
        InvalidSpecException rejected = assertThrows(InvalidSpecException.class, () -> parser.parseYaml(yaml));
        assertEquals("grid", rejected.errors().get(0).field());
        assertTrue(rejected.errors().get(0).message().contains("120 runs"), rejected.errors().get(0).message());
    }

    @Test
    void reportsMalformedInputWithItsPosition() {
        InvalidSpecException rejected = assertThrows(InvalidSpecException.class, () -> parser.parseJson("{\"name\": "));
        assertEquals("$", rejected.errors().get(0).field());
        assertTrue(rejected.errors().get(0).message().contains("line 1"), rejected.errors().get(0).message());
        assertThrows(InvalidSpecException.class, () -> parser.parseJson("  "));
        assertThrows(InvalidSpecException.class, () -> parser.parseJson("[1, 2]"));
    }

    @Test
    void fillsTheDefaultsOfEachModelOptimiserAndDataKind() {
        TrainingSpec mlp = parser.parseJson("""
                {"name": "memo", "model": {"kind": "mlp", "width": 512},
                 "data": {"kind": "gaussian-mixture", "dim": 50, "samples": 2000, "labelNoise": 0.4},
                 "optimizer": {"kind": "sgd", "lr": 0.01, "steps": 1000, "batch": 128, "momentum": 0.9}}
                """).spec().getBase();
        assertEquals("cross-entropy", mlp.getLoss(), "classification data default to cross-entropy");
        assertEquals("glorot", mlp.getModel().getInit().getScheme());
        assertEquals(1.0, mlp.getModel().getInit().getScale());
        assertEquals(10, mlp.getData().getClasses());
        assertEquals(0.6, mlp.getData().getMeanScale());
        assertEquals(128, mlp.getOptimizer().getBatch());

        TrainingSpec ridge = parser.parseJson("""
                {"name": "rf", "model": {"kind": "random-features", "width": 500, "ridge": 0.1},
                 "data": {"kind": "sphere", "dim": 100, "samples": 300}, "optimizer": {"kind": "closed-form"}}
                """).spec().getBase();
        assertEquals("half-mse", ridge.getLoss());
        assertEquals(0, ridge.getOptimizer().getSteps());

        TrainingSpec csv = parser.parseJson("""
                {"name": "upload", "model": {"kind": "linear"}, "optimizer": {"kind": "closed-form"},
                 "data": {"kind": "csv", "train": "a,b,y\\n1,2,3\\n4,5,6\\n7,8,10", "test": "1,1,1"}}
                """).spec().getBase();
        assertEquals(2, csv.getData().getDim());
        assertEquals(3, csv.getData().getSamples());
        assertEquals(1, csv.getData().getTestSamples());
        assertEquals(0, csv.getModel().getWidth());
    }

    @Test
    void rejectsCombinationsThatMakeNoSenseNamingEachField() {
        InvalidSpecException rejected = assertThrows(InvalidSpecException.class, () -> parser.parseJson("""
                {"name": "bad", "model": {"kind": "two-layer", "width": 10, "ridge": 1, "depth": 3},
                 "data": {"kind": "gaussian-teacher", "dim": 5, "samples": 40, "labelNoise": 0.2},
                 "optimizer": {"kind": "sgd", "lr": 0.1, "steps": 10, "stop": "convergence", "window": 5},
                 "loss": "cross-entropy"}
                """));
        Map<String, String> byField = rejected.errors().stream().collect(Collectors.toMap(SpecError::field, SpecError::message));
        assertTrue(byField.get("model.ridge").contains("closed-form"), byField.toString());
        assertTrue(byField.get("model.depth").contains("mlp"), byField.toString());
        assertTrue(byField.get("data.labelNoise").contains("classification"), byField.toString());

        InvalidSpecException randomSign = assertThrows(InvalidSpecException.class, () -> parser.parseJson("""
                {"name": "bad", "model": {"kind": "mlp", "width": 10},
                 "data": {"kind": "gaussian-mixture", "dim": 5, "samples": 40, "labels": "random-sign"},
                 "optimizer": {"kind": "gd", "lr": 0.1, "steps": 10}, "loss": "cross-entropy"}
                """));
        assertTrue(randomSign.errors().stream().anyMatch(e -> e.field().equals("data.labels") && e.message().contains("gaussian-mixture")),
                randomSign.errors().toString());
        InvalidSpecException noisySigns = assertThrows(InvalidSpecException.class, () -> parser.parseJson("""
                {"name": "bad", "model": {"kind": "random-features", "width": 10},
                 "data": {"kind": "sphere", "dim": 5, "samples": 40, "noise": 0.5, "labels": "random-sign"},
                 "optimizer": {"kind": "closed-form"}, "loss": "mse"}
                """));
        assertTrue(noisySigns.errors().stream().anyMatch(e -> e.field().equals("data.noise")), noisySigns.errors().toString());
        assertTrue(byField.get("optimizer.batch").contains("required for sgd"), byField.toString());
        assertTrue(byField.get("loss").contains("classification data"), byField.toString());

        InvalidSpecException closedFormNet = assertThrows(InvalidSpecException.class, () -> parser.parseJson("""
                {"name": "bad", "model": {"kind": "two-layer", "width": 10},
                 "data": {"kind": "csv", "train": "1,2\\n3"}, "optimizer": {"kind": "closed-form", "lr": 0.1}}
                """));
        Map<String, String> errors = closedFormNet.errors().stream().collect(Collectors.toMap(SpecError::field, SpecError::message));
        assertTrue(errors.get("data.train").contains("line 2 has 1 fields"), errors.toString());
        assertTrue(errors.get("optimizer.lr").contains("leave lr out"), errors.toString());
    }

    @Test
    void rejectsTextTheStoreCannotHoldWhereverItIs() {
        // PostgreSQL's jsonb refuses U+0000; before this check such a CSV header was accepted and wedged sweep storage
        InvalidSpecException nulInCsv = assertThrows(InvalidSpecException.class, () -> parser.parseJson("""
                {"name": "nul", "model": {"kind": "linear"},
                 "data": {"kind": "csv", "train": "a\\u0000,b,y\\n1,2,3\\n4,5,6\\n7,8,10\\n2,2,2", "test": "1,1,1"},
                 "optimizer": {"kind": "closed-form"}}
                """));
        Map<String, String> errors = nulInCsv.errors().stream().collect(Collectors.toMap(SpecError::field, SpecError::message));
        assertTrue(errors.get("data.train").contains("NUL character (U+0000) at position 1"), errors.toString());

        InvalidSpecException nulInName = assertThrows(InvalidSpecException.class,
                () -> parser.parseJson("{\"name\": \"a\\u0000b\", \"grid\": {\"data.samples\\u0000\": [20]}}"));
        Map<String, String> byField = nulInName.errors().stream()
                .collect(Collectors.toMap(SpecError::field, SpecError::message, (a, b) -> a + "; " + b));
        assertTrue(byField.get("name").contains("NUL character"), byField.toString());
        assertTrue(byField.get("grid.data.samples\\u0000").contains("field name contains a NUL character"), byField.toString());

        InvalidSpecException loneSurrogate = assertThrows(InvalidSpecException.class,
                () -> parser.parseJson("{\"name\": \"threshold-\\ud800\"}"));
        assertTrue(loneSurrogate.errors().stream().anyMatch(e -> e.field().equals("name") && e.message().contains("unpaired")),
                loneSurrogate.errors().toString());

        // a paired surrogate (an emoji) is valid text and stays accepted
        TrainingSpec emoji = parser.parseJson("""
                {"name": "emoji", "model": {"kind": "linear"},
                 "data": {"kind": "csv", "train": "\uD83D\uDE00,b,y\\n1,2,3\\n4,5,6\\n7,8,10\\n2,2,2", "test": "1,1,1"},
                 "optimizer": {"kind": "closed-form"}}
                """).spec().getBase();
        assertEquals(4, emoji.getData().getSamples());
    }

    @Test
    void aWidthWhoseMetricsRecordsWouldPassTheProducersLimitIsRefused() {
        // 62,000 neurons on 1-D data made every metrics record over 1 MB: the trainer retried it forever, health UP
        String spec = """
                {"name": "polar", "model": {"kind": "two-layer", "width": %d},
                 "data": {"kind": "gaussian-teacher", "dim": 1, "samples": 40, "noise": 0.1},
                 "optimizer": {"kind": "gd", "lr": 0.01, "steps": 100}}""";
        InvalidSpecException wide = assertThrows(InvalidSpecException.class, () -> parser.parseJson(spec.formatted(62_000)));
        assertTrue(wide.errors().stream().anyMatch(e -> e.field().equals("model.width") && e.message().contains("polar coordinates")),
                wide.errors().toString());
        assertEquals(20_000, parser.parseJson(spec.formatted(20_000)).spec().getBase().getModel().getWidth());
    }

    @Test
    void anUploadCopiedIntoTooManyRunRequestsIsRefused() {
        // each run request carries the CSV: 1 M characters × 10,000 runs wrote ~10 GB to Kafka
        SpecParser wide = new SpecParser(new SpecLimits(10_000, 1_000_000, 1_000_000, 1_000_000, 2_000_000));
        StringBuilder rows = new StringBuilder("a,y\\n");
        while (rows.length() < 1_000_000) {
            rows.append("1.000000,2.000000\\n");
        }
        String spec = """
                {"name": "upload", "repeats": %d, "model": {"kind": "linear"}, "data": {"kind": "csv", "train": "%s"},
                 "optimizer": {"kind": "closed-form"}}""";
        InvalidSpecException tooMany = assertThrows(InvalidSpecException.class, () -> wide.parseJson(spec.formatted(200, rows)));
        assertTrue(tooMany.errors().stream()
                        .anyMatch(e -> e.field().equals("data.train") && e.message().contains("in each of the 200 run requests")),
                tooMany.errors().toString());
        assertEquals(50, wide.parseJson(spec.formatted(50, rows)).spec().getRepeats());
    }
}
