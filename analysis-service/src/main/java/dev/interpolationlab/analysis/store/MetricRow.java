package dev.interpolationlab.analysis.store;

/** One recorded step of a run; the neuron-direction fields are null for runs that do not report them. */
public record MetricRow(long step, double trainLoss, double testLoss, double gradNorm, double olsTrainRatio,
        double olsTestRatio, double paramNorm, long wallMs, Integer directionClusters, Double alignmentOls,
        Double alignmentTeacher) {

    public static final String CSV_HEADER =
            "step,trainLoss,testLoss,gradNorm,olsTrainRatio,olsTestRatio,paramNorm,wallMs,directionClusters,alignmentOls,alignmentTeacher";

    public String csv() {
        return step + "," + trainLoss + "," + testLoss + "," + gradNorm + "," + olsTrainRatio + "," + olsTestRatio + ","
                + paramNorm + "," + wallMs + "," + blankIfNull(directionClusters) + "," + blankIfNull(alignmentOls) + ","
                + blankIfNull(alignmentTeacher);
    }

    private static String blankIfNull(Object value) {
        return value == null ? "" : value.toString();
    }
}
