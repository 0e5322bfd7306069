package dev.interpolationlab.analysis.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interpolationlab.api.HullAnswer;
import dev.interpolationlab.api.HullRequest;
import dev.interpolationlab.api.SpecError;
import dev.interpolationlab.api.ValidationErrors;
import dev.interpolationlab.core.data.CsvTable;
import dev.interpolationlab.core.geometry.ConvexHull;
import dev.interpolationlab.core.geometry.HullStatistics;
import dev.interpolationlab.core.geometry.HullVerdict;
import dev.interpolationlab.core.geometry.PointCloud;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestForm;

/**
 * {@code POST /api/hull}: interpolation versus extrapolation of user points (science.md §2.1) — is each test point in
 * the convex hull of the training points, how far outside, the fraction inside, and the PCA-k curve. JSON
 * {@code {"train": [[…], …], "test": [[…], …]}}, or a multipart upload of two CSV files {@code train} and {@code test}
 * (one point per line, an optional header). Sizes are capped by configuration; every problem found is answered in one
 * 400 naming the field: ragged rows, NaN/Inf or non-numbers, a dimension mismatch, an empty set, a size over a limit.
 * <p>
 * What each option costs (BENCHMARKS.md, "the path users call"): {@code ?distances=false} answers membership only,
 * each verdict by its cheapest certificate; the default adds each outside point's distance, certified to a relative gap
 * of {@value HullStatistics#DISTANCE_ACCURACY} by Wolfe's nearest-point algorithm (a handful of passes over the train
 * points per query), and the nearest-neighbour scale (one pass per sampled train point, at most 1,000). {@code pca}
 * (the default) adds one membership pass over the test points per k of the PCA curve, up to 16 + a few: turn it off
 * when only the verdicts in the full space are wanted.
 */
@Path("/api/hull")
@Produces(MediaType.APPLICATION_JSON)
public class HullResource {

    private static final String PCA = "also the fraction inside after PCA to k = 1, 2, … components: one membership pass over the"
            + " test points per k";
    private static final String DISTANCES = "also each outside point's distance to the hull, certified to a relative gap of "
            + HullStatistics.DISTANCE_ACCURACY + " (distanceLower ≤ true ≤ distance), and the nearest-neighbour scale;"
            + " false answers membership only, the cheapest certificate per point";

    @ConfigProperty(name = "lab.hull.max-train-points", defaultValue = "20000")
    int maxTrainPoints;

    @ConfigProperty(name = "lab.hull.max-test-points", defaultValue = "5000")
    int maxTestPoints;

    @ConfigProperty(name = "lab.hull.max-dim", defaultValue = "1000")
    int maxDim;

