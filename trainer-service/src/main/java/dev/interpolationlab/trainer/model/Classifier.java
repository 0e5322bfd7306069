package dev.interpolationlab.trainer.model;

/** An objective whose outputs are class scores. */
public interface Classifier extends Objective {

    /** The fraction of the bound samples whose highest-scoring class is their label, for θ. */
    double accuracy(double[] theta);
}
