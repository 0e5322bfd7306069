package dev.interpolationlab.analysis.store;

/**
 * Rows in PostgreSQL's COPY text format: fields separated by tabs, rows ended by a newline, NULL as {@code \N}, and
 * backslash, tab, newline and carriage return escaped with a backslash inside text fields.
 */
final class CopyText {

    private CopyText() {
    }

    static void field(StringBuilder row, Object value) {
        append(row, value);
        row.append('\t');
    }

    static void lastField(StringBuilder row, Object value) {
        append(row, value);
        row.append('\n');
    }

    /** Numbers as Java prints them (PostgreSQL reads 1.0E-5, NaN and Infinity alike). */
    private static void append(StringBuilder row, Object value) {
        if (value == null) {
            row.append("\\N");
        } else if (value instanceof Number number) {
            row.append(number);
        } else {
            String text = value.toString();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '\\' -> row.append("\\\\");
                    case '\t' -> row.append("\\t");
                    case '\n' -> row.append("\\n");
                    case '\r' -> row.append("\\r");
                    default -> row.append(c);
                }
            }
        }
    }
}
