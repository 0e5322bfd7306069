package dev.interpolationlab.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The build a service runs and the machine it runs on. The commit comes from {@code git.properties}, which the build
 * writes (git-commit-id-maven-plugin in the service's pom); a build outside a repository says "unknown".
 */
public record BuildIdentity(String version, String commit, boolean dirty, String jvm, String arch) {

    public static final String UNKNOWN = "unknown";

    /** This build (its {@code quarkus.application.version} is {@code version}), this JVM and this machine. */
    public static BuildIdentity current(String version) {
        Properties git = new Properties();
        try (InputStream in = BuildIdentity.class.getResourceAsStream("/git.properties")) {
            if (in != null) {
                git.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("git.properties is on the classpath but unreadable", e);
        }
        return new BuildIdentity(version, git.getProperty("git.commit.id.full", UNKNOWN), Boolean.parseBoolean(git.getProperty("git.dirty")),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"), System.getProperty("os.arch"));
    }

    /** Version and commit in one word, as semantic versioning writes build metadata: {@code 0.1.0+9f2c…[.dirty]}. */
    public String label() {
        return version + "+" + commit + (dirty ? ".dirty" : "");
    }
}
