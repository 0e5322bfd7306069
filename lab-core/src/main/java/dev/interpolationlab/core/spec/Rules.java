package dev.interpolationlab.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.interpolationlab.api.SpecError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The field rules the sweep schema is built from. */
final class Rules {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Rules() {
    }

    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isNull()) {
            return "null";
        }
        return value.getNodeType().name().toLowerCase() + " " + abbreviate(value.toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    /** An object with known fields; unknown fields are errors, absent optional fields get their default. */
    static final class ObjectRule implements Rule {
        private record Property(Rule rule, boolean required, JsonNode defaultValue) {
        }

        private final Map<String, Property> properties = new LinkedHashMap<>();

        ObjectRule required(String name, Rule rule) {
            properties.put(name, new Property(rule, true, null));
            return this;
        }

        ObjectRule optional(String name, Rule rule, JsonNode defaultValue) {
            properties.put(name, new Property(rule, false, defaultValue));
            return this;
        }

        Rule find(String dottedPath) {
            String[] parts = dottedPath.split("\\.", 2);
            Property property = properties.get(parts[0]);
            if (property == null) {
                return null;
            }
            if (parts.length == 1) {
                return property.rule();
            }
            return property.rule() instanceof ObjectRule nested ? nested.find(parts[1]) : null;
        }

        @Override
        public boolean isScalar() {
            return false;
        }

        @Override
        public JsonNode check(JsonNode value, String path, List<SpecError> errors) {
            if (value == null || !value.isObject()) {
                errors.add(new SpecError(path.isEmpty() ? "$" : path, "must be an object, got " + describe(value)));
                return null;
            }
            ObjectNode normalised = NODES.objectNode();
            boolean valid = true;
            for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!properties.containsKey(name)) {
                    errors.add(new SpecError(join(path, name), "unknown field (allowed: " + String.join(", ", properties.keySet()) + ")"));
                    valid = false;
                }
            }
            for (Map.Entry<String, Property> entry : properties.entrySet()) {
                String field = join(path, entry.getKey());
                Property property = entry.getValue();
                JsonNode child = value.get(entry.getKey());
                if (child == null || child.isNull()) {
                    if (property.required()) {
                        errors.add(new SpecError(field, "is required"));
                        valid = false;
                    } else if (property.defaultValue() != null) {
                        normalised.set(entry.getKey(), property.defaultValue().deepCopy());
                    } else if (property.rule() instanceof ObjectRule nested) {
                        JsonNode defaults = nested.check(NODES.objectNode(), field, errors);
                        valid &= defaults != null;
                        normalised.set(entry.getKey(), defaults);
                    }
                    continue;
                }
                JsonNode checked = property.rule().check(child, field, errors);
                if (checked == null) {
                    valid = false;
                } else {
                    normalised.set(entry.getKey(), checked);
                }
            }
            return valid ? normalised : null;
        }

        @Override
        public ObjectNode schema() {
            ObjectNode schema = NODES.objectNode().put("type", "object");
            ObjectNode fields = schema.putObject("properties");
            ArrayNode required = NODES.arrayNode();
            properties.forEach((name, property) -> {
                ObjectNode field = property.rule().schema();
                if (property.defaultValue() != null) {
                    field.set("default", property.defaultValue().deepCopy());
                }
                fields.set(name, field);
                if (property.required()) {
                    required.add(name);
                }
            });
            if (!required.isEmpty()) {
                schema.set("required", required);
            }
            return schema.put("additionalProperties", false);
        }

        static String join(String path, String name) {
            return path.isEmpty() ? name : path + "." + name;
        }
    }

    /** A whole number in [min, max]; 4e4 written as a float is accepted when it is integral. */
    record IntRule(long min, long max) implements Rule {
        @Override
        public JsonNode check(JsonNode value, String path, List<SpecError> errors) {
            if (!value.isNumber() || !isIntegral(value)) {
                errors.add(new SpecError(path, "must be a whole number, got " + describe(value)));
                return null;
            }
            long number = value.asLong();
            if (number < min || number > max) {
                errors.add(new SpecError(path, "must be between " + min + " and " + max + ", got " + number));
                return null;
            }
            return NODES.numberNode(number);
        }

        @Override
        public ObjectNode schema() {
            return NODES.objectNode().put("type", "integer").put("minimum", min).put("maximum", max);
        }

        private static boolean isIntegral(JsonNode value) {
            if (value.isIntegralNumber()) {
                return value.canConvertToLong();
            }
            double number = value.asDouble();
            return Double.isFinite(number) && number == Math.rint(number) && Math.abs(number) < 0x1p53;
        }
    }

    /** A finite number with a lower bound (inclusive or exclusive) and an upper bound. */
    record NumberRule(double min, boolean minExclusive, double max) implements Rule {
        @Override
        public JsonNode check(JsonNode value, String path, List<SpecError> errors) {
            if (!value.isNumber()) {
                errors.add(new SpecError(path, "must be a number, got " + describe(value)));
                return null;
            }
            double number = value.asDouble();
            if (!Double.isFinite(number)) {
                errors.add(new SpecError(path, "must be finite, got " + number));
                return null;
            }
            if (minExclusive ? number <= min : number < min) {
                errors.add(new SpecError(path, "must be " + (minExclusive ? "greater than " : "at least ") + min + ", got " + number));
                return null;
            }
            if (number > max) {
                errors.add(new SpecError(path, "must be at most " + max + ", got " + number));
                return null;
            }
            return NODES.numberNode(number);
        }

        @Override
        public ObjectNode schema() {
            return NODES.objectNode().put("type", "number").put(minExclusive ? "exclusiveMinimum" : "minimum", min).put("maximum", max);
        }
    }

    record BooleanRule() implements Rule {
        @Override
        public JsonNode check(JsonNode value, String path, List<SpecError> errors) {
            if (!value.isBoolean()) {
                errors.add(new SpecError(path, "must be true or false, got " + describe(value)));
                return null;
            }
            return value;
        }

        @Override
        public ObjectNode schema() {
            return NODES.objectNode().put("type", "boolean");
        }
    }

    record PatternRule(Pattern pattern, String explanation) implements Rule {
        @Override
        public JsonNode check(JsonNode value, String path, List<SpecError> errors) {
            if (!value.isTextual()) {
                errors.add(new SpecError(path, "must be a string, got " + describe(value)));
                return null;
            }
            if (!pattern.matcher(value.asText()).matches()) {
                errors.add(new SpecError(path, explanation + ", got '" + value.asText() + "'"));
                return null;
            }
            return value;
        }

        @Override
        public ObjectNode schema() {
            return NODES.objectNode().put("type", "string").put("pattern", "^" + pattern.pattern() + "$").put("description", explanation);
        }
    }

    /** Free text up to a length (an uploaded CSV data set). */
    record TextRule(int maxChars) implements Rule {
        @Override
        public JsonNode check(JsonNode value, String path, List<SpecError> errors) {
            if (!value.isTextual()) {
                errors.add(new SpecError(path, "must be a string, got " + describe(value)));
                return null;
            }
            if (value.asText().length() > maxChars) {
                errors.add(new SpecError(path, "must be at most " + maxChars + " characters, got " + value.asText().length()));
                return null;
            }
            return value;
        }

        @Override
        public ObjectNode schema() {
            return NODES.objectNode().put("type", "string").put("maxLength", maxChars);
        }
    }

    /**
     * One of the supported words. Words of the product vocabulary that this build does not implement yet get a
     * message saying so, rather than a silent fallback.
     */
    record ChoiceRule(List<String> supported, List<String> notYetSupported) implements Rule {
        @Override
        public JsonNode check(JsonNode value, String path, List<SpecError> errors) {
            if (!value.isTextual()) {
                errors.add(new SpecError(path, "must be one of " + supported + ", got " + describe(value)));
                return null;
            }
            String word = value.asText();
            if (supported.contains(word)) {
                return value;
            }
            if (notYetSupported.contains(word)) {
                errors.add(new SpecError(path, "'" + word + "' is not supported by this version yet (supported: " + String.join(", ", supported) + ")"));
            } else {
                errors.add(new SpecError(path, "must be one of " + supported + ", got '" + word + "'"));
            }
            return null;
        }

        @Override
        public ObjectNode schema() {
            ObjectNode schema = NODES.objectNode().put("type", "string");
            supported.forEach(schema.putArray("enum")::add);
            return schema;
        }
    }

    /** A list whose items all follow one rule, without duplicates. */
    record ListRule(Rule item, int maxItems) implements Rule {
        @Override
        public boolean isScalar() {
            return false;
        }

        @Override
        public JsonNode check(JsonNode value, String path, List<SpecError> errors) {
            if (!value.isArray()) {
                errors.add(new SpecError(path, "must be a list, got " + describe(value)));
                return null;
            }
            if (value.size() > maxItems) {
                errors.add(new SpecError(path, "must have at most " + maxItems + " items, got " + value.size()));
                return null;
            }
            ArrayNode normalised = NODES.arrayNode();
            List<JsonNode> seen = new ArrayList<>();
            boolean valid = true;
            for (int i = 0; i < value.size(); i++) {
                JsonNode checked = item.check(value.get(i), path + "[" + i + "]", errors);
                if (checked == null) {
                    valid = false;
                } else if (seen.contains(checked)) {
                    errors.add(new SpecError(path + "[" + i + "]", "duplicate value " + checked));
                    valid = false;
                } else {
                    seen.add(checked);
                    normalised.add(checked);
                }
            }
            return valid ? normalised : null;
        }

        @Override
        public ObjectNode schema() {
            ObjectNode schema = NODES.objectNode().put("type", "array").put("maxItems", maxItems).put("uniqueItems", true);
            schema.set("items", item.schema());
            return schema;
        }
    }

    /** {@code record.every}: a step interval k ≥ 1, or "geometric:R" with R > 1 (product.md). */
    record RecordEveryRule(long maxInterval) implements Rule {
        private static final Pattern GEOMETRIC = Pattern.compile("geometric:(.+)");

        @Override
        public JsonNode check(JsonNode value, String path, List<SpecError> errors) {
            if (value.isNumber()) {
                return new IntRule(1, maxInterval).check(value, path, errors);
            }
            if (value.isTextual()) {
                var matcher = GEOMETRIC.matcher(value.asText().trim());
                if (matcher.matches()) {
                    try {
                        double ratio = Double.parseDouble(matcher.group(1));
                        if (Double.isFinite(ratio) && ratio > 1.0 && ratio <= 100.0) {
                            return NODES.textNode("geometric:" + ratio);
                        }
                    } catch (NumberFormatException ignored) {
                        // reported below
                    }
                }
            }
            errors.add(new SpecError(path, "must be a step interval (whole number ≥ 1) or \"geometric:R\" with 1 < R ≤ 100, got " + describe(value)));
            return null;
        }

        @Override
        public ObjectNode schema() {
            ObjectNode schema = NODES.objectNode().put("description", "a step interval k ≥ 1, or \"geometric:R\" with 1 < R ≤ 100");
            ArrayNode oneOf = schema.putArray("oneOf");
            oneOf.add(new IntRule(1, maxInterval).schema());
            oneOf.addObject().put("type", "string").put("pattern", "^geometric:.+$");
            return schema;
        }
    }
}
