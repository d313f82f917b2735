package dante.core.train;

import dante.core.nn.Network;
import dante.core.nn.Workspace;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;

/**
 * Each layer's input for the whole training set, kept across phases while the layers below it
 * are unchanged, so a phase that trains layer l runs forward from l and backward to l only: a
 * bottom-up round computes the input of layer l + 1 from the cached input of layer l (one
 * layer, not l + 1), and a top-down round finds the input of every lower layer already cached
 * by the phase above. Bit-identical to computing from the data (the same products, chunk by
 * chunk, through the evaluation workspace). Bounded by a budget in bytes.
 */
final class FrozenCache implements AutoCloseable {
    private final Kernels k;
    private final Network net;
    private final FloatMatrix data;
    private final Workspace ws;
    private final long budget;
    private final int n, depth;
    private final MatrixArena[] arenas;
    private final FloatMatrix[] inputs;
    /** When (on the {@code tick} clock) each boundary was computed, and when each layer last changed. */
    private final long[] builtAt, changedAt;
    private long tick = 1;
    /** Rows × layers forwarded to build the cache, over the run. */
    long layerRows;

    /**
     * @param data the training rows' features (the input of layer 0)
     * @param ws the workspace the rows are forwarded through, chunk by chunk
     * @param budget the bytes the cache may hold
     */
    FrozenCache(Kernels k, Network net, FloatMatrix data, Workspace ws, long budget) {
        this.k = k;
        this.net = net;
        this.data = data;
        this.ws = ws;
        this.budget = budget;
        this.n = data == null ? 0 : data.rows();
        this.depth = net.depth();
        arenas = new MatrixArena[depth];
        inputs = new FloatMatrix[depth];
        builtAt = new long[depth];
        changedAt = new long[depth];
    }

    /**
     * Layer l is about to be trained: every cached input above it goes stale. Its memory is
     * kept for the rebuild ({@link #input}), which would otherwise allocate and zero the same
     * n × width floats again every round (0.2 s a round for 784-256-10's 61 MB, measured).
     */
    void changed(int l) {
        changedAt[l] = ++tick;
    }

    private boolean valid(int b) {
        if (b == 0) return true;
        if (inputs[b] == null) return false;
        for (int l = 0; l < b; l++) if (changedAt[l] > builtAt[b]) return false;
        return true;
    }

    private long size(int b) { return (long) n * net.layer(b).inputs() * Float.BYTES; }

    /**
     * The input of layer {@code target} for every training row, or null when it does not fit
     * the budget. What is kept is decided on the valid inputs alone, as if stale ones had
     * been freed; a stale input's memory is then reused where its boundary is kept, and
     * freed where it is not.
     */
    FloatMatrix input(int target) {
        if (valid(target)) return inputs[target];
        long validBytes = 0;
        for (int b = 1; b < depth; b++) if (inputs[b] != null && valid(b)) validBytes += size(b);
        if (validBytes + size(target) > budget) {
            for (int b = 1; b < depth; b++) if (inputs[b] != null && !valid(b)) free(b);
            return null;
        }
        int from = target;
        while (!valid(from)) from--;
        boolean[] keep = new boolean[depth];
        keep[target] = true;
        long planned = validBytes + size(target);
        for (int b = target - 1; b > from; b--) {            // intermediate inputs too, while the budget allows
            if (planned + size(b) <= budget) { keep[b] = true; planned += size(b); }
        }
        for (int b = 1; b < depth; b++) if (inputs[b] != null && !valid(b) && !keep[b]) free(b);
        for (int b = from + 1; b <= target; b++) {
            if (!keep[b]) continue;
            if (inputs[b] == null) {
                arenas[b] = new MatrixArena();
                inputs[b] = arenas[b].allocate(n, net.layer(b).inputs());
            }
            builtAt[b] = ++tick;
        }
        FloatMatrix source = from == 0 ? data : inputs[from];
        for (int s = 0; s < n; s += ws.maxRows()) {
            int e = Math.min(n, s + ws.maxRows());
            FloatMatrix x = source.rowRange(s, e);
            for (int l = from; l < target; l++) {
                x = ws.forward(k, x, l, l);
                if (keep[l + 1]) inputs[l + 1].rowRange(s, e).copyFrom(x);
            }
        }
        layerRows += (long) n * (target - from);
        return inputs[target];
    }

    private void free(int b) {
        if (inputs[b] == null) return;
        arenas[b].close();
        arenas[b] = null;
        inputs[b] = null;
    }

    @Override
    public void close() { for (int b = 0; b < depth; b++) free(b); }
}
