package dev.interpolationlab.analysis.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.interpolationlab.analysis.geometry.GeometryTable;
import dev.interpolationlab.analysis.geometry.RunGeometry;
import dev.interpolationlab.analysis.stats.RunOutcome;
import dev.interpolationlab.analysis.stats.ThresholdTable;
import dev.interpolationlab.api.Attempt;
import dev.interpolationlab.api.EndPointView;
import dev.interpolationlab.api.MetricRow;
import dev.interpolationlab.api.NeuronSnapshot;
import dev.interpolationlab.api.RunCounts;
import dev.interpolationlab.api.RunTimeline;
import dev.interpolationlab.api.RunView;
import dev.interpolationlab.api.SweepView;
import dev.interpolationlab.core.science.EndPoint;
import dev.interpolationlab.core.science.Stationarity;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.GridValue;
import dev.interpolationlab.proto.v1.RunEvent;
import dev.interpolationlab.proto.v1.RunRef;
import dev.interpolationlab.proto.v1.RunSummary;
import dev.interpolationlab.proto.v1.SweepAccepted;
import dev.interpolationlab.proto.v1.SweepControl;
import dev.interpolationlab.wire.ProtoJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * The PostgreSQL store. Every write is an idempotent upsert, so a redelivered record changes nothing: metrics are
 * keyed by (run, step), and a run's status only moves forward (queued, running, then a final state).
 */
@ApplicationScoped
public class LabStore {

