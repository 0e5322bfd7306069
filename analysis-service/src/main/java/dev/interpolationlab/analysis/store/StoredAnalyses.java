package dev.interpolationlab.analysis.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Each sweep's analysis as last computed, with the generation of its inputs it was computed from. Writes that change
 * the inputs advance the generation in their own transaction ({@link #advance}); a stored analysis is current while its
 * generation and build are the sweep's and this service's.
 */
@ApplicationScoped
public class StoredAnalyses {

    @Inject
    DataSource dataSource;

    /** Marks the sweep's analysis inputs changed, inside the transaction that changes them (take it last: row order). */
    static void advance(Connection connection, String sweepId) throws SQLException {
        try (PreparedStatement advance = connection.prepareStatement("""
                insert into analysis_inputs (sweep_id, generation) values (?, 1)
                on conflict (sweep_id) do update set generation = analysis_inputs.generation + 1""")) {
            advance.setString(1, sweepId);
            advance.executeUpdate();
        }
    }

    /** The generation of the sweep's inputs now: read it before computing, and store the result under it. */
    public long generation(String sweepId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select generation from analysis_inputs where sweep_id = ?")) {
            query.setString(1, sweepId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /** The stored analysis (JSON), if it was computed by {@code build} from the sweep's current inputs. */
    public Optional<String> current(String sweepId, String build) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     select a.result::text from analyses a left join analysis_inputs i on i.sweep_id = a.sweep_id
                     where a.sweep_id = ? and a.generation = coalesce(i.generation, 0) and a.build = ?""")) {
            query.setString(1, sweepId);
            query.setString(2, build);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Stores an analysis computed from {@code generation}, unless a later one is stored. {@code replaceSameGeneration}:
     * the scheduler's analysis, which includes the measurements it makes first, replaces a read's of the same generation;
     * a read's never replaces the scheduler's.
     */
    public void save(String sweepId, String resultJson, long generation, String build, boolean replaceSameGeneration) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement("""
                     insert into analyses (sweep_id, result, computed_at, generation, build) values (?, ?::json, now(), ?, ?)
                     on conflict (sweep_id) do update set result = excluded.result, computed_at = excluded.computed_at,
                         generation = excluded.generation, build = excluded.build
                     where analyses.generation < excluded.generation or analyses.build is distinct from excluded.build
                         or (? and analyses.generation = excluded.generation)""")) {
            upsert.setString(1, sweepId);
            upsert.setString(2, resultJson);
            upsert.setLong(3, generation);
            upsert.setString(4, build);
            upsert.setBoolean(5, replaceSameGeneration);
            upsert.executeUpdate();
        }
    }
}
