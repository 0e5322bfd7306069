package dev.interpolationlab.trainer.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.interpolationlab.proto.v1.Provenance;
import dev.interpolationlab.proto.v1.TrainingSpec;
import dev.interpolationlab.wire.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/** What a completed run's provenance must say for a stranger to re-run it. */
final class ProvenanceChecks {

    private ProvenanceChecks() {
    }

    static void assertTrue(Provenance provenance, TrainingSpec spec, String kernelPrefix) {
        org.junit.jupiter.api.Assertions.assertTrue(provenance.getKernel().startsWith(kernelPrefix), provenance.toString());
        assertEquals(headCommit(), provenance.getGitCommit(), "the commit this trainer was built from");
        assertEquals(CanonicalJson.sha256(spec), provenance.getSpecSha256());
        assertEquals(System.getProperty("os.arch"), provenance.getOsArch());
        org.junit.jupiter.api.Assertions.assertTrue(provenance.getJvm().contains(System.getProperty("java.runtime.version")), provenance.getJvm());
        assertEquals("float64", provenance.getDtype());
        assertEquals(1, provenance.getThreads());
        assertFalse(provenance.getCodeVersion().isEmpty());
    }

    /** HEAD of the repository the test runs in, read by git itself rather than by the build's plugin. */
    private static String headCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String head = new String(git.getInputStream().readAllBytes()).trim();
            assertEquals(0, git.waitFor(), head);
            return head;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
