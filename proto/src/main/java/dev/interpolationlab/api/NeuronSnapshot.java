package dev.interpolationlab.api;

import java.util.List;

/**
 * The hidden neurons of a two-layer network on 1-D inputs at one step, in polar form (Boursier & Flammarion 2024,
 * early alignment): neuron j is (w_j, b_j) = radius_j·(cos angle_j, sin angle_j), with output sign sign_j ∈ {−1, +1}.
 */
public record NeuronSnapshot(List<Double> angle, List<Double> radius, List<Integer> sign) {
}
