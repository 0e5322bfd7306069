package dev.interpolationlab.core.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.interpolationlab.proto.v1.DataSpec;
import dev.interpolationlab.proto.v1.InitSpec;
import dev.interpolationlab.proto.v1.ModelSpec;
import dev.interpolationlab.proto.v1.OptimizerSpec;
import dev.interpolationlab.proto.v1.RecordSpec;
import dev.interpolationlab.proto.v1.TrainingSpec;

/** Maps the training part of a normalised (validated, defaults filled) spec tree onto {@link TrainingSpec}. */
public final class TrainingSpecs {

    private TrainingSpecs() {
    }

    public static TrainingSpec fromNormalised(JsonNode spec) {
        JsonNode model = spec.get("model");
        JsonNode init = model.get("init");
        JsonNode data = spec.get("data");
        JsonNode optimizer = spec.get("optimizer");
        return TrainingSpec.newBuilder()
                .setModel(ModelSpec.newBuilder()
                        .setKind(model.get("kind").asText())
                        .setWidth(model.get("width").asInt())
                        .setActivation(model.get("activation").asText())
                        .setBias(model.get("bias").asBoolean())
                        .setDepth(model.get("depth").asInt())
                        .setRidge(model.get("ridge").asDouble())
                        .setInit(InitSpec.newBuilder()
                                .setScheme(init.get("scheme").asText())
                                .setScale(init.get("scale").asDouble())
                                .setZeroOutput(init.get("zeroOutput").asBoolean())))
                .setData(DataSpec.newBuilder()
                        .setKind(data.get("kind").asText())
                        .setDim(data.get("dim").asInt())
                        .setSamples(data.get("samples").asInt())
                        .setNoise(data.get("noise").asDouble())
                        .setTestSamples(data.get("testSamples").asInt())
                        .setClasses(data.get("classes").asInt())
                        .setLabelNoise(data.get("labelNoise").asDouble())
                        .setMeanScale(data.get("meanScale").asDouble())
                        .setLabels(data.path("labels").asText(""))
                        .setCrop(data.path("crop").asInt(0))
                        .setPca(data.path("pca").asInt(0))
                        .setTrainCsv(data.path("train").asText(""))
                        .setTestCsv(data.path("test").asText("")))
                .setOptimizer(OptimizerSpec.newBuilder()
                        .setKind(optimizer.get("kind").asText())
                        .setLr(optimizer.get("lr").asDouble())
                        .setSteps(optimizer.get("steps").asLong())
                        .setStop(optimizer.get("stop").asText())
                        .setWindow(optimizer.get("window").asLong())
                        .setLossTolerance(optimizer.get("lossTolerance").asDouble())
                        .setGradTolerance(optimizer.get("gradTolerance").asDouble())
                        .setBatch(optimizer.get("batch").asInt())
                        .setMomentum(optimizer.get("momentum").asDouble()))
                .setLoss(spec.get("loss").asText())
                .setRecord(record(spec.get("record").get("every")))
                .build();
    }

    private static RecordSpec record(JsonNode every) {
        if (every.isNumber()) {
            return RecordSpec.newBuilder().setEverySteps(every.asLong()).build();
        }
        String ratio = every.asText().substring("geometric:".length());
        return RecordSpec.newBuilder().setGeometricRatio(Double.parseDouble(ratio)).build();
    }
}
