package dev.interpolationlab.core.data;

import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.proto.v1.DataSpec;

/**
 * The linear teacher on the trigonometric moment curve x(t) = (cos t, sin t, cos 2t, sin 2t, …, cos kt, sin kt),
 * t ~ U[0, 2π), d = 2k (science.md §1(c)): intrinsic dimension 1 but convex-hull dimension 2k, and every point of the
 * curve is a vertex of the hull of any set of curve points, so a new curve point is never inside it.
 */
public final class MomentCurve {

    private MomentCurve() {
    }

    public static DataSet generate(DataSpec spec, long runSeed) {
        if (spec.getDim() % 2 != 0) {
            throw new IllegalArgumentException("the moment curve has an even dimension 2k, got " + spec.getDim());
        }
        return LinearTeacher.generate(spec, runSeed, MomentCurve::onCurve);
    }

    static void onCurve(SplitMix64 random, double[] rows, int offset, int d) {
        double t = 2.0 * Math.PI * random.nextDouble();
        for (int k = 1; k <= d / 2; k++) {
            rows[offset + 2 * (k - 1)] = Math.cos(k * t);
            rows[offset + 2 * (k - 1) + 1] = Math.sin(k * t);
        }
    }
}
