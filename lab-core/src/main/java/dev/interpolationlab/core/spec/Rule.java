package dev.interpolationlab.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.interpolationlab.api.SpecError;
import java.util.List;

/** How one field of a spec is checked. */
interface Rule {

    /**
     * Checks {@code value} found at {@code path}; adds one error per problem.
     *
     * @return the normalised value (defaults filled in), or {@code null} when it is invalid
     */
    JsonNode check(JsonNode value, String path, List<SpecError> errors);

    /** What this rule accepts as a JSON Schema (2020-12, the dialect of OpenAPI 3.1), for the API's documentation. */
    ObjectNode schema();

    /** Scalars can be swept by a grid axis; objects and lists cannot. */
    default boolean isScalar() {
        return true;
    }
}
