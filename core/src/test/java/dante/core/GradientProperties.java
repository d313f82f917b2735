package dante.core;

import java.util.Random;

import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Layer;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.nn.Workspace;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Backpropagation (float, both kernel twins) equals central finite differences of an
 * independent double-precision forward pass, for every activation and loss, with and
 * without bias, for full and partial backprop. Coordinates whose perturbation moves a
 * ReLU-type unit across its kink are skipped: there the loss is not differentiable.
 */
class GradientProperties {

    @Provide
    Arbitrary<Activation> hidden() {
        return Arbitraries.of(Activation.leakyRelu(), Activation.relu(), Activation.generalizedRelu(0.1f, 2f),
                Activation.generalizedRelu(0.001f, 0.5f), Activation.sigmoid(), Activation.tanh(), Activation.identity());
    }

    @Provide
    Arbitrary<String> head() {
        return Arbitraries.of("mse:identity", "mse:leaky-relu", "mse:sigmoid", "mse:tanh", "mse:generalized-relu:0.2:1.5",
                "bce:sigmoid", "ce:softmax");
    }

    @Property(tries = 60)
    void backpropEqualsFiniteDifferences(@ForAll("hidden") Activation act, @ForAll("head") String head,
                                         @ForAll @IntRange(min = 1, max = 6) int inputs,
                                         @ForAll @IntRange(min = 1, max = 7) int hiddenUnits,
                                         @ForAll @IntRange(min = 1, max = 4) int outputs,
                                         @ForAll @IntRange(min = 1, max = 5) int rows,
                                         @ForAll boolean bias, @ForAll @IntRange(min = 0, max = 2) int lowestTrainable,
                                         @ForAll long seed) {
        String[] h = head.split(":", 2);
        Loss loss = Loss.parse(h[0]);
        Activation out = Activation.parse(h[1]);
        if (loss == Loss.SOFTMAX_CROSS_ENTROPY && outputs == 1) outputs = 2;
        Random rnd = new Random(seed);
        try (Network net = Network.builder(inputs).dense(hiddenUnits, act, bias).dense(hiddenUnits + 1, act, !bias)
                .dense(outputs, out, bias).loss(loss).build().initialize(Init.GLOROT, seed);
             MatrixArena arena = new MatrixArena()) {
            double[][] x = new double[rows][inputs], y = new double[rows][outputs];
            FloatMatrix xf = arena.allocate(rows, inputs), yf = arena.allocate(rows, outputs);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < inputs; j++) { x[i][j] = (float) rnd.nextGaussian(); xf.set(i, j, (float) x[i][j]); }
                for (int j = 0; j < outputs; j++) {
                    double t = loss == Loss.MSE ? rnd.nextGaussian() : (loss == Loss.BINARY_CROSS_ENTROPY ? rnd.nextInt(2) : 0);
                    y[i][j] = (float) t;
                }
                if (loss == Loss.SOFTMAX_CROSS_ENTROPY) y[i][rnd.nextInt(outputs)] = 1;
                for (int j = 0; j < outputs; j++) yf.set(i, j, (float) y[i][j]);
            }
            boolean[] trainable = new boolean[3];
            for (int l = lowestTrainable; l < 3; l++) trainable[l] = true;
            for (Kernels k : new Kernels[] {Kernels.scalar(1), Kernels.panama(1)}) {
                try (Workspace ws = new Workspace(net, rows)) {
                    ws.forward(k, xf, 0);
                    double lossValue = ws.backward(k, yf, trainable);
                    double[][][] p = DoubleReference.params(net);
                    double ref = DoubleReference.loss(net, p, x, y);
                    if (Math.abs(lossValue - ref) > 1e-5 * (1 + Math.abs(ref))) {
                        throw new AssertionError(k.name() + ": loss " + lossValue + " but the double reference gives " + ref);
                    }
                    for (int l = lowestTrainable; l < 3; l++) {
                        check(k, net, net.layer(l), ws, p, x, y);
                    }
                }
            }
        }
    }

    private static void check(Kernels k, Network net, Layer layer, Workspace ws, double[][][] p, double[][] x, double[][] y) {
        int l = layer.index();
        float[] gw = ws.gradientWeight(l).toArray();
        float[] gb = layer.hasBias() ? ws.gradientBias(l).toArray() : new float[0];
        double eps = 1e-4;
        double[] fd = new double[gw.length + gb.length];
        boolean[] skip = new boolean[fd.length];
        double max = 0;
        for (int c = 0; c < fd.length; c++) {
            int part = c < gw.length ? 0 : 1, idx = c < gw.length ? c : c - gw.length;
            double[][][] plus = copy(p), minus = copy(p);
            plus[l][part][idx] += eps;
            minus[l][part][idx] -= eps;
            skip[c] = DoubleReference.patternChanges(net, plus, minus, x);
            fd[c] = (DoubleReference.loss(net, plus, x, y) - DoubleReference.loss(net, minus, x, y)) / (2 * eps);
            max = Math.max(max, Math.abs(fd[c]));
        }
        for (int c = 0; c < fd.length; c++) {
            if (skip[c]) continue;
            double got = c < gw.length ? gw[c] : gb[c - gw.length];
            double tol = 2e-3 * Math.abs(fd[c]) + 2e-4 * max + 1e-6;
            if (Math.abs(got - fd[c]) > tol) {
                throw new AssertionError(k.name() + ": layer " + l + " (" + layer + ") " + (c < gw.length ? "weight " + c : "bias " + (c - gw.length))
                        + ": backprop gives " + got + ", finite differences " + fd[c] + " (tolerance " + tol + ")");
            }
        }
    }

    private static double[][][] copy(double[][][] p) {
        double[][][] c = new double[p.length][2][];
        for (int l = 0; l < p.length; l++) { c[l][0] = p[l][0].clone(); c[l][1] = p[l][1].clone(); }
        return c;
    }
}
