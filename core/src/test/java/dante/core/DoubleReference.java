package dante.core;

import dante.core.nn.Activation;
import dante.core.nn.Layer;
import dante.core.nn.Loss;
import dante.core.nn.Network;

/** An independent double-precision forward pass and loss, for finite differences. */
final class DoubleReference {
    private DoubleReference() {}

    /** params[l] = {W (out×in row-major), b}; returns the mean loss over rows. */
    static double loss(Network net, double[][][] params, double[][] x, double[][] y) {
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            double[] a = x[i];
            double[] z = null;
            for (int l = 0; l < net.depth(); l++) {
                Layer layer = net.layer(l);
                z = new double[layer.outputs()];
                for (int o = 0; o < layer.outputs(); o++) {
                    double s = layer.hasBias() ? params[l][1][o] : 0;
                    for (int j = 0; j < layer.inputs(); j++) s += params[l][0][o * layer.inputs() + j] * a[j];
                    z[o] = s;
                }
                a = activate(layer.activation(), z);
            }
            total += sampleLoss(net.loss(), z, a, y[i]);
        }
        return total / x.length;
    }

    static double[] activate(Activation act, double[] z) {
        double[] a = new double[z.length];
        switch (act) {
            case Activation.GeneralizedRelu g -> { for (int i = 0; i < z.length; i++) a[i] = z[i] > 0 ? g.b() * z[i] : g.a() * z[i]; }
            case Activation.Sigmoid s -> { for (int i = 0; i < z.length; i++) a[i] = 1 / (1 + Math.exp(-z[i])); }
            case Activation.Tanh t -> { for (int i = 0; i < z.length; i++) a[i] = Math.tanh(z[i]); }
            case Activation.Identity id -> System.arraycopy(z, 0, a, 0, z.length);
            case Activation.Softmax sm -> {
                double max = Double.NEGATIVE_INFINITY, s = 0;
                for (double v : z) max = Math.max(max, v);
                for (int i = 0; i < z.length; i++) s += a[i] = Math.exp(z[i] - max);
                for (int i = 0; i < z.length; i++) a[i] /= s;
            }
        }
        return a;
    }

    static double sampleLoss(Loss loss, double[] z, double[] a, double[] y) {
        double s = 0;
        switch (loss) {
            case MSE -> { for (int j = 0; j < a.length; j++) s += (a[j] - y[j]) * (a[j] - y[j]); }
            case BINARY_CROSS_ENTROPY -> {
                for (int j = 0; j < z.length; j++) s += Math.max(z[j], 0) - z[j] * y[j] + Math.log1p(Math.exp(-Math.abs(z[j])));
            }
            case SOFTMAX_CROSS_ENTROPY -> {
                double max = Double.NEGATIVE_INFINITY, se = 0;
                for (double v : z) max = Math.max(max, v);
                for (double v : z) se += Math.exp(v - max);
                double lse = max + Math.log(se);
                for (int j = 0; j < z.length; j++) s += y[j] * (lse - z[j]);
            }
        }
        return s;
    }

    /** Whether any generalized-ReLU unit changes side of its kink between two parameter settings. */
    static boolean patternChanges(Network net, double[][][] p1, double[][][] p2, double[][] x) {
        for (double[] row : x) {
            double[] a1 = row, a2 = row;
            for (int l = 0; l < net.depth(); l++) {
                Layer layer = net.layer(l);
                double[] z1 = new double[layer.outputs()], z2 = new double[layer.outputs()];
                for (int o = 0; o < layer.outputs(); o++) {
                    double s1 = layer.hasBias() ? p1[l][1][o] : 0, s2 = layer.hasBias() ? p2[l][1][o] : 0;
                    for (int j = 0; j < layer.inputs(); j++) {
                        s1 += p1[l][0][o * layer.inputs() + j] * a1[j];
                        s2 += p2[l][0][o * layer.inputs() + j] * a2[j];
                    }
                    z1[o] = s1;
                    z2[o] = s2;
                    if (layer.activation() instanceof Activation.GeneralizedRelu && (s1 > 0) != (s2 > 0)) return true;
                }
                a1 = activate(layer.activation(), z1);
                a2 = activate(layer.activation(), z2);
            }
        }
        return false;
    }

    static double[][][] params(Network net) {
        double[][][] p = new double[net.depth()][2][];
        for (Layer l : net.layers()) {
            float[] w = l.weight().toArray();
            p[l.index()][0] = new double[w.length];
            for (int i = 0; i < w.length; i++) p[l.index()][0][i] = w[i];
            p[l.index()][1] = new double[l.outputs()];
            if (l.hasBias()) {
                float[] b = l.bias().toArray();
                for (int i = 0; i < b.length; i++) p[l.index()][1][i] = b[i];
            }
        }
        return p;
    }
}
