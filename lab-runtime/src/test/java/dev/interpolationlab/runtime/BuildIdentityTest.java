package dev.interpolationlab.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BuildIdentityTest {

    @Test
    void withoutGitPropertiesTheCommitIsUnknownAndTheMachineIsThisOne() {
        // lab-runtime's own build writes no git.properties: what a build from a source archive sees
        BuildIdentity build = BuildIdentity.current("1.2.3");
        assertEquals(BuildIdentity.UNKNOWN, build.commit());
        assertEquals(System.getProperty("os.arch"), build.arch());
        assertEquals("1.2.3+unknown", build.label());
        assertEquals("1.2.3+abc.dirty", new BuildIdentity("1.2.3", "abc", true, "jvm", "arch").label());
    }
}
