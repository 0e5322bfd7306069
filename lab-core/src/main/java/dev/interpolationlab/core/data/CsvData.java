package dev.interpolationlab.core.data;

import dev.interpolationlab.proto.v1.DataSpec;

/**
 * An uploaded data set ({@code data.kind: csv}), carried inside the spec so that the spec alone reproduces the run.
 * Without test rows the training rows are the test set. With {@code classes} K > 0 the labels must be class indices
 * 0…K−1, and {@code labelNoise} corrupts the training labels as for the other classification data.
 */
public final class CsvData {

    private CsvData() {
    }

    public static DataSet generate(DataSpec spec, long runSeed) {
        CsvTable train = CsvTable.parse(spec.getTrainCsv());
        CsvTable test = spec.getTestCsv().isBlank() ? train : CsvTable.parse(spec.getTestCsv());
        if (test.columns() != train.columns()) {
            throw new IllegalArgumentException("test rows have " + test.columns() + " columns, training rows " + train.columns());
        }
        int classes = spec.getClasses();
        double[] y = train.labels();
        if (classes > 0) {
            checkClasses(y, classes, "training");
            checkClasses(test.labels(), classes, "test");
            LabelNoise.corrupt(y, classes, spec.getLabelNoise(), runSeed);
        }
        return new DataSet(train.rows(), train.columns() - 1, train.inputs(), y, test.rows(), test.inputs(), test.labels(),
                null, classes);
    }

    /** Labels must be whole numbers in 0…K−1. */
    public static void checkClasses(double[] labels, int classes, String which) {
        for (int k = 0; k < labels.length; k++) {
            double label = labels[k];
            if (label != Math.rint(label) || label < 0 || label >= classes) {
                throw new IllegalArgumentException(which + " row " + (k + 1) + " has label " + label + ", not a class index 0…" + (classes - 1));
            }
        }
    }
}
