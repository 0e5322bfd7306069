package dev.interpolationlab.trainer.model;

/**
 * A model and its loss, bound to one set of samples. θ is a flat parameter vector whose layout the model documents;
 * optimisers see nothing else. Implementations allocate every buffer when they are bound, so evaluating them allocates
 * nothing.
 */
public interface Objective {

    int parameterCount();

    /** The compute kernel that evaluates it, as a run's provenance names it (e.g. "fused-vector 256-bit"). */
    String kernel();

    /** L(θ) on the bound samples, with ∇L(θ) written into {@code gradient}. */
    double lossAndGradient(double[] theta, double[] gradient);

    /** L(θ) on the bound samples. */
    double loss(double[] theta);

    /**
     * Binds the samples {@code rows} of a larger set (a minibatch), as many as were bound at construction: copies,
     * allocating nothing.
     */
    void load(double[] inputs, double[] labels, int[] rows);
}
