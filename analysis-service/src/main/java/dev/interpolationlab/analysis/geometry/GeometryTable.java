package dev.interpolationlab.analysis.geometry;

import dev.interpolationlab.core.science.Median;
import dev.interpolationlab.core.theory.Wendel;
import dev.interpolationlab.proto.v1.GeometryPoint;
import dev.interpolationlab.proto.v1.GridValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** One row per grid point: the medians of its runs' {@link RunGeometry} measurements. */
public final class GeometryTable {

    /** A measured run at its grid point. */
    public record Measured(List<GridValue> gridPoint, RunGeometry geometry) {
    }

    private GeometryTable() {
    }

    public static List<GeometryPoint> of(List<Measured> runs) {
        Map<List<GridValue>, List<RunGeometry>> byPoint = new LinkedHashMap<>();
        runs.forEach(run -> byPoint.computeIfAbsent(run.gridPoint(), point -> new ArrayList<>()).add(run.geometry()));
        List<GeometryPoint> table = new ArrayList<>();
        byPoint.forEach((point, all) -> {
            List<RunGeometry> measured = all.stream().filter(g -> g.skipped() == null).toList();
            GeometryPoint.Builder row = GeometryPoint.newBuilder().addAllGridPoint(point).setRuns(measured.size())
                    .setSkipped(all.size() - measured.size());
            median(measured, RunGeometry::inputFractionInside, row::setInputFractionInside);
            pooledFractionInside(measured).ifPresent(row::setInputFractionInsidePooled);
            median(measured, RunGeometry::inputMedianDistance, row::setInputMedianDistance);
            median(measured, RunGeometry::hiddenFractionInside, row::setHiddenFractionInside);
            median(measured, RunGeometry::hiddenMedianDistance, row::setHiddenMedianDistance);
            median(measured, RunGeometry::lipschitzLower, row::setLipschitzLower);
            List<List<Double>> deciles = measured.stream().map(RunGeometry::inputDistanceDeciles).filter(Objects::nonNull).toList();
            for (int k = 0; !deciles.isEmpty() && k < deciles.get(0).size(); k++) {
                int decile = k;
                row.addInputDistanceDeciles(Median.of(deciles.stream().mapToDouble(d -> d.get(decile)).toArray()));
            }
            median(measured, RunGeometry::lipschitzScale, row::setLipschitzScale);
            measured.stream().map(RunGeometry::hiddenDim).filter(Objects::nonNull).findFirst().ifPresent(row::setHiddenDim);
            measured.stream().map(RunGeometry::parameters).filter(Objects::nonNull).findFirst().ifPresent(row::setParameters);
            List<RunGeometry> symmetric = measured.stream().filter(g -> g.originInside() != null).toList();
            if (!symmetric.isEmpty()) {
                RunGeometry any = symmetric.get(0);
                row.setOriginInsideFraction(symmetric.stream().filter(RunGeometry::originInside).count() / (double) symmetric.size())
                        .setWendel(Wendel.probabilityInside(any.samples(), any.dim()));
            }
            table.add(row.build());
        });
        return table;
    }

    /** Inside test points over all measured test points: each run's fraction weighted by its test points. */
    private static java.util.OptionalDouble pooledFractionInside(List<RunGeometry> runs) {
        double inside = 0;
        long points = 0;
        for (RunGeometry run : runs) {
            if (run.inputFractionInside() != null && run.testPoints() != null) {
                inside += run.inputFractionInside() * run.testPoints();
                points += run.testPoints();
            }
        }
        return points == 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(inside / points);
    }

    private static void median(List<RunGeometry> runs, Function<RunGeometry, Double> field, java.util.function.DoubleConsumer set) {
        double[] values = runs.stream().map(field).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        if (values.length > 0) {
            set.accept(Median.of(values));
        }
    }
}
