package dev.interpolationlab.core.data;

import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.proto.v1.DataSpec;

/** The linear teacher on Gaussian inputs x ~ N(0, I_d) (science.md RE-6, RE-3 (i)). */
public final class GaussianTeacher {

    private GaussianTeacher() {
    }

    public static DataSet generate(DataSpec spec, long runSeed) {
        return LinearTeacher.generate(spec, runSeed, GaussianTeacher::gaussian);
    }

    static void gaussian(SplitMix64 random, double[] rows, int offset, int d) {
        for (int i = 0; i < d; i++) {
            rows[offset + i] = random.nextGaussian();
        }
    }
}
