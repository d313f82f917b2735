package dante.spark;

import java.io.Serializable;

import dante.core.nn.Network;
import dante.core.nn.Workspace;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;

/**
 * What an executor does with one partition, with core's own forward and backward passes.
 * Each executor thread keeps one network and workspace per architecture and batch size
 * (built on first use, reloaded with the step's parameters every task) and single-threaded
 * kernels: Spark's parallelism is the partitions.
 */
final class Worker {
    private Worker() {}

    /** A partition's share of a minibatch: how many of its rows were in it, their summed loss and summed gradients (trainable layers, in order). */
    record Partial(int rows, double lossSum, float[] gradientSum) implements Serializable {}

    static final int EVAL_ROWS = 1024;

    private record Slot(String key, int maxRows, Network net, Workspace ws) {}

    private static final ThreadLocal<Slot> SLOT = new ThreadLocal<>();
    private static final ThreadLocal<Kernels> KERNELS = ThreadLocal.withInitial(() -> Kernels.create(1));

    private static Slot slot(NetSpec spec, int maxRows, float[] params) {
        Slot s = SLOT.get();
        if (s == null || !s.key().equals(spec.key()) || s.maxRows() < maxRows) {
            if (s != null) { s.ws().close(); s.net().close(); }
            Network net = spec.build();
            s = new Slot(spec.key(), Math.max(maxRows, EVAL_ROWS), net, new Workspace(net, Math.max(maxRows, EVAL_ROWS)));
            SLOT.set(s);
        }
        s.net().loadParameters(params);
        return s;
    }

    /** The loss and gradient sums over this block's rows among {@code batch} (taken in the batch's order), from layer {@code from} up. */
    static Partial gradients(NetSpec spec, float[] params, Block b, int[] batch, boolean[] trainable, int from, int maxRows) {
        int m = 0;
        int[] mine = new int[Math.min(batch.length, b.rows())];
        for (int r : batch) {
            long i = r - b.start();
            if (i >= 0 && i < b.rows()) mine[m++] = (int) i;
        }
        if (m == 0) return new Partial(0, 0, null);
        Slot s = slot(spec, maxRows, params);
        Kernels k = KERNELS.get();
        int w = b.width(), c = b.outputs();
        float[] x = new float[m * w], y = new float[m * c];
        for (int i = 0; i < m; i++) {
            System.arraycopy(b.x(), mine[i] * w, x, i * w, w);
            System.arraycopy(b.y(), mine[i] * c, y, i * c, c);
        }
        s.ws().forward(k, FloatMatrix.wrap(x, m, w), from);
        double loss = s.ws().backward(k, FloatMatrix.wrap(y, m, c), trainable);
        int total = 0;
        for (int l = 0; l < trainable.length; l++) if (trainable[l]) total += s.net().layer(l).parameterCount();
        float[] sum = new float[total];
        int at = 0;
        for (int l = 0; l < trainable.length; l++) {
            if (!trainable[l]) continue;
            float[] g = s.ws().gradient(l).toArray();
            for (int j = 0; j < g.length; j++) sum[at + j] = g[j] * m;          // the workspace's gradient is the mean over these m rows
            at += g.length;
        }
        return new Partial(m, loss * m, sum);
    }

    /** The block with its features replaced by the output of layers 0..{@code to}. */
    static Block forwardBlock(NetSpec spec, float[] params, Block b, int to) {
        Slot s = slot(spec, EVAL_ROWS, params);
        Kernels k = KERNELS.get();
        int out = s.net().layer(to).outputs(), w = b.width();
        float[] z = new float[b.rows() * out];
        for (int r = 0; r < b.rows(); r += EVAL_ROWS) {
            int e = Math.min(b.rows(), r + EVAL_ROWS);
            FloatMatrix x = FloatMatrix.wrap(java.util.Arrays.copyOfRange(b.x(), r * w, e * w), e - r, w);
            float[] a = s.ws().forward(k, x, 0, to).toArray();
            System.arraycopy(a, 0, z, r * out, a.length);
        }
        return b.withFeatures(z, out);
    }

    /** {summed loss, correct predictions} over the block. */
    static double[] evaluate(NetSpec spec, float[] params, Block b) {
        Slot s = slot(spec, EVAL_ROWS, params);
        Kernels k = KERNELS.get();
        int w = b.width(), c = b.outputs();
        double loss = 0, correct = 0;
        int[] argmax = new int[EVAL_ROWS];
        for (int r = 0; r < b.rows(); r += EVAL_ROWS) {
            int e = Math.min(b.rows(), r + EVAL_ROWS);
            FloatMatrix x = FloatMatrix.wrap(java.util.Arrays.copyOfRange(b.x(), r * w, e * w), e - r, w);
            FloatMatrix out = s.ws().forward(k, x, 0);
            loss += s.ws().loss(k, FloatMatrix.wrap(java.util.Arrays.copyOfRange(b.y(), r * c, e * c), e - r, c)) * (e - r);
            if (b.labels() == null) continue;
            if (out.cols() == 1) {
                for (int i = 0; i < out.rows(); i++) if ((out.get(i, 0) > 0.5f ? 1 : 0) == b.labels()[r + i]) correct++;
            } else {
                k.argmaxRows(out, argmax);
                for (int i = 0; i < out.rows(); i++) if (argmax[i] == b.labels()[r + i]) correct++;
            }
        }
        return new double[] {loss, correct};
    }
}
