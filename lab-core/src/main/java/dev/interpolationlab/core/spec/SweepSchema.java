package dev.interpolationlab.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The sweep specification of product.md as a tree of rules: required fields, defaults, ranges, and the
 * vocabulary this version trains. Words of the product vocabulary that a later version adds are recognised and
 * answered with "not supported by this version yet".
 */
final class SweepSchema {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SweepSchema() {
    }

    static Rules.ObjectRule create(SpecLimits limits) {
        // scheme and scale default by model kind (ModelDefaults)
        Rules.ObjectRule init = new Rules.ObjectRule()
                .optional("scheme", new Rules.ChoiceRule(List.of("balanced", "unbalanced", "dominated", "glorot"), List.of()), null)
                .optional("scale", new Rules.NumberRule(0.0, true, 1e6), null)
                .optional("zeroOutput", new Rules.BooleanRule(), NODES.booleanNode(false));
        Rules.ObjectRule model = new Rules.ObjectRule()
                .required("kind", new Rules.ChoiceRule(List.of("two-layer", "random-features", "linear", "mlp"), List.of()))
                // required except for linear (ModelDefaults)
                .optional("width", new Rules.IntRule(1, 1_000_000), null)
                .optional("depth", new Rules.IntRule(1, 16), NODES.numberNode(1))
                .optional("activation", new Rules.ChoiceRule(List.of("relu", "gelu"), List.of()), NODES.textNode("relu"))
                .optional("bias", new Rules.BooleanRule(), NODES.booleanNode(false))
                .optional("ridge", new Rules.NumberRule(0.0, false, 1e6), NODES.numberNode(0.0))
                .optional("init", init, null);
        Rules.ObjectRule data = new Rules.ObjectRule()
                .required("kind", new Rules.ChoiceRule(List.of("gaussian-teacher", "three-point", "stewart", "sphere", "moment-curve",
                        "gaussian-mixture", "fashion-mnist", "csv"), List.of()))
                // dim, samples and classes default by kind (DataDefaults)
                .optional("dim", new Rules.IntRule(1, 1_000_000), null)
                .optional("samples", new Rules.IntRule(1, 100_000_000), null)
                .optional("noise", new Rules.NumberRule(0.0, false, 1e6), NODES.numberNode(0.0))
                .optional("testSamples", new Rules.IntRule(1, 100_000_000), null)
                .optional("classes", new Rules.IntRule(2, 1_000), null)
                .optional("labelNoise", new Rules.NumberRule(0.0, false, 1.0), NODES.numberNode(0.0))
                .optional("meanScale", new Rules.NumberRule(0.0, true, 1e6), NODES.numberNode(0.6))
                // absent means teacher; no default, so the normalised specs of sweeps that do not use it stay as they were
                .optional("labels", new Rules.ChoiceRule(List.of("teacher", "random-sign"), List.of()), null)
                .optional("crop", new Rules.IntRule(1, 28), null)
                .optional("pca", new Rules.IntRule(0, 784), null) // 0: the pixels, as when absent (a grid can span both)
                .optional("train", new Rules.TextRule(limits.maxCsvChars()), null)
                .optional("test", new Rules.TextRule(limits.maxCsvChars()), null);
        Rules.ObjectRule optimizer = new Rules.ObjectRule()
                .required("kind", new Rules.ChoiceRule(List.of("gd", "sgd", "adam", "closed-form"), List.of()))
                .optional("lr", new Rules.NumberRule(0.0, true, 1e6), null)
                .optional("steps", new Rules.IntRule(1, limits.maxSteps()), null)
                .optional("stop", new Rules.ChoiceRule(List.of("horizon", "convergence"), List.of()), NODES.textNode("horizon"))
                .optional("window", new Rules.IntRule(1, limits.maxSteps()), NODES.numberNode(1000))
                .optional("lossTolerance", new Rules.NumberRule(0.0, false, 1.0), NODES.numberNode(1e-4))
                .optional("gradTolerance", new Rules.NumberRule(0.0, false, 1e6), NODES.numberNode(1e-5))
                .optional("batch", new Rules.IntRule(1, 100_000_000), null)
                .optional("momentum", new Rules.NumberRule(0.0, false, 0.9999), NODES.numberNode(0.0));
        Rules.ObjectRule record = new Rules.ObjectRule()
                .optional("every", new Rules.RecordEveryRule(limits.maxSteps()), NODES.textNode("geometric:1.1"));

        Rules.ObjectRule sweep = new Rules.ObjectRule()
                .required("name", new Rules.PatternRule(Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}"),
                        "must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit"))
                .optional("seed", new Rules.IntRule(0, Long.MAX_VALUE), NODES.numberNode(0L))
                .optional("repeats", new Rules.IntRule(1, 1_000), NODES.numberNode(1))
                .optional("replicates", new Rules.IntRule(1, 100), NODES.numberNode(1))
                .required("model", model)
                .required("data", data)
                .required("optimizer", optimizer)
                .optional("loss", new Rules.ChoiceRule(List.of("half-mse", "mse", "cross-entropy"), List.of()), null)
                .optional("record", record, null)
                .optional("analyses", new Rules.ListRule(new Rules.ChoiceRule(List.of("threshold", "theory", "hull", "robustness"), List.of()), 10),
                        NODES.arrayNode().add("threshold"));
        JsonNode noGrid = NODES.objectNode();
        sweep.optional("grid", new GridRule(sweep), noGrid);
        return sweep;
    }
}
