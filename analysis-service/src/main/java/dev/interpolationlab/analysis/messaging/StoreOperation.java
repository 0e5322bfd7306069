package dev.interpolationlab.analysis.messaging;

import java.sql.SQLException;

/** A write to the store that may fail transiently (the database is down or restarting). */
@FunctionalInterface
interface StoreOperation<T> {

    void apply(T message) throws SQLException;
}
