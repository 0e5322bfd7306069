package dev.interpolationlab.core.random;

/**
 * SplitMix64 (Steele, Lea & Flood 2014) with Box–Muller normals. Written out here rather than taken from the JDK
 * so that a seed gives the same numbers on every JVM version: reproducibility is part of the product.
 * Not thread-safe; one instance per stream.
 */
public final class SplitMix64 {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;
    private double spareNormal;
    private boolean hasSpareNormal;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** An independent stream for a named purpose ("data", "init", ...) derived from one run seed. */
    public static SplitMix64 stream(long seed, String purpose) {
        return new SplitMix64(mix(seed ^ mix(purpose.hashCode() * GOLDEN_GAMMA)));
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform on [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal by the Box–Muller transform; the second value of each pair is kept for the next call. */
    public double nextGaussian() {
        if (hasSpareNormal) {
            hasSpareNormal = false;
            return spareNormal;
        }
        double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
        double u2 = nextDouble();
        double radius = Math.sqrt(-2.0 * Math.log(u1));
        double angle = 2.0 * Math.PI * u2;
        spareNormal = radius * Math.sin(angle);
        hasSpareNormal = true;
        return radius * Math.cos(angle);
    }

    /** Uniform on {0, …, bound − 1} by Lemire's multiply-shift of 32 random bits (bias below 2⁻³² · bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** The first {@code count} entries of a uniformly random permutation of 0…size−1 (partial Fisher–Yates). */
    public int[] sample(int size, int count) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + nextInt(size - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return java.util.Arrays.copyOf(order, count);
    }

    /** +1 or -1 with equal probability. */
    public double nextSign() {
        return (nextLong() & 1L) == 0 ? 1.0 : -1.0;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
