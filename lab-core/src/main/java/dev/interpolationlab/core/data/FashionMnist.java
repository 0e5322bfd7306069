package dev.interpolationlab.core.data;

import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.proto.v1.DataSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (Xiao et al. 2017) from the IDX files of Debian's {@code dataset-fashion-mnist}, for the memorisation
 * and real-data hull experiments (science.md RE-7, RE-2): n training images drawn without replacement from the 60,000
 * by the run seed, n_test from the 10,000 test images, pixels scaled to [0, 1]. Optionally reduced to the central c×c
 * crop and then to the top-k principal components of the drawn training images. Training labels may be corrupted as
 * in Zhang et al. The directory is {@value #DIRECTORY_ENV}, or {@value #DEBIAN_DIRECTORY}.
 */
public final class FashionMnist {

    public static final String DIRECTORY_ENV = "LAB_FASHION_MNIST_DIR";
    public static final String DEBIAN_DIRECTORY = "/usr/share/datasets/fashion-mnist";
    public static final int SIDE = 28;
    public static final int CLASSES = 10;
    public static final int TRAIN_IMAGES = 60_000;
    public static final int TEST_IMAGES = 10_000;

    private FashionMnist() {
    }

    public static Path directory() {
        String configured = System.getenv(DIRECTORY_ENV);
        return Path.of(configured == null || configured.isBlank() ? DEBIAN_DIRECTORY : configured);
    }

    /** Null when the training images are in {@link #directory()}, else why not and what to install. */
    public static String notInstalled() {
        Path directory = directory();
        String images = "train-images-idx3-ubyte";
        boolean present = Files.isRegularFile(directory.resolve(images)) || Files.isRegularFile(directory.resolve(images + ".gz"));
        return present ? null : "Fashion-MNIST is not installed in " + directory + " (Debian: apt install dataset-fashion-mnist; or set "
                + DIRECTORY_ENV + ")";
    }

    /** The input dimension a spec's reduction gives: k with PCA, c² with a crop, 784 otherwise. */
    public static int dimension(int crop, int pca) {
        return pca > 0 ? pca : crop > 0 ? crop * crop : SIDE * SIDE;
    }

    public static DataSet generate(DataSpec spec, long runSeed) {
        return generate(spec, runSeed, directory());
    }

    public static DataSet generate(DataSpec spec, long runSeed, Path directory) {
        Idx.Array trainImages = read(directory, "train-images-idx3-ubyte");
        Idx.Array trainLabels = read(directory, "train-labels-idx1-ubyte");
        Idx.Array testImages = read(directory, "t10k-images-idx3-ubyte");
        Idx.Array testLabels = read(directory, "t10k-labels-idx1-ubyte");
        int n = spec.getSamples();
        int nTest = spec.getTestSamples();
        if (n > trainImages.count() || nTest > testImages.count()) {
            throw new IllegalArgumentException("fashion-mnist in " + directory + " has " + trainImages.count() + " training and "
                    + testImages.count() + " test images; the spec asks for " + n + " and " + nTest);
        }
        int side = (int) Math.round(Math.sqrt(trainImages.itemSize()));
        int crop = spec.getCrop() > 0 ? spec.getCrop() : side;
        SplitMix64 random = SplitMix64.stream(runSeed, "data");
        int[] trainRows = random.sample(trainImages.count(), n);
        int[] testRows = random.sample(testImages.count(), nTest);
        double[] x = pixels(trainImages, trainRows, side, crop);
        double[] xTest = pixels(testImages, testRows, side, crop);
        double[] y = labels(trainLabels, trainRows);
        double[] yTest = labels(testLabels, testRows);
        LabelNoise.corrupt(y, CLASSES, spec.getLabelNoise(), runSeed);
        int d = crop * crop;
        if (spec.getPca() > 0) {
            PrincipalComponents pca = PrincipalComponents.fit(x, n, d, spec.getPca());
            return new DataSet(n, spec.getPca(), pca.project(x, n), y, nTest, pca.project(xTest, nTest), yTest, null, CLASSES);
        }
        return new DataSet(n, d, x, y, nTest, xTest, yTest, null, CLASSES);
    }

    private static Idx.Array read(Path directory, String name) {
        for (Path file : new Path[] {directory.resolve(name + ".gz"), directory.resolve(name)}) {
            if (Files.isRegularFile(file)) {
                try {
                    return Idx.read(file);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
                }
            }
        }
        throw new IllegalStateException("fashion-mnist: " + name + "[.gz] not found in " + directory
                + "; install the Debian package dataset-fashion-mnist or set " + DIRECTORY_ENV);
    }

    /** The central crop×crop pixels of the chosen images, scaled to [0, 1]. */
    private static double[] pixels(Idx.Array images, int[] rows, int side, int crop) {
        int offset = (side - crop) / 2;
        double[] x = new double[rows.length * crop * crop];
        for (int k = 0; k < rows.length; k++) {
            int image = rows[k] * images.itemSize();
            for (int r = 0; r < crop; r++) {
                for (int c = 0; c < crop; c++) {
                    x[(k * crop + r) * crop + c] = images.unsigned(image + (offset + r) * side + offset + c) / 255.0;
                }
            }
        }
        return x;
    }

    private static double[] labels(Idx.Array labels, int[] rows) {
        double[] y = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            y[k] = labels.unsigned(rows[k]);
        }
        return y;
    }
}
