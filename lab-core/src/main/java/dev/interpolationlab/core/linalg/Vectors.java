package dev.interpolationlab.core.linalg;

/** Dense vector operations on double[] for the small iterative solvers (Lanczos) and the end-point measurements. */
public final class Vectors {

    private Vectors() {
    }

    public static double dot(double[] u, double[] v) {
        double sum = 0.0;
        for (int i = 0; i < u.length; i++) {
            sum += u[i] * v[i];
        }
        return sum;
    }

    public static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    /** y ← y + factor·x. */
    public static void axpy(double factor, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += factor * x[i];
        }
    }
}
