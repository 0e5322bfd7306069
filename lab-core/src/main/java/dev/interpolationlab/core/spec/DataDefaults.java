package dev.interpolationlab.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.interpolationlab.api.SpecError;
import dev.interpolationlab.core.data.CsvData;
import dev.interpolationlab.core.data.CsvTable;
import dev.interpolationlab.core.data.FashionMnist;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What each data kind implies for its dimension, sample counts and classes, and the constraints of each kind. */
final class DataDefaults {

    static final int DEFAULT_TEST_SAMPLES = 1000;
    static final Set<String> CLASSIFICATION = Set.of("gaussian-mixture", "fashion-mnist");
    static final Set<String> LINEAR_TEACHER = Set.of("gaussian-teacher", "sphere", "moment-curve");

    private DataDefaults() {
    }

    /** Fills what a kind implies; a kind without defaults must be given dim and samples. */
    static void fill(ObjectNode data, List<SpecError> errors) {
        String kind = data.get("kind").asText();
        switch (kind) {
            case "three-point" -> {
                putIfAbsent(data, "dim", 1);
                putIfAbsent(data, "samples", 3);
            }
            case "stewart" -> {
                putIfAbsent(data, "dim", 1);
                putIfAbsent(data, "samples", 40);
            }
            case "fashion-mnist" -> {
                int crop = data.path("crop").asInt(0);
                int dim = FashionMnist.dimension(crop, data.path("pca").asInt(0));
                if (data.has("dim") && data.get("dim").asInt() != dim) {
                    errors.add(new SpecError("data.dim", "fashion-mnist" + (crop > 0 || data.has("pca") ? " with this crop/pca" : "")
                            + " has dimension " + dim + ", got " + data.get("dim").asInt()));
                }
                data.put("dim", dim);
                requireSamples(data, kind, errors);
                if (data.has("classes") && data.get("classes").asInt() != FashionMnist.CLASSES) {
                    errors.add(new SpecError("data.classes", "fashion-mnist has " + FashionMnist.CLASSES + " classes, got " + data.get("classes").asInt()));
                }
                data.put("classes", FashionMnist.CLASSES);
            }
            case "gaussian-mixture" -> {
                requireDimAndSamples(data, kind, errors);
                putIfAbsent(data, "classes", 10);
            }
            case "csv" -> fillFromCsv(data, errors);
            default -> requireDimAndSamples(data, kind, errors);
        }
        putIfAbsent(data, "testSamples", DEFAULT_TEST_SAMPLES);
        if (!data.has("classes")) {
            data.put("classes", 0);
        }
    }

    /** The rows of an uploaded data set fix its dimension and sizes; problems are reported by line. */
    private static void fillFromCsv(ObjectNode data, List<SpecError> errors) {
        if (!data.has("train")) {
            errors.add(new SpecError("data.train", "is required for data kind csv: the training rows, label in the last column"));
            return;
        }
        for (String field : List.of("dim", "samples", "testSamples")) {
            if (data.has(field)) {
                errors.add(new SpecError("data." + field, "is given by the rows of a csv data set; leave it out"));
            }
        }
        int classes = data.path("classes").asInt(0);
        CsvTable train = table(data, "train", classes, errors);
        CsvTable test = data.has("test") ? table(data, "test", classes, errors) : train;
        if (train == null || test == null) {
            return;
        }
        if (test.columns() != train.columns()) {
            errors.add(new SpecError("data.test", "has " + test.columns() + " columns, the training rows " + train.columns()));
        }
        data.put("dim", train.columns() - 1);
        data.put("samples", train.rows());
        data.put("testSamples", test.rows());
    }

    private static CsvTable table(ObjectNode data, String field, int classes, List<SpecError> errors) {
        try {
            CsvTable table = CsvTable.parse(data.get(field).asText());
            if (classes > 0) {
                CsvData.checkClasses(table.labels(), classes, field);
            }
            return table;
        } catch (IllegalArgumentException e) {
            errors.add(new SpecError("data." + field, e.getMessage()));
            return null;
        }
    }

