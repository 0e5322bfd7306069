package dev.interpolationlab.runtime.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/** A JSON Schema (2020-12) document, as the spec parser writes it, turned into the OpenAPI model. */
final class JsonSchemas {

    private JsonSchemas() {
    }

    static Schema of(JsonNode node) {
        Schema schema = OASFactory.createSchema();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            switch (key) {
                case "type" -> schema.addType(SchemaType.valueOf(value.asText().toUpperCase(java.util.Locale.ROOT)));
                case "properties" -> value.properties().forEach(field -> schema.addProperty(field.getKey(), of(field.getValue())));
                case "items" -> schema.items(of(value));
                case "propertyNames" -> schema.propertyNames(of(value));
                case "additionalProperties" -> {
                    if (value.isBoolean()) {
                        schema.additionalPropertiesBoolean(value.asBoolean());
                    } else {
                        schema.additionalPropertiesSchema(of(value));
                    }
                }
                case "oneOf" -> {
                    List<Schema> choices = new ArrayList<>();
                    value.forEach(choice -> choices.add(of(choice)));
                    schema.oneOf(choices);
                }
                case "required" -> {
                    List<String> names = new ArrayList<>();
                    value.forEach(name -> names.add(name.asText()));
                    schema.required(names);
                }
                case "enum" -> {
                    List<Object> words = new ArrayList<>();
                    value.forEach(word -> words.add(plain(word)));
                    schema.enumeration(words);
                }
                case "minimum" -> schema.minimum(value.decimalValue());
                case "maximum" -> schema.maximum(value.decimalValue());
                case "exclusiveMinimum" -> schema.exclusiveMinimum(value.decimalValue());
                case "maxLength" -> schema.maxLength(value.asInt());
                case "minItems" -> schema.minItems(value.asInt());
                case "maxItems" -> schema.maxItems(value.asInt());
                case "uniqueItems" -> schema.uniqueItems(value.asBoolean());
                case "pattern" -> schema.pattern(value.asText());
                case "title" -> schema.title(value.asText());
                case "description" -> schema.description(value.asText());
                case "default" -> schema.defaultValue(plain(value));
                default -> throw new IllegalArgumentException("JSON Schema keyword '" + key + "' is not mapped to OpenAPI");
            }
        }
        return schema;
    }

    /** A JSON value as the plain Java value the OpenAPI model writes back (lists and maps for arrays and objects). */
    private static Object plain(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue();
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isArray()) {
            List<Object> items = new ArrayList<>();
            value.forEach(item -> items.add(plain(item)));
            return items;
        }
        if (value.isObject()) {
            Map<String, Object> fields = new java.util.LinkedHashMap<>();
            value.properties().forEach(field -> fields.put(field.getKey(), plain(field.getValue())));
            return fields;
        }
        return null;
    }
}
