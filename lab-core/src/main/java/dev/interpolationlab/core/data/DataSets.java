package dev.interpolationlab.core.data;

import dev.interpolationlab.proto.v1.DataSpec;

/** The data set a spec names, drawn from the run seed: the same everywhere it is generated. */
public final class DataSets {

    private DataSets() {
    }

    public static DataSet generate(DataSpec spec, long runSeed) {
        return switch (spec.getKind()) {
            case "gaussian-teacher" -> GaussianTeacher.generate(spec, runSeed);
            case "three-point" -> ThreePoint.generate();
            case "stewart" -> Stewart.generate(spec, runSeed);
            case "sphere" -> Sphere.generate(spec, runSeed);
            case "moment-curve" -> MomentCurve.generate(spec, runSeed);
            case "gaussian-mixture" -> GaussianMixture.generate(spec, runSeed);
            case "fashion-mnist" -> FashionMnist.generate(spec, runSeed);
            case "csv" -> CsvData.generate(spec, runSeed);
            default -> throw new IllegalArgumentException("no data set '" + spec.getKind() + "'");
        };
    }
}
