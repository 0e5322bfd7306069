package dev.interpolationlab.core.geometry;

/** The inner product every hull algorithm spends its time in, with four accumulators so that the JIT can pipeline it. */
final class Dot {

    private Dot() {
    }

    /** ⟨rows[offset … offset + d), v⟩. */
    static double row(double[] rows, int offset, double[] v, int d) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int i = 0;
        for (; i + 3 < d; i += 4) {
            s0 += rows[offset + i] * v[i];
            s1 += rows[offset + i + 1] * v[i + 1];
            s2 += rows[offset + i + 2] * v[i + 2];
            s3 += rows[offset + i + 3] * v[i + 3];
        }
        for (; i < d; i++) {
            s0 += rows[offset + i] * v[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
