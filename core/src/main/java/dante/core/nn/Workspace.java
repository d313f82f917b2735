package dante.core.nn;

import java.lang.foreign.MemorySegment;

import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;
import dante.kernels.Transpose;

/**
 * Preallocated buffers for forward and backward passes of up to {@code maxRows} rows, and a
 * gradient slab laid out like the network's parameters. Passes may start above layer 0 (the
 * input is then the cached output of the frozen layers below) and backpropagation stops at
 * the lowest trainable layer. A pass allocates nothing once the row count is steady.
 */
public final class Workspace implements AutoCloseable {
    private final Network net;
    private final int maxRows;
    private final MatrixArena arena = new MatrixArena();
    private final FloatMatrix[] z, a, dz;           // full-size buffers per layer
    private final FloatMatrix[] zv, av, dzv;        // views of the current row count
    private final FloatMatrix[] input;              // what each layer saw in the last forward pass
    private final MemorySegment gradSlab;
    private final FloatMatrix[] gradW, gradB, gradFlat;
    private int rows = -1;

    public Workspace(Network net, int maxRows) {
        if (maxRows < 1) throw new IllegalArgumentException("workspace rows must be at least 1, found " + maxRows);
        this.net = net;
        this.maxRows = maxRows;
        int depth = net.depth();
        z = new FloatMatrix[depth]; a = new FloatMatrix[depth]; dz = new FloatMatrix[depth];
        zv = new FloatMatrix[depth]; av = new FloatMatrix[depth]; dzv = new FloatMatrix[depth];
        input = new FloatMatrix[depth];
        gradSlab = arena.allocateFloats(net.parameterCount());
        gradW = new FloatMatrix[depth]; gradB = new FloatMatrix[depth]; gradFlat = new FloatMatrix[depth];
        for (int l = 0; l < depth; l++) {
            Layer layer = net.layer(l);
            z[l] = arena.allocate(maxRows, layer.outputs());
            a[l] = layer.activation() instanceof Activation.Identity ? z[l] : arena.allocate(maxRows, layer.outputs());
            dz[l] = arena.allocate(maxRows, layer.outputs());
            gradW[l] = layer.weightIn(gradSlab);
            gradB[l] = layer.biasIn(gradSlab);
            gradFlat[l] = layer.flatIn(gradSlab);
        }
        setRows(maxRows);
    }

    public Network network() { return net; }
    public int maxRows() { return maxRows; }

    private void setRows(int r) {
        if (r == rows) return;
        if (r < 1 || r > maxRows) throw new IllegalArgumentException("batch of " + r + " rows, but the workspace holds 1.." + maxRows);
        for (int l = 0; l < z.length; l++) {
            zv[l] = z[l].rowRange(0, r);
            av[l] = a[l] == z[l] ? zv[l] : a[l].rowRange(0, r);
            dzv[l] = dz[l].rowRange(0, r);
        }
        rows = r;
    }

    /**
     * Runs layers {@code from..L−1} on {@code x}, which is the input of layer {@code from}
     * (the data for from = 0, the frozen layers' output otherwise). Returns the network's output.
     */
    public FloatMatrix forward(Kernels k, FloatMatrix x, int from) {
        return forward(k, x, from, net.depth() - 1);
    }

    /** Runs layers {@code from..to} and returns the output of layer {@code to}. */
    public FloatMatrix forward(Kernels k, FloatMatrix x, int from, int to) {
        Layer first = net.layer(from);
        if (x.cols() != first.inputs()) {
            throw new IllegalArgumentException("layer " + from + " takes " + first.inputs() + " inputs, found a batch of " + x.shape());
        }
        setRows(x.rows());
        FloatMatrix in = x;
        for (int l = from; l <= to; l++) {
            Layer layer = net.layer(l);
            input[l] = in;
            k.gemm(Transpose.N, Transpose.T, 1f, in, layer.weight(), 0f, zv[l]);
            if (layer.hasBias()) k.addRowVector(layer.bias(), zv[l]);
            layer.activation().forward(k, zv[l], av[l]);
            in = av[l];
        }
        return in;
    }

    /** The output of layer l from the last forward pass. */
    public FloatMatrix activation(int l) { return av[l]; }

    /** Mean loss of the last forward pass against {@code y}, without gradients. */
    public double loss(Kernels k, FloatMatrix y) {
        int last = net.depth() - 1;
        return net.loss().valueAndGradient(k, net.layer(last).activation(), zv[last], av[last], y, null);
    }

    /**
     * After a full forward pass: the mean loss against {@code y}, and the gradients of the
     * layers marked trainable. Backpropagation stops at the lowest trainable layer.
     */
    public double backward(Kernels k, FloatMatrix y, boolean[] trainable) {
        int last = net.depth() - 1, lowest = -1;
        for (int l = 0; l <= last; l++) if (trainable[l]) { lowest = l; break; }
        Layer out = net.layer(last);
        double loss = net.loss().valueAndGradient(k, out.activation(), zv[last], av[last], y, dzv[last]);
        if (lowest < 0) return loss;
        for (int l = last; l >= lowest; l--) {
            Layer layer = net.layer(l);
            if (trainable[l]) {
                k.gemm(Transpose.T, Transpose.N, 1f, dzv[l], input[l], 0f, gradW[l]);
                if (layer.hasBias()) k.columnSums(1f, dzv[l], 0f, gradB[l]);
            }
            if (l > lowest) {
                Layer below = net.layer(l - 1);
                k.gemm(Transpose.N, Transpose.N, 1f, dzv[l], layer.weight(), 0f, dzv[l - 1]);
                below.activation().backward(k, zv[l - 1], av[l - 1], dzv[l - 1], dzv[l - 1]);
            }
        }
        return loss;
    }

    /** Gradient of layer l (weight then bias) from the last backward pass, as one row. */
    public FloatMatrix gradient(int l) { return gradFlat[l]; }
    public FloatMatrix gradientWeight(int l) { return gradW[l]; }
    public FloatMatrix gradientBias(int l) { return gradB[l]; }

    @Override
    public void close() { arena.close(); }
}
