package dev.interpolationlab.api;

/**
 * One recorded step of a run. Fields a run does not report are null: OLS ratios without an OLS baseline, neuron
 * directions for models other than the two-layer network, accuracies for regression, the polar neuron snapshot
 * (angle, radius and sign lists) except for two-layer networks on 1-D inputs.
 */
public record MetricRow(long step, double trainLoss, double testLoss, double gradNorm, Double olsTrainRatio,
        Double olsTestRatio, double paramNorm, long wallMs, Integer directionClusters, Double alignmentOls,
        Double alignmentTeacher, Double trainAccuracy, Double testAccuracy, NeuronSnapshot neurons) {

    /** The scalar columns; the neuron snapshot is in the JSON form only. */
    public static final String CSV_HEADER = "step,trainLoss,testLoss,gradNorm,olsTrainRatio,olsTestRatio,paramNorm,wallMs,"
            + "directionClusters,alignmentOls,alignmentTeacher,trainAccuracy,testAccuracy";

    public String csv() {
        return step + "," + trainLoss + "," + testLoss + "," + gradNorm + "," + blankIfNull(olsTrainRatio) + ","
                + blankIfNull(olsTestRatio) + "," + paramNorm + "," + wallMs + "," + blankIfNull(directionClusters) + ","
                + blankIfNull(alignmentOls) + "," + blankIfNull(alignmentTeacher) + "," + blankIfNull(trainAccuracy) + ","
                + blankIfNull(testAccuracy);
    }

    private static String blankIfNull(Object value) {
        return value == null ? "" : value.toString();
    }
}
