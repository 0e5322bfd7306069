package dev.interpolationlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.proto.v1.DataSpec;
import org.junit.jupiter.api.Test;

class OneDimensionalDataTest {

    @Test
    void threePointIsTheAuthorsDataSetAndItsOwnTestSet() {
        DataSet data = DataSets.generate(DataSpec.newBuilder().setKind("three-point").build(), 99);
        assertArrayEquals(new double[] {-0.75, -0.5, 0.125}, data.x());
        assertArrayEquals(new double[] {1.1, 0.1, 0.8}, data.y());
        assertArrayEquals(data.x(), data.xTest());
        assertNull(data.teacher());
    }

    @Test
    void stewartTeacherPassesThroughItsKnotsLinearly() {
        assertEquals(0.7, Stewart.teacher(-0.7), 1e-15);
        assertEquals(0.5, Stewart.teacher(0.25), 1e-15);     // halfway between (0, 0) and (0.5, 1)
        assertEquals(0.6, Stewart.teacher(-0.625), 1e-15);   // halfway between (-0.7, 0.7) and (-0.55, 0.5)
        assertEquals(0.0, Stewart.teacher(1.0), 1e-15);
    }

    @Test
    void stewartDrawsUniformInputsFromTheSeedWithNoiselessTestTargets() {
        DataSpec spec = DataSpec.newBuilder().setKind("stewart").setDim(1).setSamples(40).setTestSamples(500).setNoise(0.1).build();
        DataSet data = DataSets.generate(spec, 7);
        assertArrayEquals(data.x(), DataSets.generate(spec, 7).x());
        for (double x : data.x()) {
            assertTrue(x >= -1 && x < 1);
        }
        for (int k = 0; k < data.nTest(); k++) {
            assertEquals(Stewart.teacher(data.xTest()[k]), data.yTest()[k], 0.0);
        }
    }

    @Test
    void theBiasColumnIsAConstantOneAfterTheInputs() {
        DataSet data = ThreePoint.generate().withBiasColumn();
        assertEquals(2, data.d());
        assertArrayEquals(new double[] {-0.75, 1, -0.5, 1, 0.125, 1}, data.x());
    }
}
