package dev.interpolationlab.analysis.messaging;

import dev.interpolationlab.analysis.store.StoreFailure;
import java.sql.SQLException;

/** The database refused a record permanently (see {@link StoreFailure#isPermanent}); it goes to the dead-letter topic. */
final class RefusedRecordException extends RuntimeException {

    RefusedRecordException(String message, SQLException cause) {
        super(message, cause);
    }
}
