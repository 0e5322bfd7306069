package dev.interpolationlab.api;

import java.util.List;

/** The JSON body of {@code POST /api/hull}: training and test points, one array of d numbers per point. */
public record HullRequest(List<List<Double>> train, List<List<Double>> test) {
}