    /**
     * The most train points × dimensions × test points one request may ask for: each test point's verdict can need an
     * LP over every train point, so this bounds the CPU one request takes, where each size alone would allow 10¹¹.
     * 2·10⁸ admits, say, 10,000 points in d = 100 with 200 queries. Measured through HTTP, 1,000 points in d = 10 with
     * 200 queries (2·10⁶) took 1.4 s; the cost at the bound itself has not been measured.
     */
    @ConfigProperty(name = "lab.hull.max-work", defaultValue = "200000000")
    long maxWork;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = HullRequest.class)))
    @APIResponse(responseCode = "200", description = "per test point and for the set", content = @Content(mediaType = "application/json", schema = @Schema(implementation = HullAnswer.class)))
    @APIResponse(responseCode = "400", description = "every problem with the points, by field", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ValidationErrors.class)))
    public Response fromJson(JsonNode body,
            @Parameter(description = PCA) @QueryParam("pca") @DefaultValue("true") boolean pca,
            @Parameter(description = DISTANCES) @QueryParam("distances") @DefaultValue("true") boolean distances) {
        List<SpecError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            errors.add(new SpecError("body", "expected {\"train\": [[...], ...], \"test\": [[...], ...]}"));
            return badRequest(errors);
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("train") && !name.equals("test")) {
                errors.add(new SpecError(name, "unknown field; expected train and test"));
            }
        });
        PointCloud train = points(body.get("train"), "train", maxTrainPoints, errors);
        PointCloud test = points(body.get("test"), "test", maxTestPoints, errors);
        return answer(train, test, pca, distances, errors);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RequestBody(required = true, content = @Content(mediaType = "multipart/form-data", schema = @Schema(type = SchemaType.OBJECT, description = "two CSV files, train and test: one point per line, an optional header")))
    @APIResponse(responseCode = "200", description = "per test point and for the set", content = @Content(mediaType = "application/json", schema = @Schema(implementation = HullAnswer.class)))
    @APIResponse(responseCode = "400", description = "every problem with the points, by field", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ValidationErrors.class)))
    public Response fromCsv(@RestForm String train, @RestForm String test,
            @Parameter(description = PCA) @QueryParam("pca") @DefaultValue("true") boolean pca,
            @Parameter(description = DISTANCES) @QueryParam("distances") @DefaultValue("true") boolean distances) {
        List<SpecError> errors = new ArrayList<>();
        return answer(csv(train, "train", maxTrainPoints, errors), csv(test, "test", maxTestPoints, errors), pca, distances, errors);
    }

    private Response answer(PointCloud train, PointCloud test, boolean pca, boolean distances, List<SpecError> errors) {
        if (train != null && test != null && train.dim() != test.dim()) {
            errors.add(new SpecError("test", "points have " + test.dim() + " coordinates, the train points " + train.dim()));
        }
        long perQuery = train == null ? 0 : (long) train.count() * train.dim();
        if (test != null && perQuery * test.count() > maxWork) {
            errors.add(new SpecError("test", train.count() + " train points × " + train.dim() + " dimensions × " + test.count()
                    + " test points = " + perQuery * test.count() + " exceeds the per-request bound of " + maxWork
                    + " (lab.hull.max-work): send at most " + maxWork / perQuery + " test points with these train points,"
                    + " or split them over requests"));
        }
        if (!errors.isEmpty() || train == null || test == null) {
            return badRequest(errors);
        }
        HullStatistics.Report report = HullStatistics.of(train, test, pca, distances);
        Map<String, Integer> decidedBy = new LinkedHashMap<>();
        for (HullVerdict.DecidedBy by : HullVerdict.DecidedBy.values()) {
            decidedBy.put(by.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), report.decidedBy()[by.ordinal()]);
        }
        return Response.ok(new HullAnswer(report.dim(), report.trainPoints(), report.testPoints(), report.fractionInside(),
                ConvexHull.TOLERANCE, booleans(report.inside()), doubles(report.distanceUpper()), doubles(report.distanceLower()),
                doubles(report.normalisedDistance()), distances ? report.nearestNeighbourScale() : null,
                distances ? report.medianNormalisedDistance() : null,
                report.pcaCurve().stream().map(point -> new HullAnswer.PcaPoint(point.k(), point.fractionInside())).toList(),
                decidedBy, distances ? HullStatistics.DISTANCE_ACCURACY : null)).build();
    }

    private PointCloud points(JsonNode rows, String field, int maxPoints, List<SpecError> errors) {
        if (rows == null || !rows.isArray()) {
            errors.add(new SpecError(field, "missing: expected an array of points (arrays of numbers)"));
            return null;
        }
        if (rows.isEmpty()) {
            errors.add(new SpecError(field, "is empty: at least one point is needed"));
            return null;
        }
        if (rows.size() > maxPoints) {
            errors.add(new SpecError(field, rows.size() + " points exceed the limit of " + maxPoints));
            return null;
        }
        int dim = rows.get(0).isArray() ? rows.get(0).size() : -1;
        int before = errors.size();
        if (dim < 1 || dim > maxDim) {
            errors.add(new SpecError(field + "[0]", "expected an array of 1 to " + maxDim + " numbers"));
            return null;
        }
        double[] coords = new double[rows.size() * dim];
        for (int i = 0; i < rows.size() && errors.size() - before < 5; i++) {
            JsonNode row = rows.get(i);
            if (!row.isArray() || row.size() != dim) {
                errors.add(new SpecError(field + "[" + i + "]", "has " + (row.isArray() ? row.size() + " coordinates" : "no array")
                        + ", expected " + dim + " like " + field + "[0]"));
                continue;
            }
            for (int k = 0; k < dim; k++) {
                JsonNode value = row.get(k);
                if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
                    errors.add(new SpecError(field + "[" + i + "][" + k + "]", "'" + value + "' is not a finite number"));
                } else {
                    coords[i * dim + k] = value.asDouble();
                }
            }
        }
        return errors.size() > before ? null : new PointCloud(rows.size(), dim, coords);
    }

    private PointCloud csv(String text, String field, int maxPoints, List<SpecError> errors) {
        if (text == null || text.isBlank()) {
            errors.add(new SpecError(field, "missing or empty: upload a CSV file as form field '" + field + "'"));
            return null;
        }
        try {
            CsvTable table = CsvTable.parsePoints(text);
            if (table.rows() > maxPoints) {
                errors.add(new SpecError(field, table.rows() + " points exceed the limit of " + maxPoints));
                return null;
            }
            if (table.columns() > maxDim) {
                errors.add(new SpecError(field, table.columns() + " columns exceed the limit of " + maxDim));
                return null;
            }
            return new PointCloud(table.rows(), table.columns(), table.values());
        } catch (CsvTable.InvalidCsvException e) {
            e.problems().forEach(problem -> errors.add(new SpecError(field, problem)));
            return null;
        }
    }

    private static Response badRequest(List<SpecError> errors) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON).entity(new ValidationErrors(errors)).build();
    }

    private static List<Boolean> booleans(boolean[] values) {
        List<Boolean> list = new ArrayList<>(values.length);
        for (boolean v : values) {
            list.add(v);
        }
        return list;
    }

    private static List<Double> doubles(double[] values) {
        return values == null ? null : java.util.Arrays.stream(values).boxed().toList();
    }
}
