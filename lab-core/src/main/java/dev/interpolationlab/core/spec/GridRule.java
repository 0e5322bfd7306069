package dev.interpolationlab.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.interpolationlab.api.SpecError;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code grid}: a dotted path of a scalar training field mapped to the list of values it takes. Every value is
 * checked by the rule of the field it will replace, and reported as {@code grid.<path>[i]}.
 */
final class GridRule implements Rule {

    static final List<String> SWEEPABLE_ROOTS = List.of("model", "data", "optimizer", "loss", "record");
    static final int MAX_VALUES_PER_AXIS = 1_000;

    private final Rules.ObjectRule sweep;

    GridRule(Rules.ObjectRule sweep) {
        this.sweep = sweep;
    }

    @Override
    public boolean isScalar() {
        return false;
    }

    @Override
    public ObjectNode schema() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object")
                .put("description", "a dotted path of a scalar training field (e.g. model.init.scale, data.samples) → the values it "
                        + "takes; each value is checked as that field is, and the grid is the product of the axes");
        schema.putObject("propertyNames").put("pattern", "^(" + String.join("|", SWEEPABLE_ROOTS) + ")(\\..+)?$");
        schema.putObject("additionalProperties").put("type", "array").put("minItems", 1).put("maxItems", MAX_VALUES_PER_AXIS);
        return schema;
    }

    @Override
    public JsonNode check(JsonNode value, String path, List<SpecError> errors) {
        if (!value.isObject()) {
            errors.add(new SpecError(path, "must map field paths to lists of values, got " + Rules.describe(value)));
            return null;
        }
        ObjectNode normalised = JsonNodeFactory.instance.objectNode();
        boolean valid = true;
        for (Iterator<Map.Entry<String, JsonNode>> axes = value.fields(); axes.hasNext(); ) {
            Map.Entry<String, JsonNode> axis = axes.next();
            String field = path + "." + axis.getKey();
            Rule rule = SWEEPABLE_ROOTS.contains(axis.getKey().split("\\.")[0]) ? sweep.find(axis.getKey()) : null;
            if (rule == null) {
                errors.add(new SpecError(field, "unknown field path; a grid sweeps a scalar field under " + SWEEPABLE_ROOTS));
                valid = false;
                continue;
            }
            if (!rule.isScalar()) {
                errors.add(new SpecError(field, "is not a scalar field; give a path down to a single value, e.g. model.init.scale"));
                valid = false;
                continue;
            }
            JsonNode values = axis.getValue();
            if (!values.isArray() || values.isEmpty()) {
                errors.add(new SpecError(field, "must be a non-empty list of values, got " + Rules.describe(values)));
                valid = false;
                continue;
            }
            JsonNode checked = new Rules.ListRule(rule, MAX_VALUES_PER_AXIS).check(values, field, errors);
            if (checked == null) {
                valid = false;
            } else {
                normalised.set(axis.getKey(), checked);
            }
        }
        return valid ? normalised : null;
    }
}
