package dante.bench;

import java.util.Random;

import dante.core.data.Dataset;
import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;

/** The data and networks the epoch benchmarks share: uniform random pixels, 10 random classes, Leaky ReLU and softmax cross-entropy. */
final class BenchNets {
    private BenchNets() {}

    /** {@code n} examples of {@code d} uniform [0, 1) features and a random class of 10, seeded. */
    static Dataset random(int n, int d) {
        Random r = new Random(1);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(10);
        return Dataset.classification("random", x, n, d, y, 10);
    }

    /** The network {@code sizes} ("784,256,10"): Leaky ReLU hidden, softmax output, cross-entropy, PyTorch's initialization, seed 1. */
    static Network leakySoftmax(String sizes) {
        String[] s = sizes.split(",");
        int depth = s.length - 1;
        Network.Builder b = Network.builder(Integer.parseInt(s[0]));
        for (int i = 1; i < s.length; i++) b.dense(Integer.parseInt(s[i]), i == depth ? Activation.softmax() : Activation.leakyRelu());
        return b.loss(Loss.SOFTMAX_CROSS_ENTROPY).build().initialize(Init.TORCH, 1);
    }
}
