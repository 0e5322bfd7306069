package dev.interpolationlab.analysis.store;

/** One recorded step of a run. */
public record MetricRow(long step, double trainLoss, double testLoss, double gradNorm, double olsTrainRatio,
        double olsTestRatio, double paramNorm, long wallMs) {

    public static final String CSV_HEADER = "step,trainLoss,testLoss,gradNorm,olsTrainRatio,olsTestRatio,paramNorm,wallMs";

    public String csv() {
        return step + "," + trainLoss + "," + testLoss + "," + gradNorm + "," + olsTrainRatio + "," + olsTestRatio + ","
                + paramNorm + "," + wallMs;
    }
}
