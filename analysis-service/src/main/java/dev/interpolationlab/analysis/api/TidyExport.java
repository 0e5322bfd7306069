package dev.interpolationlab.analysis.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.interpolationlab.analysis.store.LabStore;
import dev.interpolationlab.api.MetricRow;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * A sweep's recorded steps in tidy long form, the shape pandas and R read directly: one row per (run, step), with the
 * run's identity, its grid values as columns named by their path, and the step's metrics. Streamed from the store.
 */
final class TidyExport {

    static final List<String> RUN_COLUMNS = List.of("run", "runIndex", "repeat", "seed", "status");

    private TidyExport() {
    }

    /** CSV with a header; empty fields where a run does not report a metric. */
    static StreamingOutput csv(LabStore store, String sweepId, List<String> gridPaths) {
        return output -> {
            Writer csv = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 1 << 16);
            StringBuilder header = new StringBuilder(String.join(",", RUN_COLUMNS));
            gridPaths.forEach(path -> header.append(',').append(quoted(path)));
            csv.write(header.append(',').append(MetricRow.CSV_HEADER).append('\n').toString());
            stream(store, sweepId, (run, step) -> {
                StringBuilder row = new StringBuilder(256).append(quoted(run.id())).append(',').append(Objects.toString(run.index(), ""))
                        .append(',').append(Objects.toString(run.repeat(), "")).append(',').append(run.seed()).append(',').append(run.status());
                for (String path : gridPaths) {
                    Object value = run.grid() == null ? null : run.grid().get(path);
                    row.append(',').append(value == null ? "" : quoted(value.toString()));
                }
                csv.write(row.append(',').append(step.csv()).append('\n').toString());
            });
            csv.flush();
        };
    }

    /** A JSON array of flat records with the same fields as the CSV's columns (nulls where not reported). */
    static StreamingOutput json(LabStore store, ObjectMapper mapper, String sweepId, List<String> gridPaths) {
        return output -> {
            try (JsonGenerator json = mapper.getFactory().createGenerator(output)) {
                json.writeStartArray();
                stream(store, sweepId, (run, step) -> {
                    json.writeStartObject();
                    json.writeStringField("run", run.id());
                    writeNumber(json, "runIndex", run.index());
                    writeNumber(json, "repeat", run.repeat());
                    json.writeStringField("seed", run.seed());
                    json.writeStringField("status", run.status());
                    for (String path : gridPaths) {
                        json.writeFieldName(path);
                        json.writeObject(run.grid() == null ? null : run.grid().get(path));
                    }
                    json.writeNumberField("step", step.step());
                    json.writeNumberField("trainLoss", step.trainLoss());
                    json.writeNumberField("testLoss", step.testLoss());
                    json.writeNumberField("gradNorm", step.gradNorm());
                    writeNumber(json, "olsTrainRatio", step.olsTrainRatio());
                    writeNumber(json, "olsTestRatio", step.olsTestRatio());
                    json.writeNumberField("paramNorm", step.paramNorm());
                    json.writeNumberField("wallMs", step.wallMs());
                    writeNumber(json, "directionClusters", step.directionClusters());
                    writeNumber(json, "alignmentOls", step.alignmentOls());
                    writeNumber(json, "alignmentTeacher", step.alignmentTeacher());
                    writeNumber(json, "trainAccuracy", step.trainAccuracy());
                    writeNumber(json, "testAccuracy", step.testAccuracy());
                    json.writeEndObject();
                });
                json.writeEndArray();
            }
        };
    }

    private static void stream(LabStore store, String sweepId, LabStore.StepSink sink) throws IOException {
        try {
            store.sweepSteps(sweepId, sink);
        } catch (SQLException e) {
            throw new IOException("reading the sweep's steps failed: " + e.getMessage(), e);
        }
    }

    private static void writeNumber(JsonGenerator json, String name, Number value) throws IOException {
        json.writeFieldName(name);
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Double d) {
            json.writeNumber(d);
        } else {
            json.writeNumber(value.longValue());
        }
    }

    /** RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled. */
    static String quoted(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
