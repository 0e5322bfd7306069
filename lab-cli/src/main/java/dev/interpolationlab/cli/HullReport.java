package dev.interpolationlab.cli;

import dev.interpolationlab.core.data.CsvTable;
import dev.interpolationlab.core.geometry.ConvexHull;
import dev.interpolationlab.core.geometry.HullStatistics;
import dev.interpolationlab.core.geometry.PointCloud;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** What {@code ./lab hull} reads (CSV point files) and prints (a summary table). */
final class HullReport {

    private HullReport() {
    }

    static PointCloud read(Path file, String option) {
        try {
            CsvTable table = CsvTable.parsePoints(Files.readString(file));
            return new PointCloud(table.rows(), table.columns(), table.values());
        } catch (IOException e) {
            throw new CliException(option + " " + file + " cannot be read: " + e.getMessage(), 1);
        } catch (CsvTable.InvalidCsvException e) {
            throw new CliException(option + " " + file + ": " + e.getMessage(), 1);
        }
    }

    static String render(HullStatistics.Report report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "train: %d points, test: %d points, d = %d%n", report.trainPoints(),
                report.testPoints(), report.dim()));
        text.append(String.format(Locale.ROOT, "fraction of test points inside the training hull: %.4f (%d of %d; boundary "
                + "within %.0e of the coordinate scale counts as inside)%n", report.fractionInside(), count(report.inside()),
                report.testPoints(), ConvexHull.TOLERANCE));
        double[] outside = new double[report.testPoints() - count(report.inside())];
        for (int i = 0, j = 0; i < report.testPoints(); i++) {
            if (!report.inside()[i]) {
                outside[j++] = report.normalisedDistance()[i];
            }
        }
        Arrays.sort(outside);
        text.append(String.format(Locale.ROOT, "median nearest-neighbour distance in the training set: %.4g%n",
                report.nearestNeighbourScale()));
        if (outside.length > 0) {
            text.append(String.format(Locale.ROOT, "distance to the hull of the points outside, in those units: "
                    + "min %.3g, median %.3g, max %.3g%n", outside[0], outside[outside.length / 2], outside[outside.length - 1]));
        }
        if (!report.pcaCurve().isEmpty()) {
            text.append("fraction inside after projecting onto the top-k principal components:%n".formatted());
            for (HullStatistics.PcaPoint point : report.pcaCurve()) {
                text.append(String.format(Locale.ROOT, "  k = %4d   %.4f%n", point.k(), point.fractionInside()));
            }
        }
        return text.toString();
    }

    private static int count(boolean[] values) {
        int count = 0;
        for (boolean v : values) {
            count += v ? 1 : 0;
        }
        return count;
    }
}
