package dev.interpolationlab.core.data;

import dev.interpolationlab.proto.v1.DataSpec;

/** The regression data set a spec names, drawn from the run seed: the same everywhere it is generated. */
public final class DataSets {

    private DataSets() {
    }

    public static RegressionData generate(DataSpec spec, long runSeed) {
        return switch (spec.getKind()) {
            case "gaussian-teacher" -> GaussianTeacher.generate(spec, runSeed);
            case "three-point" -> ThreePoint.generate();
            case "stewart" -> Stewart.generate(spec, runSeed);
            default -> throw new IllegalArgumentException("no regression data set '" + spec.getKind() + "'");
        };
    }
}
