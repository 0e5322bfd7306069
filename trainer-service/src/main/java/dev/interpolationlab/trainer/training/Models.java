package dev.interpolationlab.trainer.training;

import dev.interpolationlab.core.data.DataSet;
import dev.interpolationlab.core.features.RandomReluFeatures;
import dev.interpolationlab.core.linalg.Ridge;
import dev.interpolationlab.core.random.SplitMix64;
import dev.interpolationlab.proto.v1.ModelSpec;
import dev.interpolationlab.proto.v1.TrainingSpec;
import dev.interpolationlab.trainer.model.Activation;
import dev.interpolationlab.trainer.model.FeatureRegression;
import dev.interpolationlab.trainer.model.Initialisation;
import dev.interpolationlab.trainer.model.KernelChoice;
import dev.interpolationlab.trainer.model.Loss;
import dev.interpolationlab.trainer.model.Mlp;
import dev.interpolationlab.trainer.model.Objective;
import dev.interpolationlab.trainer.model.Parallel;
import dev.interpolationlab.trainer.model.TwoLayer;
import java.util.Arrays;

/** Binds the model a spec names to a run's data (science.md §1): two-layer, linear, random-features or mlp. */
final class Models {

    private Models() {
    }

    /**
     * @param drawn  the data as generated
     * @param inputs the data with the bias column appended when the model has a bias (for the models that take their
     *               bias as a last input weight)
     * @param ols    the OLS fit on {@code inputs}, or null (its β̂ is a reference direction for the two-layer neurons)
     */
    static BoundModel bind(TrainingSpec spec, DataSet drawn, DataSet inputs, double[] ols, long seed, Loss loss, Parallel parallel,
            KernelChoice kernel) {
        ModelSpec model = spec.getModel();
        int batch = spec.getOptimizer().getKind().equals("sgd") ? spec.getOptimizer().getBatch() : 0;
        return switch (model.getKind()) {
            case "two-layer" -> twoLayer(model, drawn, inputs, ols, seed, loss, parallel, kernel, batch);
            case "linear" -> features(model, inputs.x(), inputs.xTest(), inputs, loss, batch, "beta[" + inputs.d() + "]");
            case "random-features" -> {
                RandomReluFeatures map = RandomReluFeatures.draw(model.getWidth(), inputs.d(), seed);
                yield features(model, map.map(inputs.x(), inputs.n()), map.map(inputs.xTest(), inputs.nTest()), inputs, loss, batch,
                        "a[" + model.getWidth() + "] over ReLU features of " + inputs.d() + " inputs drawn from the run seed");
            }
            case "mlp" -> mlp(model, drawn, seed, loss, batch);
            default -> throw new IllegalArgumentException("no model '" + model.getKind() + "'");
        };
    }

    private static BoundModel twoLayer(ModelSpec model, DataSet drawn, DataSet data, double[] ols, long seed, Loss loss,
            Parallel parallel, KernelChoice kernel, int batch) {
        int m = model.getWidth();
        int d = data.d();
        Activation activation = Activation.of(model.getActivation());
        Objective train = TwoLayer.bind(data.x(), data.y(), data.n(), d, m, loss, activation, parallel, kernel);
        Objective test = TwoLayer.bind(data.xTest(), data.yTest(), data.nTest(), d, m, loss, activation, parallel, kernel);
        Objective minibatch = batch == 0 ? null
                : TwoLayer.bind(Arrays.copyOf(data.x(), batch * d), Arrays.copyOf(data.y(), batch), batch, d, m, loss, activation, parallel, kernel);
        // Alignment to β̂ and β* is defined for a linear teacher fitted without bias (science.md §2.3).
        boolean linearTeacher = drawn.teacher() != null && !model.getBias();
        NeuronDirections directions = new NeuronDirections(m, d, linearTeacher ? ols : null, linearTeacher ? drawn.teacher() : null);
        boolean oneDimensional = drawn.d() == 1;
        BoundModel.Probe probe = (theta, metrics) -> {
            NeuronDirections.Measurement measured = directions.measure(theta);
            metrics.setDirectionClusters(measured.clusters());
            if (linearTeacher) {
                metrics.setAlignmentOls(measured.alignmentOls()).setAlignmentTeacher(measured.alignmentTeacher());
            }
            if (oneDimensional) {
                NeuronPolar.snapshot(theta, m, d, metrics);
            }
        };
        double[] initial = Initialisation.draw(model.getInit(), m, d, SplitMix64.stream(seed, "init"));
        return new BoundModel(train, test, minibatch, data.x(), data.y(), initial, null, "W[" + m + "x" + d + "] a[" + m + "]", probe);
    }

    /** A model linear in θ over fixed features; gradient methods start at θ = 0, whose limit is the min-norm fit. */
    private static BoundModel features(ModelSpec model, double[] phi, double[] phiTest, DataSet data, Loss loss, int batch, String layout) {
        int p = phi.length / data.n();
        Objective train = new FeatureRegression(phi, data.y(), data.n(), p, loss);
        Objective test = new FeatureRegression(phiTest, data.yTest(), data.nTest(), p, loss);
        Objective minibatch = batch == 0 ? null
                : new FeatureRegression(Arrays.copyOf(phi, batch * p), Arrays.copyOf(data.y(), batch), batch, p, loss);
        return new BoundModel(train, test, minibatch, phi, data.y(), new double[p],
                () -> Ridge.solve(phi, data.y(), data.n(), p, model.getRidge()), layout, BoundModel.Probe.NONE);
    }

    /** The mlp carries its own biases, so it takes the inputs as drawn. */
    private static BoundModel mlp(ModelSpec model, DataSet data, long seed, Loss loss, int batch) {
        int d = data.d();
        Mlp train = new Mlp(data.x(), data.y(), data.n(), d, model.getWidth(), model.getDepth(), data.classes(), model.getBias(), loss);
        Mlp test = new Mlp(data.xTest(), data.yTest(), data.nTest(), d, model.getWidth(), model.getDepth(), data.classes(), model.getBias(), loss);
        Mlp minibatch = batch == 0 ? null : new Mlp(Arrays.copyOf(data.x(), batch * d), Arrays.copyOf(data.y(), batch), batch, d,
                model.getWidth(), model.getDepth(), data.classes(), model.getBias(), loss);
        double[] initial = train.initialise(model.getInit().getScale(), SplitMix64.stream(seed, "init"));
        return new BoundModel(train, test, minibatch, data.x(), data.y(), initial, null, train.layout(), BoundModel.Probe.NONE);
    }
}
