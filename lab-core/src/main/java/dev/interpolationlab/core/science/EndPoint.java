package dev.interpolationlab.core.science;

import static dev.interpolationlab.core.linalg.Vectors.dot;
import static dev.interpolationlab.core.linalg.Vectors.norm;

import dev.interpolationlab.core.data.DataSet;
import dev.interpolationlab.core.features.TwoLayerLandscape;
import dev.interpolationlab.core.linalg.Lanczos;
import dev.interpolationlab.core.linalg.LeastSquares;

/**
 * What is measured at the end point θ_T of a two-layer ReLU regression run, to say which state it ended in
 * (Boursier &amp; Flammarion 2024: a global minimum that interpolates, or a spurious local minimum close to the OLS
 * solution). Measurements only: the verdict, with its tolerances, is made from them by the analysis.
 * <ul>
 *   <li>the train loss and ‖∇L(θ_T)‖, recomputed from θ_T on the regenerated data (they must agree with what the
 *       trainer recorded, which checks that the data and θ were rebuilt right);</li>
 *   <li>the second-order test: the extreme eigenvalues of ∇²L(θ_T) by Lanczos on exact Hessian-vector products
 *       ({@link TwoLayerLandscape}); λ_min &lt; 0 beyond its residual means a saddle, not a minimum;</li>
 *   <li>how close the network's function is to OLS's: the effective linear predictor β_eff = argmin_β Σ_k (h(x_k) −
 *       β·x̃_k)² (the linear function nearest the network on the training inputs), its alignment |cos(β_eff, β̂)| with
 *       the OLS solution β̂, and the relative distance Σ_k (h(x_k) − β̂·x̃_k)² / Σ_k (β̂·x̃_k)².</li>
 * </ul>
 *
 * @param hessianMin       the smallest Ritz value of ∇²L(θ_T), an upper bound on λ_min
 * @param hessianResidual  the larger of the two extreme Ritz residuals: an eigenvalue lies that close to each
 * @param hessianConverged whether Lanczos met its tolerance within its steps
 * @param olsAlignment     |cos(β_eff, β̂)|, null where OLS is not defined (n ≤ d′)
 * @param olsDistance      the relative distance of h to β̂·x̃ on the training inputs, null likewise
 */
public record EndPoint(double trainLoss, double gradNorm, double hessianMin, double hessianMax, double hessianResidual,
        int lanczosSteps, boolean hessianConverged, Double olsAlignment, Double olsDistance) {

    /** Lanczos steps at most: the extreme eigenvalues of these Hessians converge well within it. */
    public static final int LANCZOS_STEPS = 80;
    public static final double LANCZOS_TOLERANCE = 1e-6;

    /**
     * @param data      the run's regenerated data (raw inputs, no bias column)
     * @param bias      whether the network has a hidden bias
     * @param lossScale c of L = c·(1/2n)Σ r² ({@link TwoLayerLandscape#lossScale})
     */
    public static EndPoint measure(DataSet data, boolean bias, int width, double lossScale, double[] theta) {
        TwoLayerLandscape landscape = new TwoLayerLandscape(data.x(), data.y(), data.n(), data.d(), bias, width, lossScale, theta);
        double gradNorm = norm(landscape.gradient());
        Lanczos.Extremes hessian = Lanczos.extremes(landscape, LANCZOS_STEPS, LANCZOS_TOLERANCE);

        Double alignment = null;
        Double distance = null;
        DataSet design = bias ? data.withBiasColumn() : data;
        int inputs = design.d();
        if (data.n() > inputs) {
            double[] ols = LeastSquares.solve(design.x(), data.y(), data.n(), inputs);
            double[] h = landscape.outputs();
            double[] effective = LeastSquares.solve(design.x(), h, data.n(), inputs);
            alignment = Math.abs(dot(effective, ols)) / (norm(effective) * norm(ols));
            double gap = 0.0;
            double size = 0.0;
            for (int k = 0; k < data.n(); k++) {
                double olsValue = 0.0;
                for (int i = 0; i < inputs; i++) {
                    olsValue += ols[i] * design.x()[k * inputs + i];
                }
                gap += (h[k] - olsValue) * (h[k] - olsValue);
                size += olsValue * olsValue;
            }
            distance = gap / size;
            if (!Double.isFinite(alignment)) {
                alignment = 0.0; // a network whose function is 0 on the data has no direction
            }
        }
        return new EndPoint(landscape.loss(), gradNorm, hessian.smallest(), hessian.largest(),
                Math.max(hessian.smallestResidual(), hessian.largestResidual()), hessian.steps(), hessian.converged(), alignment,
                distance);
    }
}
