package dev.interpolationlab.core.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.interpolationlab.core.random.SplitMix64;
import org.junit.jupiter.api.Test;

class TwoLayerLandscapeTest {

    private static double[] gaussian(int size, SplitMix64 random, double scale) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = scale * random.nextGaussian();
        }
        return values;
    }

    private static TwoLayerLandscape landscape(double[] theta, boolean bias, double lossScale) {
        SplitMix64 random = new SplitMix64(11);
        int n = 30;
        int d = 3;
        return new TwoLayerLandscape(gaussian(n * d, random, 1.0), gaussian(n, random, 1.0), n, d, bias, 7, lossScale, theta);
    }

    private static double[] shifted(double[] theta, double[] v, double step) {
        double[] out = theta.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += step * v[i];
        }
        return out;
    }

    @Test
    void gradientMatchesCentralDifferencesOfTheLoss() {
        for (boolean bias : new boolean[] {false, true}) {
            int p = 7 * (3 + (bias ? 1 : 0)) + 7;
            double[] theta = gaussian(p, new SplitMix64(5), 0.7);
            double[] gradient = landscape(theta, bias, 2.0).gradient();
            double h = 1e-6;
            for (int i = 0; i < p; i++) {
                double[] e = new double[p];
                e[i] = 1.0;
                double difference = (landscape(shifted(theta, e, h), bias, 2.0).loss() - landscape(shifted(theta, e, -h), bias, 2.0).loss()) / (2 * h);
                assertEquals(difference, gradient[i], 1e-7, "∂L/∂θ_" + i + ", bias " + bias);
            }
        }
    }

    @Test
    void hessianVectorProductsMatchCentralDifferencesOfTheGradient() {
        for (boolean bias : new boolean[] {false, true}) {
            int p = 7 * (3 + (bias ? 1 : 0)) + 7;
            double[] theta = gaussian(p, new SplitMix64(6), 0.7);
            double[] v = gaussian(p, new SplitMix64(8), 1.0);
            double[] product = new double[p];
            landscape(theta, bias, 1.0).apply(v, product);
            // a small step crosses no ReLU kink at a generic θ, where the loss is twice differentiable
            double h = 1e-6;
            double[] plus = landscape(shifted(theta, v, h), bias, 1.0).gradient();
            double[] minus = landscape(shifted(theta, v, -h), bias, 1.0).gradient();
            for (int i = 0; i < p; i++) {
                assertEquals((plus[i] - minus[i]) / (2 * h), product[i], 1e-6, "(Hv)_" + i + ", bias " + bias);
            }
        }
    }

    @Test
    void theHessianIsSymmetric() {
        int p = 7 * 3 + 7;
        TwoLayerLandscape landscape = landscape(gaussian(p, new SplitMix64(7), 0.7), false, 1.0);
        double[] u = gaussian(p, new SplitMix64(1), 1.0);
        double[] v = gaussian(p, new SplitMix64(2), 1.0);
        double[] hu = new double[p];
        double[] hv = new double[p];
        landscape.apply(u, hu);
        landscape.apply(v, hv);
        double uHv = 0.0;
        double vHu = 0.0;
        for (int i = 0; i < p; i++) {
            uHv += u[i] * hv[i];
            vHu += v[i] * hu[i];
        }
        assertEquals(uHv, vHu, 1e-10 * Math.abs(uHv));
    }
}
