package dev.interpolationlab.analysis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The COPY text format as the PostgreSQL manual states it (COPY, "Text Format"). */
class CopyTextTest {

    @Test
    void fieldsAreTabSeparatedWithNullAsBackslashNAndSpecialCharactersEscaped() {
        StringBuilder row = new StringBuilder();
        CopyText.field(row, "a\tb\\c\nd\re");
        CopyText.field(row, null);
        CopyText.field(row, 7L);
        CopyText.lastField(row, 1.0e-5);
        assertEquals("a\\tb\\\\c\\nd\\re\t\\N\t7\t1.0E-5\n", row.toString());
    }
}
