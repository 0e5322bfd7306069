package dev.interpolationlab.runtime.openapi;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * OpenAPI schemas of the lab's protobuf messages as they appear in the REST API and the live stream: the protobuf JSON
 * mapping (camelCase names; 64-bit integers as decimal text; NaN and ±Infinity as text; an unset optional field
 * absent), one component per message, named as the message is, read from the descriptors the services are built with.
 */
final class ProtoSchemas {

    private ProtoSchemas() {
    }

    /** Adds {@code message}'s schema, and those of every message it holds, to {@code components}. */
    static void add(Components components, Descriptor message) {
        if (components.getSchemas() != null && components.getSchemas().containsKey(message.getName())) {
            return;
        }
        Schema schema = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("protobuf " + message.getFullName() + " in its JSON form");
        components.addSchema(message.getName(), schema); // before the fields: a message may hold itself
        for (FieldDescriptor field : message.getFields()) {
            schema.addProperty(field.getJsonName(), field(components, field));
        }
    }

    private static Schema field(Components components, FieldDescriptor field) {
        if (field.isMapField()) {
            return OASFactory.createSchema().addType(SchemaType.OBJECT)
                    .additionalPropertiesSchema(single(components, field.getMessageType().findFieldByName("value")));
        }
        Schema one = single(components, field);
        return field.isRepeated() ? OASFactory.createSchema().addType(SchemaType.ARRAY).items(one) : one;
    }

    private static Schema single(Components components, FieldDescriptor field) {
        Schema schema = OASFactory.createSchema();
        return switch (field.getJavaType()) {
            case INT -> schema.addType(SchemaType.INTEGER).format("int32");
            case LONG -> schema.addType(SchemaType.STRING).format("int64").pattern("^-?[0-9]+$");
            case FLOAT, DOUBLE -> schema.addType(SchemaType.NUMBER).addType(SchemaType.STRING)
                    .description("a number; NaN, Infinity and -Infinity as text");
            case BOOLEAN -> schema.addType(SchemaType.BOOLEAN);
            case STRING -> schema.addType(SchemaType.STRING);
            case BYTE_STRING -> schema.addType(SchemaType.STRING).format("byte");
            case ENUM -> {
                List<Object> names = new ArrayList<>();
                for (EnumValueDescriptor value : field.getEnumType().getValues()) {
                    names.add(value.getName());
                }
                yield schema.addType(SchemaType.STRING).enumeration(names);
            }
            case MESSAGE -> {
                add(components, field.getMessageType());
                yield schema.ref(field.getMessageType().getName());
            }
        };
    }
}
