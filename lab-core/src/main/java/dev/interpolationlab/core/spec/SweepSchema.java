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
        Rules.ObjectRule init = new Rules.ObjectRule()
                .optional("scheme", new Rules.ChoiceRule(List.of("balanced", "unbalanced", "dominated"), List.of()), NODES.textNode("balanced"))
                .optional("scale", new Rules.NumberRule(0.0, true, 1e6), NODES.numberNode(1e-3))
                .optional("zeroOutput", new Rules.BooleanRule(), NODES.booleanNode(false));
        Rules.ObjectRule model = new Rules.ObjectRule()
                .required("kind", new Rules.ChoiceRule(List.of("two-layer"), List.of("random-features", "linear", "mlp")))
                .required("width", new Rules.IntRule(1, 1_000_000))
                .optional("activation", new Rules.ChoiceRule(List.of("relu", "gelu"), List.of()), NODES.textNode("relu"))
                .optional("bias", new Rules.BooleanRule(), NODES.booleanNode(false))
                .optional("init", init, null);
        Rules.ObjectRule data = new Rules.ObjectRule()
                .required("kind", new Rules.ChoiceRule(List.of("gaussian-teacher", "three-point", "stewart"),
                        List.of("gaussian-mixture", "sphere", "moment-curve", "fashion-mnist", "csv")))
                // dim and samples default by kind (DataDefaults); gaussian-teacher needs both
                .optional("dim", new Rules.IntRule(1, 1_000_000), null)
                .optional("samples", new Rules.IntRule(1, 100_000_000), null)
                .optional("noise", new Rules.NumberRule(0.0, false, 1e6), NODES.numberNode(0.0))
                .optional("testSamples", new Rules.IntRule(1, 100_000_000), NODES.numberNode(1000));
        Rules.ObjectRule optimizer = new Rules.ObjectRule()
                .required("kind", new Rules.ChoiceRule(List.of("gd"), List.of("sgd", "adam")))
                .required("lr", new Rules.NumberRule(0.0, true, 1e6))
                .required("steps", new Rules.IntRule(1, limits.maxSteps()))
                .optional("stop", new Rules.ChoiceRule(List.of("horizon", "convergence"), List.of()), NODES.textNode("horizon"))
                .optional("window", new Rules.IntRule(1, limits.maxSteps()), NODES.numberNode(1000))
                .optional("lossTolerance", new Rules.NumberRule(0.0, false, 1.0), NODES.numberNode(1e-4))
                .optional("gradTolerance", new Rules.NumberRule(0.0, false, 1e6), NODES.numberNode(1e-5));
        Rules.ObjectRule record = new Rules.ObjectRule()
                .optional("every", new Rules.RecordEveryRule(limits.maxSteps()), NODES.textNode("geometric:1.1"));

        Rules.ObjectRule sweep = new Rules.ObjectRule()
                .required("name", new Rules.PatternRule(Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}"),
                        "must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit"))
                .optional("seed", new Rules.IntRule(0, Long.MAX_VALUE), NODES.numberNode(0L))
                .optional("repeats", new Rules.IntRule(1, 1_000), NODES.numberNode(1))
                .required("model", model)
                .required("data", data)
                .required("optimizer", optimizer)
                .optional("loss", new Rules.ChoiceRule(List.of("half-mse", "mse"), List.of("cross-entropy")), NODES.textNode("half-mse"))
                .optional("record", record, null)
                .optional("analyses", new Rules.ListRule(new Rules.ChoiceRule(List.of("threshold"), List.of("hull")), 10),
                        NODES.arrayNode().add("threshold"));
        JsonNode noGrid = NODES.objectNode();
        sweep.optional("grid", new GridRule(sweep), noGrid);
        return sweep;
    }
}
