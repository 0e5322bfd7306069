package dev.interpolationlab.analysis.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.core.data.DataSet;
import dev.interpolationlab.core.data.DataSets;
import dev.interpolationlab.core.features.RandomReluFeatures;
import dev.interpolationlab.core.linalg.Ridge;
import dev.interpolationlab.proto.v1.DataSpec;
import dev.interpolationlab.proto.v1.GeometryPoint;
import dev.interpolationlab.proto.v1.GridValue;
import dev.interpolationlab.proto.v1.ModelSpec;
import dev.interpolationlab.proto.v1.TrainingSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunGeometryTest {

    /** Every point of the moment curve is a vertex of the hull of any curve points (science.md §1(c)): never inside. */
    @Test
    void momentCurveTestPointsAreNeverInsideTheTrainingHull() {
        TrainingSpec spec = TrainingSpec.newBuilder()
                .setModel(ModelSpec.newBuilder().setKind("linear"))
                .setData(DataSpec.newBuilder().setKind("moment-curve").setDim(6).setSamples(60).setTestSamples(50))
                .build();
        RunGeometry geometry = RunGeometry.measure(spec, 3, new double[6], true, false, 200);
        assertEquals(0.0, geometry.inputFractionInside());
        assertEquals(50, geometry.testPoints());
        List<Double> deciles = geometry.inputDistanceDeciles();
        assertEquals(9, deciles.size());
        assertEquals(geometry.inputMedianDistance(), deciles.get(4), 1e-12, "the 50% decile is the median distance");
        for (int k = 1; k < deciles.size(); k++) {
            assertTrue(deciles.get(k) >= deciles.get(k - 1), "deciles rise: " + deciles);
        }
        assertTrue(deciles.get(0) > 0, "no moment-curve test point is inside, so even the 10% decile is a positive distance");
        assertNull(geometry.hiddenFractionInside(), "a linear model has no hidden layer");
        assertNull(geometry.originInside(), "the moment curve is not symmetric about 0: Wendel does not apply");
    }

    /**
     * science.md RE-8, reduced: min-norm ReLU random-features interpolators of noisy labels on the sphere. The
     * Lipschitz lower estimate stays above Bubeck–Sellke's √(nd/p) and falls as p grows.
     */
    @Test
    void interpolatorsOfNoisyLabelsAreAtLeastAsSteepAsTheLawOfRobustnessSays() {
        double previous = Double.POSITIVE_INFINITY;
        for (int p : new int[] {400, 1600}) {
            TrainingSpec spec = TrainingSpec.newBuilder()
                    .setModel(ModelSpec.newBuilder().setKind("random-features").setWidth(p))
                    .setData(DataSpec.newBuilder().setKind("sphere").setDim(20).setSamples(200).setNoise(1.0).setTestSamples(200))
                    .build();
            long seed = 11;
            DataSet data = DataSets.generate(spec.getData(), seed);
            double[] phi = RandomReluFeatures.draw(p, 20, seed).map(data.x(), data.n());
            double[] theta = Ridge.solve(phi, data.y(), data.n(), p, 0.0);
            RunGeometry geometry = RunGeometry.measure(spec, seed, theta, true, true, 100);
            assertEquals(Math.sqrt(200.0 * 20 / p), geometry.lipschitzScale(), 1e-12);
            assertTrue(geometry.lipschitzLower() >= geometry.lipschitzScale(), geometry.toString());
            assertTrue(geometry.lipschitzLower() < previous, "the estimate falls as p grows: " + geometry);
            previous = geometry.lipschitzLower();
            assertEquals(p, geometry.hiddenDim());
            assertNotNull(geometry.hiddenFractionInside());
            assertTrue(geometry.originInside(), "Wendel: P(0 ∈ hull of 200 points in d = 20) = 1 − 2e-34");
        }
    }

    @Test
    void thePooledFractionCountsEveryMeasuredTestPointOnceWhereTheMedianDoesNot() {
        List<GridValue> point = List.of(GridValue.newBuilder().setPath("data.dim").setValue("8").build());
        // 0 of 20, 1 of 10 and 8 of 10 test points inside: the median run says 0.1, the pooled count 9/40
        List<GeometryPoint> table = GeometryTable.of(List.of(
                new GeometryTable.Measured(point, new RunGeometry(0.0, 1.0, null, null, 0, null, null, null, 20, null, 50, 8, null, null)),
                new GeometryTable.Measured(point, new RunGeometry(0.1, 1.0, null, null, 0, null, null, null, 10, null, 50, 8, null, null)),
                new GeometryTable.Measured(point, new RunGeometry(0.8, 0.0, null, null, 0, null, null, null, 10, null, 50, 8, null, null))));
        assertEquals(0.1, table.get(0).getInputFractionInside(), 1e-15);
        assertEquals(9.0 / 40, table.get(0).getInputFractionInsidePooled(), 1e-15);
    }

    @Test
    void theTableTakesMediansPerGridPointAndCountsSkippedRuns() {
        List<GridValue> point = List.of(GridValue.newBuilder().setPath("data.samples").setValue("20").build());
        List<GeometryPoint> table = GeometryTable.of(List.of(
                new GeometryTable.Measured(point, new RunGeometry(0.2, 1.0, 0.0, 3.0, 8, 5.0, 2.0, 40, 10, true, 20, 5, null,
                        List.of(0.0, 0.0, 0.5, 0.8, 1.0, 1.2, 1.5, 2.0, 3.0))),
                new GeometryTable.Measured(point, new RunGeometry(0.4, 2.0, 0.1, 5.0, 8, 7.0, 2.0, 40, 10, false, 20, 5, null,
                        List.of(0.0, 0.0, 0.0, 0.0, 2.0, 2.4, 3.5, 4.0, 5.0))),
                new GeometryTable.Measured(point, RunGeometry.skipped("no data"))));
        assertEquals(1, table.size());
        GeometryPoint row = table.get(0);
        assertEquals(2, row.getRuns());
        assertEquals(1, row.getSkipped());
        assertEquals(0.3, row.getInputFractionInside(), 1e-15);
        assertEquals((0.2 * 10 + 0.4 * 10) / 20, row.getInputFractionInsidePooled(), 1e-15);
        double[] decileMedians = {0.0, 0.0, 0.25, 0.4, 1.5, 1.8, 2.5, 3.0, 4.0};
        assertEquals(decileMedians.length, row.getInputDistanceDecilesCount());
        for (int k = 0; k < decileMedians.length; k++) {
            assertEquals(decileMedians[k], row.getInputDistanceDeciles(k), 1e-12, "decile-wise medians, decile " + (k + 1));
        }
        assertEquals(6.0, row.getLipschitzLower(), 1e-15);
        assertEquals(8, row.getHiddenDim());
        assertEquals(40, row.getParameters());
        assertEquals(0.5, row.getOriginInsideFraction(), 1e-15);
        // Wendel at N = 4d, d = 5: 1 − 2^{−19} Σ_{k<5} C(19, k) = 1 − (1 + 19 + 171 + 969 + 3876)/524288
        assertEquals(1 - 5036.0 / 524288, row.getWendel(), 1e-12);
    }
}
