package dev.interpolationlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.proto.v1.DataSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoreDataKindsTest {

    @Test
    void sphereInputsHaveNormSqrtDAndNoiselessLinearTestTargets() {
        DataSpec spec = DataSpec.newBuilder().setKind("sphere").setDim(7).setSamples(50).setTestSamples(40).setNoise(0.3).build();
        DataSet data = DataSets.generate(spec, 3);
        for (int k = 0; k < data.n(); k++) {
            double normSquared = 0.0;
            for (int i = 0; i < 7; i++) {
                normSquared += data.x()[k * 7 + i] * data.x()[k * 7 + i];
            }
            assertEquals(7.0, normSquared, 1e-12);
        }
        for (int k = 0; k < data.nTest(); k++) {
            double target = 0.0;
            for (int i = 0; i < 7; i++) {
                target += data.xTest()[k * 7 + i] * data.teacher()[i];
            }
            assertEquals(target, data.yTest()[k], 1e-12);
        }
        assertArrayEquals(data.x(), DataSets.generate(spec, 3).x(), 0.0, "same seed, same data");
    }

    @Test
    void randomSignLabelsAreBalancedPlusOrMinusOneAndCarryNoTeacher() {
        DataSpec spec = DataSpec.newBuilder().setKind("sphere").setDim(20).setSamples(4000).setTestSamples(100).setLabels("random-sign").build();
        DataSet data = DataSets.generate(spec, 11);
        DataSet teacher = DataSets.generate(spec.toBuilder().setLabels("").build(), 11);
        double sum = 0;
        double correlation = 0;
        for (int k = 0; k < data.n(); k++) {
            assertEquals(1.0, Math.abs(data.y()[k]), 0.0, "label " + k);
            sum += data.y()[k];
            correlation += data.y()[k] * teacher.y()[k];
        }
        // ±1 fair coins: the mean and the correlation with the teacher's labels are within 4 standard errors of 0
        assertTrue(Math.abs(sum / data.n()) < 4 / Math.sqrt(data.n()), "balanced: " + sum / data.n());
        assertTrue(Math.abs(correlation / data.n()) < 4 / Math.sqrt(data.n()), "independent of the teacher: " + correlation / data.n());
        assertArrayEquals(teacher.x(), data.x(), 0.0, "the same training inputs as the teacher's set");
        assertEquals(null, data.teacher());
        for (double label : data.yTest()) {
            assertEquals(1.0, Math.abs(label), 0.0);
        }
    }

    @Test
    void momentCurvePointsAreTheTrigonometricCurve() {
        DataSet data = DataSets.generate(DataSpec.newBuilder().setKind("moment-curve").setDim(4).setSamples(30).setTestSamples(5).build(), 8);
        for (int k = 0; k < data.n(); k++) {
            double cos = data.x()[k * 4];
            double sin = data.x()[k * 4 + 1];
            assertEquals(1.0, cos * cos + sin * sin, 1e-12);
            assertEquals(cos * cos - sin * sin, data.x()[k * 4 + 2], 1e-12, "cos 2t");
            assertEquals(2 * sin * cos, data.x()[k * 4 + 3], 1e-12, "sin 2t");
        }
    }

    @Test
    void labelNoiseReplacesAboutPTimesKMinusOneOverKOfTheTrainingLabelsAndNothingElse() {
        DataSpec clean = DataSpec.newBuilder().setKind("gaussian-mixture").setDim(5).setSamples(4000).setTestSamples(300)
                .setClasses(10).setMeanScale(0.6).build();
        DataSet a = DataSets.generate(clean, 17);
        DataSet b = DataSets.generate(clean.toBuilder().setLabelNoise(0.5).build(), 17);
        assertArrayEquals(a.x(), b.x(), 0.0, "the inputs do not depend on the corruption");
        assertArrayEquals(a.yTest(), b.yTest(), 0.0, "test labels stay clean");
        int changed = 0;
        for (int k = 0; k < a.n(); k++) {
            changed += a.y()[k] != b.y()[k] ? 1 : 0;
        }
        double expected = 0.5 * 9 / 10;
        double standardError = Math.sqrt(expected * (1 - expected) / a.n());
        assertEquals(expected, (double) changed / a.n(), 4 * standardError);
        assertEquals(10, a.classes());
    }

    @Test
    void csvRowsBecomeInputsAndLabelsAndProblemsNameTheirLine() {
        DataSet data = DataSets.generate(DataSpec.newBuilder().setKind("csv").setTrainCsv("x1,x2,y\n1,2,0\n3,4,1\n\n5,6,1\n").build(), 1);
        assertEquals(3, data.n());
        assertEquals(2, data.d());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, data.x(), 0.0);
        assertArrayEquals(new double[] {0, 1, 1}, data.y(), 0.0);
        assertEquals(3, data.nTest(), "without test rows the training rows are the test set");

        CsvTable.InvalidCsvException ragged = assertThrows(CsvTable.InvalidCsvException.class, () -> CsvTable.parse("1,2,3\n4,5\n6,NaN,1\n7,x,1"));
        assertEquals(3, ragged.problems().size(), ragged.problems().toString());
        assertTrue(ragged.problems().get(0).startsWith("line 2 has 2 fields"), ragged.getMessage());
        assertTrue(ragged.problems().get(1).contains("line 3, column 2") && ragged.problems().get(1).contains("not finite"), ragged.getMessage());
        assertTrue(ragged.problems().get(2).contains("'x' is not a number"), ragged.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataSets.generate(
                DataSpec.newBuilder().setKind("csv").setClasses(2).setTrainCsv("1,0\n2,2\n").build(), 1), "label 2 is not one of 2 classes");
    }

    /** A 60-image, 28×28 stand-in for Fashion-MNIST: image i has every pixel equal to i, label i mod 10. */
    private static void writeFakeFashionMnist(Path directory, int train, int test) throws IOException {
        for (String set : new String[] {"train", "t10k"}) {
            int count = set.equals("train") ? train : test;
            byte[] pixels = new byte[count * 28 * 28];
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) {
                java.util.Arrays.fill(pixels, i * 784, (i + 1) * 784, (byte) i);
                pixels[i * 784 + 14 * 28 + 14] = (byte) 255; // one bright central pixel
                labels[i] = (byte) (i % 10);
            }
            Path plain = directory.resolve("plain");
            Idx.write(plain, new int[] {count, 28, 28}, pixels);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(directory.resolve(set + "-images-idx3-ubyte.gz")))) {
                Files.copy(plain, out);
            }
            Idx.write(directory.resolve(set + "-labels-idx1-ubyte"), new int[] {count}, labels);
            Files.delete(plain);
        }
    }

    @Test
    void fashionMnistReadsIdxFilesCropsAndReducesByPca(@TempDir Path directory) throws IOException {
        writeFakeFashionMnist(directory, 60, 20);
        DataSpec spec = DataSpec.newBuilder().setKind("fashion-mnist").setSamples(30).setTestSamples(10).setCrop(4).build();
        DataSet cropped = FashionMnist.generate(spec, 2, directory);
        assertEquals(16, cropped.d());
        assertEquals(10, cropped.classes());
        for (int k = 0; k < cropped.n(); k++) {
            double value = cropped.x()[k * 16];
            int image = (int) Math.round(value * 255);
            assertEquals(image % 10, cropped.y()[k], 0.0, "labels follow their images");
            assertEquals(1.0, cropped.x()[k * 16 + 2 * 4 + 2], 0.0, "pixel (14, 14) is at (2, 2) of the central 4×4 crop");
        }
        DataSet reduced = FashionMnist.generate(spec.toBuilder().setPca(2).build(), 2, directory);
        assertEquals(2, reduced.d());
        double firstVariance = 0;
        double secondVariance = 0;
        double mean = 0;
        for (int k = 0; k < reduced.n(); k++) {
            mean += reduced.x()[k * 2] / reduced.n();
            firstVariance += reduced.x()[k * 2] * reduced.x()[k * 2];
            secondVariance += reduced.x()[k * 2 + 1] * reduced.x()[k * 2 + 1];
        }
        assertEquals(0.0, mean, 1e-12, "projections of the training images are centred");
        assertTrue(firstVariance > 1.0 && secondVariance < 1e-20,
                "the images vary along one direction only: " + firstVariance + ", " + secondVariance);
    }

    @Test
    void missingFashionMnistSaysWhatToInstall(@TempDir Path empty) {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> FashionMnist.generate(
                DataSpec.newBuilder().setKind("fashion-mnist").setSamples(10).setTestSamples(10).build(), 1, empty));
        assertTrue(missing.getMessage().contains("dataset-fashion-mnist") && missing.getMessage().contains(FashionMnist.DIRECTORY_ENV),
                missing.getMessage());
    }
}
