package dev.interpolationlab.core.spec;

import static dev.interpolationlab.core.spec.DataDefaults.require;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.interpolationlab.api.SpecError;
import java.util.List;
import java.util.Map;

/**
 * What the model and optimiser kinds imply, and which combinations of model, optimiser, loss and data make sense:
 * the closed form is for the linear models, cross-entropy for classification data and the mlp, the two-layer
 * initialisations for the two-layer network.
 */
final class TrainingDefaults {

    private TrainingDefaults() {
    }

    /** Fills kind-dependent defaults; runs after {@link DataDefaults#fill}, which decides whether the data are classes. */
    static void fill(ObjectNode sweep, List<SpecError> errors) {
        ObjectNode model = (ObjectNode) sweep.get("model");
        String kind = model.get("kind").asText();
        if (kind.equals("linear")) {
            if (model.has("width")) {
                errors.add(new SpecError("model.width", "a linear model has no hidden layer; leave width out"));
            }
            model.put("width", 0);
        } else if (!model.has("width")) {
            errors.add(new SpecError("model.width", "is required for model kind " + kind));
        }
        ObjectNode init = (ObjectNode) model.get("init");
        if (!init.has("scheme")) {
            init.put("scheme", kind.equals("mlp") ? "glorot" : "balanced");
        }
        if (!init.has("scale")) {
            init.put("scale", kind.equals("mlp") ? 1.0 : 1e-3);
        }
        ObjectNode optimizer = (ObjectNode) sweep.get("optimizer");
        if (optimizer.get("kind").asText().equals("closed-form")) {
            for (String field : List.of("lr", "steps", "batch")) {
                if (optimizer.has(field)) {
                    errors.add(new SpecError("optimizer." + field, "the closed form solves exactly; leave " + field + " out"));
                }
            }
            optimizer.put("lr", 0.0);
            optimizer.put("steps", 0);
        } else {
            for (String field : List.of("lr", "steps")) {
                if (!optimizer.has(field)) {
                    errors.add(new SpecError("optimizer." + field, "is required for optimizer kind " + optimizer.get("kind").asText()));
                }
            }
        }
        if (!optimizer.has("batch")) {
            optimizer.put("batch", 0);
        }
        if (!sweep.has("loss")) {
            sweep.put("loss", sweep.get("data").get("classes").asInt() > 0 ? "cross-entropy" : "half-mse");
        }
    }

    /** The combinations, at one grid point. */
    static void checkPoint(JsonNode spec, String at, Map<String, SpecError> firstByField) {
        String model = spec.at("/model/kind").asText();
        String optimizer = spec.at("/optimizer/kind").asText();
        String loss = spec.get("loss").asText();
        boolean classification = spec.at("/data/classes").asInt() > 0;
        boolean linearModel = model.equals("linear") || model.equals("random-features");
        require(!optimizer.equals("closed-form") || linearModel, "optimizer.kind",
                "the closed form exists for the linear and random-features models, not for " + model + at, firstByField);
        require(spec.at("/model/ridge").asDouble() == 0.0 || linearModel && optimizer.equals("closed-form"), "model.ridge",
                "a ridge penalty is solved in closed form: it needs model kind linear or random-features and optimizer closed-form" + at,
                firstByField);
        require(spec.at("/model/depth").asInt() == 1 || model.equals("mlp"), "model.depth",
                "only the mlp has several hidden layers" + at, firstByField);
        require(!spec.at("/model/activation").asText().equals("gelu") || model.equals("two-layer"), "model.activation",
                "GeLU is available for the two-layer network; " + model + " uses ReLU" + at, firstByField);
        String scheme = spec.at("/model/init/scheme").asText();
        require(!model.equals("mlp") || scheme.equals("glorot"), "model.init.scheme",
                "the mlp is initialised glorot (std scale·√(2/(fan_in + fan_out))), got " + scheme + at, firstByField);
        require(!model.equals("two-layer") || !scheme.equals("glorot"), "model.init.scheme",
                "the two-layer network is initialised balanced, unbalanced or dominated (science.md §1(b)), got glorot" + at, firstByField);
        require(!spec.at("/model/init/zeroOutput").asBoolean() || model.equals("two-layer"), "model.init.zeroOutput",
                "zero-output duplication applies to the two-layer network" + at, firstByField);
        require(loss.equals("cross-entropy") == classification, "loss", classification
                ? "classification data are trained with cross-entropy, got " + loss + at
                : "cross-entropy needs classification data (gaussian-mixture, fashion-mnist, or csv with classes)" + at, firstByField);
        require(!classification || model.equals("mlp"), "model.kind",
                "classification data are trained with the mlp (softmax outputs), got " + model + at, firstByField);
        long batch = spec.at("/optimizer/batch").asLong();
        long n = spec.at("/data/samples").asLong();
        if (optimizer.equals("sgd")) {
            require(batch > 0, "optimizer.batch", "is required for sgd: samples per update" + at, firstByField);
            require(batch <= n, "optimizer.batch", "a batch of " + batch + " is larger than the " + n + " training samples" + at, firstByField);
            require(!spec.at("/optimizer/stop").asText().equals("convergence"), "optimizer.stop",
                    "the convergence rule judges the full-batch loss; with sgd use stop: horizon" + at, firstByField);
        } else {
            require(batch == 0, "optimizer.batch", "applies to sgd only, not " + optimizer + at, firstByField);
            require(spec.at("/optimizer/momentum").asDouble() == 0.0, "optimizer.momentum",
                    "applies to sgd only, not " + optimizer + at, firstByField);
        }
        require(!optimizer.equals("closed-form") || !spec.at("/optimizer/stop").asText().equals("convergence"), "optimizer.stop",
                "the closed form has no steps to stop" + at, firstByField);
    }
}
