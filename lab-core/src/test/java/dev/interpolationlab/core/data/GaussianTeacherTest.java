package dev.interpolationlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.interpolationlab.proto.v1.DataSpec;
import org.junit.jupiter.api.Test;

class GaussianTeacherTest {

    private static final DataSpec SPEC = DataSpec.newBuilder()
            .setKind("gaussian-teacher").setDim(5).setSamples(20_000).setNoise(0.5).setTestSamples(100).build();

    @Test
    void sameSeedSameDataDifferentSeedDifferentData() {
        DataSet a = GaussianTeacher.generate(SPEC, 1);
        DataSet b = GaussianTeacher.generate(SPEC, 1);
        assertArrayEquals(a.x(), b.x());
        assertArrayEquals(a.y(), b.y());
        assertFalse(java.util.Arrays.equals(a.x(), GaussianTeacher.generate(SPEC, 2).x()));
    }

    @Test
    void labelsAreAUnitTeacherPlusNoiseOfTheRequestedScale() {
        DataSet data = GaussianTeacher.generate(SPEC, 5);
        double norm = 0;
        for (double b : data.teacher()) {
            norm += b * b;
        }
        assertEquals(1.0, norm, 1e-12);
        double sumSquares = 0;
        for (int k = 0; k < data.n(); k++) {
            double clean = 0;
            for (int i = 0; i < data.d(); i++) {
                clean += data.x()[k * data.d() + i] * data.teacher()[i];
            }
            double noise = data.y()[k] - clean;
            sumSquares += noise * noise;
        }
        // Var(σξ) = 0.25, standard error ≈ 0.25·sqrt(2/n) ≈ 0.0025
        assertEquals(0.25, sumSquares / data.n(), 0.0125);
    }
}
