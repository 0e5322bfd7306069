package dev.interpolationlab.core.data;

import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.proto.v1.DataSpec;

/**
 * The linear teacher on inputs uniform on the sphere S^{d−1}(√d), the setting of Mei & Montanari's random-features
 * asymptotics (science.md T4, RE-3 (ii)): x = √d · g/‖g‖ with g ~ N(0, I_d), so E[(β*·x)²] = ‖β*‖² as for Gaussians.
 */
public final class Sphere {

    private Sphere() {
    }

    public static DataSet generate(DataSpec spec, long runSeed) {
        return LinearTeacher.generate(spec, runSeed, Sphere::onSphere);
    }

    static void onSphere(SplitMix64 random, double[] rows, int offset, int d) {
        double normSquared = 0.0;
        while (normSquared == 0.0) {
            GaussianTeacher.gaussian(random, rows, offset, d);
            normSquared = 0.0;
            for (int i = 0; i < d; i++) {
                normSquared += rows[offset + i] * rows[offset + i];
            }
        }
        double scale = Math.sqrt(d / normSquared);
        for (int i = 0; i < d; i++) {
            rows[offset + i] *= scale;
        }
    }
}
