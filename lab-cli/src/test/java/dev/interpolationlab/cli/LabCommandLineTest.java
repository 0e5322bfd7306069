package dev.interpolationlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line alone: usage errors and help never reach a stack (none runs here). */
class LabCommandLineTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private Lab lab() throws Exception {
        Path home = Files.createTempDirectory("lab-cli-home");
        return new Lab(new LabPaths(home, home.resolve(".lab")), new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private CliException usageError(String... args) throws Exception {
        Lab lab = lab();
        CliException error = assertThrows(CliException.class, () -> lab.run(List.of(args)));
        assertEquals(2, error.exitCode(), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), "one line: " + error.getMessage());
        return error;
    }

    @Test
    void anExtraArgumentIsAUsageErrorThatNamesIt() throws Exception {
        assertTrue(usageError("up", "--trainers", "2", "extra").getMessage().contains("'extra'"));
        assertTrue(usageError("status", "A", "B").getMessage().contains("'B'"));
        assertTrue(usageError("cancel").getMessage().contains("ID"));
    }

    @Test
    void unknownCommandsOptionsAndBadValuesAreUsageErrors() throws Exception {
        assertTrue(usageError("launch").getMessage().contains("launch"));
        assertTrue(usageError("submit", "spec.yaml", "--folow").getMessage().contains("--folow"));
        assertTrue(usageError("up", "--trainers", "two").getMessage().contains("two"));
        assertTrue(usageError("up", "--trainers", "17").getMessage().contains("between 1 and 16"));
        assertTrue(usageError("export", "sw-1", "--format", "xml").getMessage().contains("xml"));
        assertTrue(usageError("bench", "train", "--width", "10", "--depth", "3").getMessage().contains("--depth"));
        assertTrue(usageError("bench").getMessage().contains("train, hull"));
        assertTrue(usageError("submit", "no-such-spec.yaml").getMessage().contains("no such file"));
        assertTrue(usageError("reproduce", "RE-1", "--fast").getMessage().contains("--fast"));
    }

    @Test
    void eachCommandHasItsOwnHelp() throws Exception {
        lab().run(List.of("submit", "--help"));
        String help = printed.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("Usage: ./lab submit"), help);
        assertTrue(help.contains("--follow") && help.contains("FILE"), help);
        assertFalse(help.contains("--trainers"), "only submit's options: " + help);

        printed.reset();
        lab().run(List.of("bench", "dispatch", "--help"));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("--partitions"), printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theLabAloneListsEveryCommand() throws Exception {
        lab().run(List.of());
        String usage = printed.toString(StandardCharsets.UTF_8);
        for (String command : List.of("demo", "up", "down", "submit", "status", "cancel", "retry", "export", "reproduce", "hull", "bench", "help")) {
            assertTrue(usage.contains("\n  " + command + " "), command + " is listed: " + usage);
        }
    }
}
