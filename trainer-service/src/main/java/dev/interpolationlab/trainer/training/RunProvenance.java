package dev.interpolationlab.trainer.training;

import dev.interpolationlab.proto.v1.Provenance;
import dev.interpolationlab.proto.v1.TrainingSpec;
import dev.interpolationlab.runtime.BuildIdentity;
import dev.interpolationlab.wire.CanonicalJson;

/** Where a run comes from: the part of its provenance known before its model is bound (the kernel is added after). */
public final class RunProvenance {

    private RunProvenance() {
    }

    public static Provenance of(BuildIdentity build, TrainingSpec spec, int threads) {
        return Provenance.newBuilder()
                .setCodeVersion(build.version())
                .setGitCommit(build.commit())
                .setGitDirty(build.dirty())
                .setJvm(build.jvm())
                .setOsArch(build.arch())
                .setDtype("float64")
                .setThreads(threads)
                .setSpecSha256(CanonicalJson.sha256(spec))
                .build();
    }
}
