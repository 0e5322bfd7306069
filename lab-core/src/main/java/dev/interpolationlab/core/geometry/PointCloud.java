package dev.interpolationlab.core.geometry;

import dev.interpolationlab.core.random.SplitMix64;

/**
 * {@code count} points of R^{dim}, row-major: point i is {@code coords[i·dim … i·dim + dim − 1]}.
 */
public record PointCloud(int count, int dim, double[] coords) {

    public PointCloud {
        if (count < 1 || dim < 1) {
            throw new IllegalArgumentException("a point cloud needs at least one point of dimension ≥ 1, got " + count + "×" + dim);
        }
        if (coords.length != count * dim) {
            throw new IllegalArgumentException("expected " + count + "×" + dim + " coordinates, got " + coords.length);
        }
        for (int i = 0; i < coords.length; i++) {
            if (!Double.isFinite(coords[i])) {
                throw new IllegalArgumentException("point " + i / dim + ", coordinate " + i % dim + " is not finite: " + coords[i]);
            }
        }
    }

    public static PointCloud of(double[][] rows) {
        int dim = rows.length == 0 ? 0 : rows[0].length;
        double[] coords = new double[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != dim) {
                throw new IllegalArgumentException("point " + i + " has " + rows[i].length + " coordinates, point 0 has " + dim);
            }
            System.arraycopy(rows[i], 0, coords, i * dim, dim);
        }
        return new PointCloud(rows.length, dim, coords);
    }

    /** {@code count} points drawn from N(0, I_dim), coordinate after coordinate from {@code random}. */
    public static PointCloud gaussian(SplitMix64 random, int count, int dim) {
        double[] coords = new double[count * dim];
        for (int i = 0; i < coords.length; i++) {
            coords[i] = random.nextGaussian();
        }
        return new PointCloud(count, dim, coords);
    }

    public double[] point(int i) {
        return java.util.Arrays.copyOfRange(coords, i * dim, (i + 1) * dim);
    }
}