    /** The constraints of a kind, at one grid point (where data.kind, dim or samples may have been swept). */
    static void checkPoint(JsonNode data, String at, Map<String, SpecError> firstByField) {
        String kind = data.get("kind").asText();
        long d = data.get("dim").asLong();
        boolean classification = data.get("classes").asInt() > 0;
        if (kind.equals("three-point")) {
            require(d == 1, "data.dim", "three-point is one-dimensional: dim must be 1, got " + d + at, firstByField);
            require(data.get("samples").asLong() == 3, "data.samples",
                    "three-point has exactly 3 samples, got " + data.get("samples").asLong() + at, firstByField);
            require(data.get("noise").asDouble() == 0.0, "data.noise", "three-point is a fixed data set: noise must be 0" + at, firstByField);
        } else if (kind.equals("stewart")) {
            require(d == 1, "data.dim", "stewart is one-dimensional: dim must be 1, got " + d + at, firstByField);
        } else if (kind.equals("moment-curve")) {
            require(d % 2 == 0, "data.dim", "the moment curve (cos t, sin t, …, cos kt, sin kt) has an even dimension, got " + d + at, firstByField);
        } else if (kind.equals("fashion-mnist")) {
            require(data.get("samples").asLong() <= FashionMnist.TRAIN_IMAGES, "data.samples",
                    "fashion-mnist has " + FashionMnist.TRAIN_IMAGES + " training images" + at, firstByField);
            require(data.get("testSamples").asLong() <= FashionMnist.TEST_IMAGES, "data.testSamples",
                    "fashion-mnist has " + FashionMnist.TEST_IMAGES + " test images" + at, firstByField);
            int side = data.has("crop") ? data.get("crop").asInt() : FashionMnist.SIDE;
            require(!data.has("pca") || data.get("pca").asInt() <= side * side, "data.pca",
                    "cannot keep more principal components than the " + side * side + " pixels" + at, firstByField);
        }
        require(!data.has("crop") && !data.has("pca") || kind.equals("fashion-mnist"), data.has("crop") ? "data.crop" : "data.pca",
                "crop and pca reduce fashion-mnist images; data kind " + kind + " has none" + at, firstByField);
        require(!data.has("train") && !data.has("test") || kind.equals("csv"), data.has("train") ? "data.train" : "data.test",
                "rows are uploaded only for data kind csv" + at, firstByField);
        require(!classification || CLASSIFICATION.contains(kind) || kind.equals("csv"), "data.classes",
                kind + " is a regression data set: classes applies to gaussian-mixture, fashion-mnist and csv" + at, firstByField);
        boolean randomSign = data.path("labels").asText("teacher").equals("random-sign");
        require(!randomSign || LINEAR_TEACHER.contains(kind), "data.labels",
                "random-sign labels replace the linear teacher of gaussian-teacher, sphere and moment-curve; data kind " + kind + " has its own" + at,
                firstByField);
        require(!randomSign || data.get("noise").asDouble() == 0.0, "data.noise",
                "noise is added to the teacher's labels; random-sign labels have none" + at, firstByField);
        require(classification || data.get("labelNoise").asDouble() == 0.0, "data.labelNoise",
                "label noise replaces class labels: it needs classification data (give data.classes for csv)" + at, firstByField);
    }

    private static void requireDimAndSamples(ObjectNode data, String kind, List<SpecError> errors) {
        if (!data.has("dim")) {
            errors.add(new SpecError("data.dim", "is required for data kind " + kind));
        }
        requireSamples(data, kind, errors);
    }

    private static void requireSamples(ObjectNode data, String kind, List<SpecError> errors) {
        if (!data.has("samples")) {
            errors.add(new SpecError("data.samples", "is required for data kind " + kind));
        }
    }

    static void require(boolean holds, String field, String message, Map<String, SpecError> firstByField) {
        if (!holds) {
            firstByField.putIfAbsent(field, new SpecError(field, message));
        }
    }

    private static void putIfAbsent(ObjectNode data, String field, int value) {
        if (!data.has(field)) {
            data.put(field, value);
        }
    }
}
