package dev.interpolationlab.core.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Numeric rows of an uploaded CSV data set ({@code data.kind: csv}): comma-separated, the label in the last column, an
 * optional header line (recognised by a field that is not a number), blank lines ignored. Rejects ragged rows, NaN,
 * infinities and non-numbers, naming the line and column of each problem.
 */
public record CsvTable(int rows, int columns, double[] values) {

    /** Problems found in a CSV text; at most {@value #MAX_REPORTED} are listed. */
    public static final class InvalidCsvException extends IllegalArgumentException {
        private final List<String> problems;

        InvalidCsvException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    static final int MAX_REPORTED = 5;

    public static CsvTable parse(String text) {
        return parse(text, 2);
    }

    /** The same rules with every column a coordinate (no label), e.g. points for a hull. */
    public static CsvTable parsePoints(String text) {
        return parse(text, 1);
    }

    private static CsvTable parse(String text, int minimumColumns) {
        List<String> problems = new ArrayList<>();
        List<double[]> parsed = new ArrayList<>();
        int columns = -1;
        String[] lines = text.split("\r?\n", -1);
        boolean headerAllowed = true;
        for (int line = 0; line < lines.length && problems.size() < MAX_REPORTED; line++) {
            String content = lines[line].strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] fields = content.split(",", -1);
            if (headerAllowed) {
                headerAllowed = false;
                if (!isNumber(fields[0].strip()) || !isNumber(fields[fields.length - 1].strip())) {
                    columns = fields.length;
                    continue;
                }
            }
            if (columns < 0) {
                columns = fields.length;
            }
            if (fields.length != columns) {
                problems.add("line " + (line + 1) + " has " + fields.length + " fields, expected " + columns);
                continue;
            }
            double[] row = new double[columns];
            for (int c = 0; c < columns && problems.size() < MAX_REPORTED; c++) {
                String field = fields[c].strip();
                if (!isNumber(field)) {
                    problems.add("line " + (line + 1) + ", column " + (c + 1) + ": '" + abbreviate(field) + "' is not a number");
                } else {
                    row[c] = Double.parseDouble(field);
                    if (!Double.isFinite(row[c])) {
                        problems.add("line " + (line + 1) + ", column " + (c + 1) + ": " + field + " is not finite");
                    }
                }
            }
            parsed.add(row);
        }
        if (problems.isEmpty() && parsed.isEmpty()) {
            problems.add("no data rows");
        }
        if (problems.isEmpty() && columns < minimumColumns) {
            problems.add("needs at least one input column and the label column, got " + columns + " column");
        }
        if (!problems.isEmpty()) {
            throw new InvalidCsvException(problems);
        }
        double[] values = new double[parsed.size() * columns];
        for (int r = 0; r < parsed.size(); r++) {
            System.arraycopy(parsed.get(r), 0, values, r * columns, columns);
        }
        return new CsvTable(parsed.size(), columns, values);
    }

    /** The inputs: every column but the last. */
    public double[] inputs() {
        int d = columns - 1;
        double[] x = new double[rows * d];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(values, r * columns, x, r * d, d);
        }
        return x;
    }

    /** The last column. */
    public double[] labels() {
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = values[r * columns + columns - 1];
        }
        return y;
    }

    private static boolean isNumber(String field) {
        if (field.isEmpty()) {
            return false;
        }
        try {
            Double.parseDouble(field);
            return !field.endsWith("d") && !field.endsWith("D") && !field.endsWith("f") && !field.endsWith("F");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 20 ? text : text.substring(0, 17) + "...";
    }
}
