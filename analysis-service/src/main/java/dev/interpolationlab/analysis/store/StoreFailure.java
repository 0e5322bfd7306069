package dev.interpolationlab.analysis.store;

import java.sql.SQLException;

/** What a failed store call means: the record was refused for what it holds, or the database is away for now. */
public final class StoreFailure {

    private StoreFailure() {
    }

    /**
     * Whether the database refused the write for what it holds, so that trying again can never succeed: SQLState class
     * 22 (data exception: a value it cannot hold, such as U+0000 in jsonb), 23 (integrity constraint violation) or 54
     * (program limit exceeded: a value too large). Connection failures (08), serialisation failures and deadlocks (40),
     * insufficient resources (53), operator intervention such as a restart (57), a pool that cannot hand out a
     * connection, and anything else without a state are transient: the database or the connection will come back.
     */
    public static boolean isPermanent(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
    }

    /** Whether the failure is the database being unreachable or refusing work for now, as opposed to a fault in the query. */
    public static boolean isUnavailable(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57");
    }
}