    private static final TypeReference<Map<String, Object>> GRID_POINT = new TypeReference<>() { };

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    public void acceptSweep(SweepAccepted sweep) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insertSweep = connection.prepareStatement("""
                    insert into sweeps (id, name, spec, total_runs, code_version, accepted_at)
                    values (?, ?, ?::jsonb, ?, ?, ?) on conflict (id) do nothing""");
                 PreparedStatement upsertRun = connection.prepareStatement("""
                    insert into runs (id, sweep_id, run_index, grid_point, repeat, seed, samples, queued_at)
                    values (?, ?, ?, ?::jsonb, ?, ?, ?, ?)
                    on conflict (id) do update set run_index = excluded.run_index, grid_point = excluded.grid_point,
                        repeat = excluded.repeat, seed = excluded.seed, samples = excluded.samples,
                        queued_at = coalesce(runs.queued_at, excluded.queued_at)""")) {
                insertSweep.setString(1, sweep.getSweepId());
                insertSweep.setString(2, sweep.getSpec().getName());
                insertSweep.setString(3, sweep.getSpecJson());
                insertSweep.setInt(4, sweep.getRunsCount());
                insertSweep.setString(5, sweep.getCodeVersion());
                insertSweep.setTimestamp(6, Timestamp.from(Instant.ofEpochMilli(sweep.getAcceptedAtMs())));
                insertSweep.executeUpdate();
                int baseSamples = sweep.getSpec().getBase().getData().getSamples();
                for (RunRef run : sweep.getRunsList()) {
                    upsertRun.setString(1, run.getRunId());
                    upsertRun.setString(2, sweep.getSweepId());
                    upsertRun.setInt(3, run.getIndex());
                    upsertRun.setString(4, gridJson(run.getGridPointList()));
                    upsertRun.setInt(5, run.getRepeat());
                    upsertRun.setBigDecimal(6, new java.math.BigDecimal(Long.toUnsignedString(run.getSeed())));
                    upsertRun.setInt(7, samples(run.getGridPointList(), baseSamples));
                    upsertRun.setTimestamp(8, Timestamp.from(Instant.ofEpochMilli(sweep.getAcceptedAtMs())));
                    upsertRun.addBatch();
                }
                upsertRun.executeBatch();
                StoredAnalyses.advance(connection, sweep.getSweepId());
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * A user's action on a sweep. CANCEL: the sweep's queued runs become cancelled now (its trainers report the running
     * ones when they stop them). RETRY: the listed runs that had failed are queued again, their failure cleared.
     * Both are idempotent, so a redelivered record changes nothing.
     */
    public void applyControl(SweepControl control) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (control.getCancelledAtMs() > 0) {
                    try (PreparedStatement cancelled = connection.prepareStatement(
                            "update sweeps set cancelled_at = greatest(cancelled_at, ?) where id = ?")) {
                        cancelled.setTimestamp(1, Timestamp.from(Instant.ofEpochMilli(control.getCancelledAtMs())));
                        cancelled.setString(2, control.getSweepId());
                        cancelled.executeUpdate();
                    }
                }
                if (control.getAction() == SweepControl.Action.CANCEL) {
                    try (PreparedStatement cancel = connection.prepareStatement("""
                            update runs set status = 'cancelled', reason = 'cancelled by the user', updated_at = now()
                            where sweep_id = ? and status = 'queued'""")) {
                        cancel.setString(1, control.getSweepId());
                        cancel.executeUpdate();
                    }
                } else if (control.getAction() == SweepControl.Action.RETRY) {
                    // A run whose retried attempt already reported (its events overtook this record) is left as it is.
                    try (PreparedStatement retry = connection.prepareStatement("""
                            update runs set status = 'queued', reason = null, trainer_id = null, attempts = null, queued_at = ?, updated_at = now()
                            where sweep_id = ? and id = any(?) and status = 'failed' and updated_at < ?""")) {
                        retry.setTimestamp(1, Timestamp.from(Instant.ofEpochMilli(control.getAtMs())));
                        retry.setString(2, control.getSweepId());
                        retry.setArray(3, connection.createArrayOf("text", control.getRunIdsList().toArray()));
                        retry.setTimestamp(4, Timestamp.from(Instant.ofEpochMilli(control.getAtMs())));
                        retry.executeUpdate();
                    }
                }
                StoredAnalyses.advance(connection, control.getSweepId());
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** How many recorded steps of a run are stored. */
    public long metricCount(String runId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement("select count(*) from metrics where run_id = ?")) {
            count.setString(1, runId);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /**
     * A run event moves the run forward, never back: not to an earlier status, not from one final state to another
     * (a late CANCELLED keeps a COMPLETED run's summary), and not to an earlier attempt than the stored one (the late events of a trainer paused past its lock while a later attempt took the run over: fencing).
     * A retry on request counts attempts from 1 again, so it clears the stored count.
     */
    public void applyRunEvent(RunEvent event) throws SQLException {
        String status = switch (event.getKind()) {
            case STARTED -> "running";
            case COMPLETED -> "completed";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
            case RELEASED -> null;
            default -> throw new IllegalArgumentException("run event without a kind");
        };
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                recordAttempt(connection, event, status);
                // RELEASED: the run waits for its next attempt; its status and summary are as they were
                if (status != null) {
                    upsertRun(connection, event, status);
                }
                if (event.getKind() != RunEvent.Kind.STARTED) {
                    StoredAnalyses.advance(connection, event.getSweepId()); // a start changes no analysis
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private void upsertRun(Connection connection, RunEvent event, String status) throws SQLException {
        boolean hasSummary = event.getKind() == RunEvent.Kind.COMPLETED;
        RunSummary summary = event.getSummary();
        try (PreparedStatement upsert = connection.prepareStatement("""
                     insert into runs (id, sweep_id, status, trainer_id, samples, final_train_loss, final_test_loss,
                         ols_train_ratio, ols_test_ratio, grad_norm, steps, stop_reason, wall_ms, reason,
                         provenance, direction_clusters, final_train_accuracy, final_test_accuracy, final_parameters,
                         parameter_layout, label_variance, final_alignment_ols, attempts, resumed_from_step, updated_at)
                     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                     on conflict (id) do update set status = excluded.status, trainer_id = excluded.trainer_id,
                         samples = coalesce(excluded.samples, runs.samples),
                         final_train_loss = excluded.final_train_loss, final_test_loss = excluded.final_test_loss,
                         ols_train_ratio = excluded.ols_train_ratio, ols_test_ratio = excluded.ols_test_ratio,
                         grad_norm = excluded.grad_norm, steps = excluded.steps, stop_reason = excluded.stop_reason,
                         wall_ms = excluded.wall_ms, reason = excluded.reason,
                         provenance = excluded.provenance, direction_clusters = excluded.direction_clusters,
                         final_train_accuracy = excluded.final_train_accuracy, final_test_accuracy = excluded.final_test_accuracy,
                         final_parameters = excluded.final_parameters, parameter_layout = excluded.parameter_layout,
                         label_variance = excluded.label_variance, final_alignment_ols = excluded.final_alignment_ols,
                         attempts = coalesce(excluded.attempts, runs.attempts),
                         resumed_from_step = coalesce(excluded.resumed_from_step, runs.resumed_from_step), updated_at = now()
                     where run_status_rank(runs.status) <= run_status_rank(excluded.status)
                         and (run_status_rank(runs.status) < 2 or runs.status = excluded.status)
                         and (excluded.attempts is null or runs.attempts is null or excluded.attempts >= runs.attempts)""")) {
            upsert.setString(1, event.getRunId());
            upsert.setString(2, event.getSweepId());
            upsert.setString(3, status);
            upsert.setString(4, event.getTrainerId());
            setNullable(upsert, 5, hasSummary ? summary.getSamples() : null);
            setNullable(upsert, 6, hasSummary ? summary.getFinalTrainLoss() : null);
            setNullable(upsert, 7, hasSummary ? summary.getFinalTestLoss() : null);
            setNullable(upsert, 8, hasSummary && summary.hasOlsTrainRatio() ? summary.getOlsTrainRatio() : null);
            setNullable(upsert, 9, hasSummary && summary.hasOlsTestRatio() ? summary.getOlsTestRatio() : null);
            setNullable(upsert, 10, hasSummary ? summary.getGradNorm() : null);
            setNullable(upsert, 11, hasSummary ? summary.getSteps() : null);
            upsert.setString(12, hasSummary ? summary.getStopReason() : null);
            setNullable(upsert, 13, hasSummary ? summary.getWallMs() : null);
            upsert.setString(14, event.getReason().isEmpty() ? null : event.getReason());
            upsert.setString(15, event.hasProvenance() ? ProtoJson.print(event.getProvenance()) : null);
            setNullable(upsert, 16, hasSummary && summary.hasDirectionClusters() ? summary.getDirectionClusters() : null);
            setNullable(upsert, 17, hasSummary && summary.hasFinalTrainAccuracy() ? summary.getFinalTrainAccuracy() : null);
            setNullable(upsert, 18, hasSummary && summary.hasFinalTestAccuracy() ? summary.getFinalTestAccuracy() : null);
            if (hasSummary && summary.getFinalParametersCount() > 0) {
                upsert.setArray(19, connection.createArrayOf("float8", summary.getFinalParametersList().toArray()));
            } else {
                upsert.setNull(19, Types.ARRAY);
            }
            upsert.setString(20, hasSummary && !summary.getParameterLayout().isEmpty() ? summary.getParameterLayout() : null);
            setNullable(upsert, 21, hasSummary && summary.hasLabelVariance() ? summary.getLabelVariance() : null);
            setNullable(upsert, 22, hasSummary && summary.hasFinalAlignmentOls() ? summary.getFinalAlignmentOls() : null);
            // events of trainers older than the attempt count carry 0: unknown, keep what is stored
            setNullable(upsert, 23, event.getAttempt() > 0 ? event.getAttempt() : null);
            setNullable(upsert, 24, event.getKind() == RunEvent.Kind.STARTED && event.getAttempt() > 0 ? event.getResumedFromStep() : null);
            upsert.executeUpdate();
        }
    }

    /**
     * The attempt's bar on the run's timeline: a STARTED event opens one (a redelivered start is the same bar), the
     * event that ends the attempt closes the latest open bar of its number with its outcome ({@code status}, null for
     * RELEASED; a redelivered end changes nothing). Events of trainers before attempt numbers (0) are left out.
     */
    private static void recordAttempt(Connection connection, RunEvent event, String status) throws SQLException {
        if (event.getAttempt() <= 0) {
            return;
        }
        Timestamp at = Timestamp.from(Instant.ofEpochMilli(event.getAtMs()));
        String trainer = event.getTrainerId().isEmpty() ? null : event.getTrainerId();
        if (event.getKind() == RunEvent.Kind.STARTED) {
            try (PreparedStatement start = connection.prepareStatement("""
                    insert into run_attempts (run_id, attempt, sweep_id, trainer_id, started_at) values (?, ?, ?, ?, ?)
                    on conflict (run_id, attempt, started_at) do nothing""")) {
                start.setString(1, event.getRunId());
                start.setInt(2, event.getAttempt());
                start.setString(3, event.getSweepId());
                start.setString(4, trainer);
                start.setTimestamp(5, at);
                start.executeUpdate();
            }
            return;
        }
        try (PreparedStatement end = connection.prepareStatement("""
                with ended as (
                    update run_attempts set ended_at = ?, outcome = ?, trainer_id = coalesce(trainer_id, ?)
                    where id = (select id from run_attempts where run_id = ? and attempt = ? and ended_at is null and started_at <= ?
                                order by started_at desc limit 1)
                    returning id)
                insert into run_attempts (run_id, attempt, sweep_id, trainer_id, ended_at, outcome)
                select ?, ?, ?, ?, ?, ? where not exists (select 1 from ended)
                    and not exists (select 1 from run_attempts where run_id = ? and attempt = ? and ended_at = ?)""")) {
            String outcome = status == null ? Attempt.RELEASED : status;
            end.setTimestamp(1, at);
            end.setString(2, outcome);
            end.setString(3, trainer);
            end.setString(4, event.getRunId());
            end.setInt(5, event.getAttempt());
            end.setTimestamp(6, at);
            // an end whose start the store has not seen keeps its bar without a start
            end.setString(7, event.getRunId());
            end.setInt(8, event.getAttempt());
            end.setString(9, event.getSweepId());
            end.setString(10, trainer);
            end.setTimestamp(11, at);
            end.setString(12, outcome);
            end.setString(13, event.getRunId());
            end.setInt(14, event.getAttempt());
            end.setTimestamp(15, at);
            end.executeUpdate();
        }
    }

    /** Every run's timeline in a sweep, by run id (runs never started have no attempts). */
    public Map<String, RunTimeline> timelines(String sweepId) throws SQLException {
        Map<String, RunTimeline> timelines = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement runs = connection.prepareStatement("select id, queued_at from runs where sweep_id = ?")) {
            Map<String, List<Attempt>> attempts = attempts(connection, sweepId);
            runs.setString(1, sweepId);
            try (ResultSet r = runs.executeQuery()) {
                while (r.next()) {
                    timelines.put(r.getString(1), RunTimeline.of(instant(r.getTimestamp(2)), attempts.getOrDefault(r.getString(1), List.of())));
                }
            }
        }
        return timelines;
    }

    /** The attempts at a sweep's runs, by run id, in the order they started. */
    private static Map<String, List<Attempt>> attempts(Connection connection, String sweepId) throws SQLException {
        Map<String, List<Attempt>> attempts = new HashMap<>();
        try (PreparedStatement stored = connection.prepareStatement("""
                select run_id, attempt, trainer_id, started_at, ended_at, outcome from run_attempts
                where sweep_id = ? order by run_id, coalesce(started_at, ended_at), id""")) {
            stored.setString(1, sweepId);
            try (ResultSet r = stored.executeQuery()) {
                while (r.next()) {
                    attempts.computeIfAbsent(r.getString(1), id -> new ArrayList<>()).add(new Attempt(r.getInt(2),
                            r.getString(3) == null ? "unknown" : r.getString(3), instant(r.getTimestamp(4)), instant(r.getTimestamp(5)),
                            r.getString(6)));
                }
            }
        }
        return attempts;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static final String METRIC_COLUMNS = "run_id, step, train_loss, test_loss, grad_norm, ols_train_ratio, ols_test_ratio, "
            + "param_norm, wall_ms, direction_clusters, alignment_ols, alignment_teacher, train_accuracy, test_accuracy, neurons";

    /**
     * Stores recorded steps in one transaction; steps already stored are left as they are. The rows are streamed with
     * COPY into a transaction-local staging table and moved over with one insert that skips known (run, step) keys:
     * COPY is several times cheaper per row than batched inserts on both sides of the connection, and cannot skip
     * conflicts by itself.
     */
    public void storeMetrics(List<EpochMetrics> batch) throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        StringBuilder rows = new StringBuilder(batch.size() * 192);
        for (EpochMetrics metrics : batch) {
            CopyText.field(rows, metrics.getRunId());
            CopyText.field(rows, metrics.getStep());
            CopyText.field(rows, metrics.getTrainLoss());
            CopyText.field(rows, metrics.getTestLoss());
            CopyText.field(rows, metrics.getGradNorm());
            CopyText.field(rows, metrics.hasOlsTrainRatio() ? metrics.getOlsTrainRatio() : null);
            CopyText.field(rows, metrics.hasOlsTestRatio() ? metrics.getOlsTestRatio() : null);
            CopyText.field(rows, metrics.getParamNorm());
            CopyText.field(rows, metrics.getWallMs());
            CopyText.field(rows, metrics.hasDirectionClusters() ? (Number) metrics.getDirectionClusters() : null);
            CopyText.field(rows, metrics.hasAlignmentOls() ? metrics.getAlignmentOls() : null);
            CopyText.field(rows, metrics.hasAlignmentTeacher() ? metrics.getAlignmentTeacher() : null);
            CopyText.field(rows, metrics.hasTrainAccuracy() ? metrics.getTrainAccuracy() : null);
            CopyText.field(rows, metrics.hasTestAccuracy() ? metrics.getTestAccuracy() : null);
            CopyText.lastField(rows, metrics.getNeuronAngleCount() == 0 ? null : neuronsJson(metrics));
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("create temporary table if not exists metrics_incoming (like metrics) on commit delete rows");
                connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("copy metrics_incoming (" + METRIC_COLUMNS + ") from stdin", new StringReader(rows.toString()));
                statement.executeUpdate("insert into metrics (" + METRIC_COLUMNS + ") select " + METRIC_COLUMNS
                        + " from metrics_incoming on conflict (run_id, step) do nothing");
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } catch (IOException e) {
                connection.rollback();
                throw new SQLException("streaming metrics to PostgreSQL failed", e);
            }
        }
    }

    /** The polar neuron snapshot as {"angle": [...], "radius": [...], "sign": [...]}. */
    private String neuronsJson(EpochMetrics metrics) {
        ObjectNode neurons = json.createObjectNode();
        metrics.getNeuronAngleList().forEach(neurons.putArray("angle")::add);
        metrics.getNeuronRadiusList().forEach(neurons.putArray("radius")::add);
        metrics.getNeuronSignList().forEach(neurons.putArray("sign")::add);
        return neurons.toString();
    }

    public List<SweepView> sweeps(int limit) throws SQLException {
        return querySweeps("select id from sweeps order by accepted_at desc, id limit ?", limit);
    }

    public Optional<SweepView> sweep(String id) throws SQLException {
        return querySweeps("select id from sweeps where id = ?", id).stream().findFirst();
    }

    private List<SweepView> querySweeps(String idQuery, Object parameter) throws SQLException {
        String sql = """
                select s.id, s.name, s.spec::text, s.total_runs, s.code_version, s.accepted_at, s.cancelled_at,
                       count(*) filter (where r.status = 'running') as running,
                       count(*) filter (where r.status = 'completed') as completed,
                       count(*) filter (where r.status = 'failed') as failed,
                       count(*) filter (where r.status = 'cancelled') as cancelled
                from sweeps s left join runs r on r.sweep_id = s.id
                where s.id in (%s)
                group by s.id order by s.accepted_at desc, s.id""".formatted(idQuery);
        List<SweepView> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, parameter);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    int total = result.getInt(4);
                    int running = result.getInt(8);
                    int completed = result.getInt(9);
                    int failed = result.getInt(10);
                    int cancelled = result.getInt(11);
                    RunCounts counts = new RunCounts(total, Math.max(0, total - running - completed - failed - cancelled),
                            running, completed, failed, cancelled);
                    rows.add(new SweepView(result.getString(1), result.getString(2), counts.sweepStatus(), counts,
                            result.getTimestamp(6).toInstant(), result.getString(5), readJson(result.getString(3)),
                            result.getTimestamp(7) == null ? null : result.getTimestamp(7).toInstant()));
                }
            }
        }
        return rows;
    }

    /** Runs waiting for a trainer and runs training, over all sweeps: what the trainers' autoscaler scales on. */
    public RunCounts unfinishedRuns() throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement("""
                select count(*) filter (where status = 'queued'), count(*) filter (where status = 'running')
                from runs where status in ('queued', 'running')""");
             ResultSet result = query.executeQuery()) {
            result.next();
            int queued = result.getInt(1);
            int running = result.getInt(2);
            return new RunCounts(queued + running, queued, running, 0, 0, 0);
        }
    }

    public List<RunView> runs(String sweepId) throws SQLException {
        List<RunView> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     select id, run_index, grid_point::text, repeat, seed::text, status, trainer_id, samples, final_train_loss,
                            final_test_loss, ols_train_ratio, ols_test_ratio, grad_norm, steps, stop_reason,
                            wall_ms, reason, provenance::text, direction_clusters, final_train_accuracy, final_test_accuracy,
                            parameter_layout, attempts, resumed_from_step, end_point::text, queued_at
                     from runs where sweep_id = ? order by run_index nulls last, id""")) {
            Map<String, List<Attempt>> attempts = attempts(connection, sweepId);
            query.setString(1, sweepId);
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    rows.add(new RunView(r.getString(1), r.getObject(2, Integer.class), readGrid(r.getString(3)),
                            r.getObject(4, Integer.class), r.getString(5), r.getString(6), r.getString(7),
                            r.getObject(8, Integer.class), r.getObject(9, Double.class), r.getObject(10, Double.class),
                            r.getObject(11, Double.class), r.getObject(12, Double.class), null,
                            r.getObject(13, Double.class), r.getObject(14, Long.class), r.getString(15),
                            r.getObject(16, Long.class), r.getString(17), readJson(r.getString(18)), r.getObject(19, Integer.class),
                            r.getObject(20, Double.class), r.getObject(21, Double.class), r.getString(22),
                            r.getObject(23, Integer.class), r.getObject(24, Long.class),
                            readAs(r.getString(25), EndPointView.class),
                            RunTimeline.of(instant(r.getTimestamp(26)), attempts.getOrDefault(r.getString(1), List.of()))));
                }
            }
        }
        return rows;
    }

    /** The recorded steps of a run in step order; empty when the run is unknown. */
    public Optional<List<MetricRow>> metrics(String runId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement exists = connection.prepareStatement("select 1 from runs where id = ?");
             PreparedStatement query = connection.prepareStatement("""
                     select step, train_loss, test_loss, grad_norm, ols_train_ratio, ols_test_ratio, param_norm, wall_ms,
                            direction_clusters, alignment_ols, alignment_teacher, train_accuracy, test_accuracy, neurons::text
                     from metrics where run_id = ? order by step""")) {
            exists.setString(1, runId);
            query.setString(1, runId);
            List<MetricRow> rows = new ArrayList<>();
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    rows.add(new MetricRow(r.getLong(1), r.getDouble(2), r.getDouble(3), r.getDouble(4), r.getObject(5, Double.class),
                            r.getObject(6, Double.class), r.getDouble(7), r.getLong(8), r.getObject(9, Integer.class),
                            r.getObject(10, Double.class), r.getObject(11, Double.class), r.getObject(12, Double.class),
                            r.getObject(13, Double.class), readAs(r.getString(14), NeuronSnapshot.class)));
                }
            }
            if (rows.isEmpty()) {
                try (ResultSet r = exists.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.of(rows);
        }
    }

    /** Receives a sweep's recorded steps one by one, with the identity of their run. */
    @FunctionalInterface
    public interface StepSink {
        void accept(RunView run, MetricRow step) throws IOException;
    }

    /** How long an export's reader may stall between two fetches of 5,000 rows before the export is ended. */
    static final String EXPORT_IDLE_TIMEOUT = "60s";

    private static final String SWEEP_STEPS = """
            select r.id, r.run_index, r.grid_point::text, r.repeat, r.seed::text, r.status,
                   m.step, m.train_loss, m.test_loss, m.grad_norm, m.ols_train_ratio, m.ols_test_ratio, m.param_norm,
                   m.wall_ms, m.direction_clusters, m.alignment_ols, m.alignment_teacher, m.train_accuracy, m.test_accuracy
            from runs r join metrics m on m.run_id = r.id
            where r.sweep_id = ? order by r.run_index nulls last, r.id, m.step""";

    /**
     * Streams every recorded step of a sweep, run by run in run order and by step within a run, through a cursor: an
     * export of millions of steps never sits in memory. The neuron snapshot is left out (it is a list per step; the
     * run's metrics carry it). The {@link RunView} holds the run's identity and grid point only.
     */
    public void sweepSteps(String sweepId, StepSink sink) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (Statement limits = connection.createStatement()) {
                // a reader that stops reading leaves the transaction idle between fetches: end it (and free the connection)
                limits.execute("set local idle_in_transaction_session_timeout = '" + EXPORT_IDLE_TIMEOUT + "'");
            }
            try (PreparedStatement query = connection.prepareStatement(SWEEP_STEPS)) {
                query.setFetchSize(5_000);
                query.setString(1, sweepId);
                try (ResultSet r = query.executeQuery()) {
                    RunView run = null;
                    while (r.next()) {
                        if (run == null || !run.id().equals(r.getString(1))) {
                            run = new RunView(r.getString(1), r.getObject(2, Integer.class), readGrid(r.getString(3)),
                                    r.getObject(4, Integer.class), r.getString(5), r.getString(6), null, null, null, null, null,
                                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
                        }
                        sink.accept(run, new MetricRow(r.getLong(7), r.getDouble(8), r.getDouble(9), r.getDouble(10),
                                r.getObject(11, Double.class), r.getObject(12, Double.class), r.getDouble(13), r.getLong(14),
                                r.getObject(15, Integer.class), r.getObject(16, Double.class), r.getObject(17, Double.class),
                                r.getObject(18, Double.class), r.getObject(19, Double.class), null));
                    }
                }
            } finally {
                connection.rollback();
            }
        }
    }

    /** One point of a run's thinned curve, with its run's identity. */
    @FunctionalInterface
    public interface CurveSink {
        void accept(String runId, Integer runIndex, String gridJson, String status, long step, double trainLoss, double testLoss);
    }

    /**
     * The thinned loss curves of a sweep's runs, by index lookups rather than a scan: for each run and each lower bound
     * the first recorded step at or above it, and the run's last step, deduplicated, in run and step order.
     */
    public void thinnedCurves(String sweepId, long[] lowerBounds, CurveSink sink) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     select r.id, r.run_index, r.grid_point::text, r.status, p.step, p.train_loss, p.test_loss
                     from runs r
                     cross join lateral (select m.step from metrics m where m.run_id = r.id order by m.step desc limit 1) last
                     cross join lateral (
                         select distinct on (x.step) x.step, x.train_loss, x.test_loss
                         from (select lower from unnest(?::bigint[]) as bounds(lower) where lower < last.step
                               union all select last.step) b
                         cross join lateral (select m.step, m.train_loss, m.test_loss from metrics m
                                             where m.run_id = r.id and m.step >= b.lower order by m.step limit 1) x
                         order by x.step
                     ) p
                     where r.sweep_id = ?
                     order by r.run_index nulls last, r.id, p.step""")) {
            query.setArray(1, connection.createArrayOf("bigint", java.util.Arrays.stream(lowerBounds).boxed().toArray()));
            query.setString(2, sweepId);
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    sink.accept(r.getString(1), r.getObject(2, Integer.class), r.getString(3), r.getString(4), r.getLong(5),
                            r.getDouble(6), r.getDouble(7));
                }
            }
        }
    }

    public List<RunOutcome> outcomes(String sweepId) throws SQLException {
        List<RunOutcome> outcomes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     select r.id, r.grid_point::text, r.samples, r.status, r.ols_train_ratio, r.ols_test_ratio,
                            r.final_train_loss, r.final_test_loss, r.label_variance, r.final_train_accuracy, r.stop_reason,
                            last.train_loss, half.train_loss, r.final_alignment_ols, r.end_point::text
                     from runs r
                     left join lateral (select m.step, m.train_loss from metrics m where m.run_id = r.id
                                        order by m.step desc limit 1) last on r.status = 'completed'
                     left join lateral (select m.train_loss from metrics m where m.run_id = r.id and m.step <= last.step / 2
                                        order by m.step desc limit 1) half on last.step is not null
                     where r.sweep_id = ? order by r.run_index nulls last, r.id""")) {
            query.setString(1, sweepId);
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    Double last = r.getObject(12, Double.class);
                    Double half = r.getObject(13, Double.class);
                    Double change = last == null || half == null ? null : Stationarity.lossChangeOverDoubling(half, last);
                    outcomes.add(new RunOutcome(r.getString(1), gridValues(r.getString(2)), r.getInt(3), r.getString(4),
                            r.getObject(5, Double.class), r.getObject(6, Double.class), r.getObject(7, Double.class),
                            r.getObject(8, Double.class), r.getObject(9, Double.class), r.getObject(10, Double.class),
                            r.getString(11), change, r.getObject(14, Double.class), endPoint(r.getString(15))));
                }
            }
        }
        return outcomes;
    }

    /** A completed run with what the per-run measurements need to rebuild it: its data (from the seed) and θ. */
    public record CompletedRun(String runId, List<GridValue> gridPoint, long seed, double[] finalParameters) {
    }

    /** A per-run measurement, made once per completed run and stored in its own column. */
    public enum Measurement {
        /** The end point for the certified end state: regression runs only (they have a label variance). */
        END_POINT("end_point is null and label_variance is not null"),
        /** The hull and robustness measurements. */
        GEOMETRY("geometry is null");

        private final String pending;

        Measurement(String pending) {
            this.pending = pending;
        }
    }

    /** The sweep's completed runs that still lack the measurement, in run order. */
    public List<CompletedRun> runsAwaiting(Measurement measurement, String sweepId) throws SQLException {
        List<CompletedRun> work = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select id, grid_point::text, seed::text, final_parameters from runs "
                     + "where sweep_id = ? and status = 'completed' and " + measurement.pending + " order by run_index nulls last, id")) {
            query.setString(1, sweepId);
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    work.add(new CompletedRun(r.getString(1), gridValues(r.getString(2)), Long.parseUnsignedLong(r.getString(3)),
                            doubles(r.getArray(4))));
                }
            }
        }
        return work;
    }

    /** The failed runs of a sweep, as the sweep listed them (index, grid point, repeat, seed), in run order. */
    public List<RunRef> failedRuns(String sweepId) throws SQLException {
        List<RunRef> failed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select id, run_index, grid_point::text, repeat, seed::text from runs "
                     + "where sweep_id = ? and status = 'failed' order by run_index nulls last, id")) {
            query.setString(1, sweepId);
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    failed.add(RunRef.newBuilder().setRunId(r.getString(1)).setIndex(r.getInt(2)).addAllGridPoint(gridValues(r.getString(3)))
                            .setRepeat(r.getInt(4)).setSeed(Long.parseUnsignedLong(r.getString(5))).build());
                }
            }
        }
        return failed;
    }

    /** @param endPoint the measurement, or null with {@code skipped} saying why there is none */
    public void saveEndPoint(String runId, EndPoint endPoint, String skipped) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("update runs set end_point = ?::jsonb where id = ?")) {
            JsonNode value = endPoint != null ? json.valueToTree(endPoint) : json.createObjectNode().put("skipped", skipped);
            update.setString(1, value.toString());
            update.setString(2, runId);
            update.executeUpdate();
        }
    }

    private EndPoint endPoint(String stored) {
        if (stored == null) {
            return null;
        }
        JsonNode node = readJson(stored);
        if (node.has("skipped")) {
            return null;
        }
        try {
            return json.treeToValue(node, EndPoint.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored end point does not parse", e);
        }
    }

    private static double[] doubles(java.sql.Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        Double[] boxed = (Double[]) array.getArray();
        double[] values = new double[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            values[i] = boxed[i];
        }
        return values;
    }

    public void saveGeometry(String runId, RunGeometry geometry) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("update runs set geometry = ?::jsonb where id = ?")) {
            update.setString(1, json.valueToTree(geometry).toString());
            update.setString(2, runId);
            update.executeUpdate();
        }
    }

    public List<GeometryTable.Measured> geometry(String sweepId) throws SQLException {
        List<GeometryTable.Measured> measured = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     select grid_point::text, geometry::text from runs where sweep_id = ? and geometry is not null
                     order by run_index nulls last, id""")) {
            query.setString(1, sweepId);
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    measured.add(new GeometryTable.Measured(gridValues(r.getString(1)),
                            json.treeToValue(readJson(r.getString(2)), RunGeometry.class)));
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored run geometry does not parse", e);
            }
        }
        return measured;
    }

    private String gridJson(List<GridValue> gridPoint) {
        ObjectNode grid = json.createObjectNode();
        for (GridValue value : gridPoint) {
            grid.set(value.getPath(), readJson(value.getValue()));
        }
        return grid.toString();
    }

    private List<GridValue> gridValues(String gridJson) {
        List<GridValue> values = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = readJson(gridJson).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            values.add(GridValue.newBuilder().setPath(entry.getKey()).setValue(entry.getValue().toString()).build());
        }
        return values;
    }

    private static int samples(List<GridValue> gridPoint, int baseSamples) {
        return gridPoint.stream().filter(v -> v.getPath().equals(ThresholdTable.SAMPLES_PATH))
                .mapToInt(v -> (int) Double.parseDouble(v.getValue())).findFirst().orElse(baseSamples);
    }

    private Map<String, Object> readGrid(String text) {
        try {
            return text == null ? null : json.readValue(text, GRID_POINT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored grid point does not parse: " + text, e);
        }
    }

    private <T> T readAs(String text, Class<T> type) {
        try {
            return text == null ? null : json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " does not parse: " + text, e);
        }
    }

    private JsonNode readJson(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not parse: " + text, e);
        }
    }

    private static void setNullable(PreparedStatement statement, int index, Number value) throws SQLException {
        if (value == null) {
            statement.setNull(index, value instanceof Double ? Types.DOUBLE : Types.NUMERIC);
        } else if (value instanceof Double d) {
            statement.setDouble(index, d);
        } else if (value instanceof Long l) {
            statement.setLong(index, l);
        } else {
            statement.setInt(index, value.intValue());
        }
    }
}
