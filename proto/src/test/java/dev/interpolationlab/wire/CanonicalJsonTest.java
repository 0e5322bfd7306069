package dev.interpolationlab.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.interpolationlab.proto.v1.ModelSpec;
import dev.interpolationlab.proto.v1.OptimizerSpec;
import dev.interpolationlab.proto.v1.TrainingSpec;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    private static final TrainingSpec SPEC = TrainingSpec.newBuilder()
            .setLoss("half-mse")
            .setOptimizer(OptimizerSpec.newBuilder().setKind("gd").setLr(1e-3).setSteps(5000))
            .setModel(ModelSpec.newBuilder().setKind("two-layer").setWidth(10).setBias(true))
            .build();

    @Test
    void theEncodingIsTheDocumentedOneAndItsHashIsFixed() {
        // the text as documented (fields in .proto order, defaults left out), and its hash by `sha256sum`: a change of
        // either changes the identity of every stored run
        assertEquals("{\"model\":{\"kind\":\"two-layer\",\"width\":10,\"bias\":true},\"optimizer\":{\"kind\":\"gd\",\"lr\":0.001,"
                + "\"steps\":\"5000\"},\"loss\":\"half-mse\"}", CanonicalJson.print(SPEC));
        assertEquals("08a329d7b1db5e88a3f5fd01c6e913751d21425b7656e86393940b42eb76a0a6", CanonicalJson.sha256(SPEC));
    }

    @Test
    void aFieldAtItsDefaultLeavesTheHashAsItWasAndAnyOtherValueChangesIt() {
        TrainingSpec withDefaults = SPEC.toBuilder().setModel(SPEC.getModel().toBuilder().setDepth(0).setActivation("")).build();
        assertEquals(CanonicalJson.sha256(SPEC), CanonicalJson.sha256(withDefaults));
        assertNotEquals(CanonicalJson.sha256(SPEC), CanonicalJson.sha256(SPEC.toBuilder().setModel(SPEC.getModel().toBuilder().setDepth(1)).build()));
    }
}
