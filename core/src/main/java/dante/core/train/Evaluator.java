package dante.core.train;

import dante.core.data.Dataset;
import dante.core.nn.Network;
import dante.core.nn.Workspace;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;

/**
 * Mean loss and accuracy of a network on a data set, in chunks of {@value #ROWS} rows. A run
 * holds one evaluator, whose buffers are sized once for its largest set; {@link #evaluate(Kernels,
 * Network, Dataset)} makes one for a single call. The chunks are the same either way, so the
 * numbers are too.
 */
public final class Evaluator implements AutoCloseable {
    static final int ROWS = 1024;

    private final Kernels k;
    private final Network net;
    private final Workspace ws;
    private final int[] argmax;

    /** Buffers for sets of up to {@code largest} rows (chunks of at most {@value #ROWS}). */
    Evaluator(Kernels k, Network net, int largest) {
        this.k = k;
        this.net = net;
        this.ws = new Workspace(net, Math.min(ROWS, Math.max(1, largest)));
        this.argmax = new int[ws.maxRows()];
    }

    /**
     * Mean loss and accuracy (NaN for regression) of the network on a data set.
     *
     * @param k the kernels
     * @param net the network
     * @param d the data set
     * @return {mean loss, accuracy}
     */
    public static double[] evaluate(Kernels k, Network net, Dataset d) {
        try (Evaluator e = new Evaluator(k, net, d.size())) {
            return e.evaluate(d);
        }
    }

    /** The workspace the evaluations run in (the frozen-layer cache forwards through it too). */
    Workspace workspace() { return ws; }

    /** {mean loss, accuracy (NaN for regression)} on {@code d}. */
    double[] evaluate(Dataset d) {
        double lossSum = 0;
        long correct = 0;
        int n = d.size();
        for (int s = 0; s < n; s += ws.maxRows()) {
            int e = Math.min(n, s + ws.maxRows());
            FloatMatrix out = ws.forward(k, d.features().rowRange(s, e), 0);
            lossSum += ws.loss(k, d.targets().rowRange(s, e)) * (e - s);
            if (d.isClassification()) correct += countCorrect(out, d.labels(), s);
        }
        return new double[] {lossSum / n, d.isClassification() ? (double) correct / n : Double.NaN};
    }

    private long countCorrect(FloatMatrix out, int[] labels, int from) {
        long correct = 0;
        if (out.cols() == 1) {
            for (int i = 0; i < out.rows(); i++) if ((out.get(i, 0) > 0.5f ? 1 : 0) == labels[from + i]) correct++;
        } else {
            k.argmaxRows(out, argmax);
            for (int i = 0; i < out.rows(); i++) if (argmax[i] == labels[from + i]) correct++;
        }
        return correct;
    }

    @Override
    public void close() { ws.close(); }
}
