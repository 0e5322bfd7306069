package dev.interpolationlab.trainer.training;

/**
 * Where the neurons of a two-layer network point (science.md §2.3). Neuron j has direction ŵ_j = w_j/‖w_j‖ (w_j
 * includes the bias) and mass |a_j|·‖w_j‖. Directions are clustered greedily, heaviest first, at cos > 0.99 among
 * neurons with at least 1% of the largest mass; the count is of clusters holding at least 1% of the total mass.
 * Alignment to a reference u is the mass-weighted mean of |cos(ŵ_j, u)|.
 */
public final class NeuronDirections {

    static final double SAME_DIRECTION = 0.99;
    static final double MASS_FRACTION = 0.01;

    /** One measurement; the alignments are NaN without a reference direction. */
    public record Measurement(int clusters, double alignmentOls, double alignmentTeacher) {
    }

    private final int m;
    private final int inputs;
    private final double[] ols;
    private final double[] teacher;

    /** {@code ols} and {@code teacher} are reference directions in input space, or null when there are none. */
    public NeuronDirections(int m, int inputs, double[] ols, double[] teacher) {
        this.m = m;
        this.inputs = inputs;
        this.ols = ols == null ? null : unit(ols);
        this.teacher = teacher == null ? null : unit(teacher);
    }

    public Measurement measure(double[] theta) {
        double[] norms = new double[m];
        double[] mass = new double[m];
        double totalMass = 0.0;
        double largestMass = 0.0;
        for (int j = 0; j < m; j++) {
            double normSquared = 0.0;
            for (int i = 0; i < inputs; i++) {
                normSquared += theta[j * inputs + i] * theta[j * inputs + i];
            }
            norms[j] = Math.sqrt(normSquared);
            mass[j] = Math.abs(theta[m * inputs + j]) * norms[j];
            totalMass += mass[j];
            largestMass = Math.max(largestMass, mass[j]);
        }
        Integer[] heaviestFirst = new Integer[m];
        for (int j = 0; j < m; j++) {
            heaviestFirst[j] = j;
        }
        java.util.Arrays.sort(heaviestFirst, (p, q) -> Double.compare(mass[q], mass[p]));
        int[] representatives = new int[m];
        double[] clusterMass = new double[m];
        int clusters = 0;
        for (int j : heaviestFirst) {
            if (mass[j] < MASS_FRACTION * largestMass || norms[j] == 0.0) {
                break;
            }
            int cluster = 0;
            while (cluster < clusters && cosine(theta, j, representatives[cluster], norms) <= SAME_DIRECTION) {
                cluster++;
            }
            if (cluster == clusters) {
                representatives[clusters++] = j;
            }
            clusterMass[cluster] += mass[j];
        }
        int heavyClusters = 0;
        for (int c = 0; c < clusters; c++) {
            if (clusterMass[c] >= MASS_FRACTION * totalMass) {
                heavyClusters++;
            }
        }
        return new Measurement(heavyClusters, alignment(theta, norms, mass, totalMass, ols), alignment(theta, norms, mass, totalMass, teacher));
    }

    private double cosine(double[] theta, int j, int k, double[] norms) {
        double dot = 0.0;
        for (int i = 0; i < inputs; i++) {
            dot += theta[j * inputs + i] * theta[k * inputs + i];
        }
        return dot / (norms[j] * norms[k]);
    }

    private double alignment(double[] theta, double[] norms, double[] mass, double totalMass, double[] reference) {
        if (reference == null || totalMass == 0.0) {
            return Double.NaN;
        }
        double weighted = 0.0;
        for (int j = 0; j < m; j++) {
            if (norms[j] > 0.0) {
                double dot = 0.0;
                for (int i = 0; i < inputs; i++) {
                    dot += theta[j * inputs + i] * reference[i];
                }
                weighted += mass[j] * Math.abs(dot) / norms[j];
            }
        }
        return weighted / totalMass;
    }

    private static double[] unit(double[] v) {
        double norm = 0.0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        double[] u = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] / norm;
        }
        return u;
    }
}
