package dev.interpolationlab.core.spec;

import dev.interpolationlab.api.SpecError;
import java.util.List;

/** A sweep spec that was rejected, with every offending field. */
public class InvalidSpecException extends RuntimeException {

    private final List<SpecError> errors;

    public InvalidSpecException(List<SpecError> errors) {
        super(errors.size() + " error(s) in sweep spec: " + errors);
        this.errors = List.copyOf(errors);
    }

    public List<SpecError> errors() {
        return errors;
    }
}
