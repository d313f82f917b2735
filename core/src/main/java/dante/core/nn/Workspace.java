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

    /**
     * Allocates the buffers of a forward and backward pass over up to {@code maxRows} rows.
     *
     * @param net the network the buffers are shaped for
     * @param maxRows the largest minibatch (at least 1)
     */
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

    /** {@return the network the buffers are shaped for} */
    public Network network() { return net; }
    /** {@return the largest number of rows a pass may have} */
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
     *
     * @param k the kernels
     * @param x the input of layer {@code from}, at most {@link #maxRows} rows
     * @param from the first layer run
     * @return the network's output (a view into this workspace, overwritten by the next pass)
     */
    public FloatMatrix forward(Kernels k, FloatMatrix x, int from) {
        return forward(k, x, from, net.depth() - 1);
    }


    /**
     * Runs layers {@code from..to} and returns the output of layer {@code to}.
     *
     * @param k the kernels
     * @param x the input of layer {@code from}
     * @param from the first layer run
     * @param to the last layer run
     * @return layer {@code to}'s output (a view into this workspace)
     */
    public FloatMatrix forward(Kernels k, FloatMatrix x, int from, int to) {
        checkInput(x, from);
        setRows(x.rows());
        FloatMatrix in = x;
        for (int l = from; l <= to; l++) in = forwardLayer(k, l, in);
        return in;
    }

    /**
     * Runs the layers of {@code path} in that order (each one's output is the next one's
     * input) and returns the last one's output: a sub-network such as an autoencoder pair.
     *
     * @param k the kernels
     * @param x the input of the path's first layer
     * @param path layer indices, in the order they run
     * @return the last layer's output (a view into this workspace)
     */
    public FloatMatrix forwardPath(Kernels k, FloatMatrix x, int[] path) {
        checkInput(x, path[0]);
        for (int i = 1; i < path.length; i++) {
            if (net.layer(path[i]).inputs() != net.layer(path[i - 1]).outputs()) {
                throw new IllegalArgumentException("path " + java.util.Arrays.toString(path) + ": layer " + path[i] + " takes "
                        + net.layer(path[i]).inputs() + " inputs but layer " + path[i - 1] + " gives " + net.layer(path[i - 1]).outputs());
            }
        }
        setRows(x.rows());
        FloatMatrix in = x;
        for (int l : path) in = forwardLayer(k, l, in);
        return in;
    }

    private void checkInput(FloatMatrix x, int layer) {
        Layer first = net.layer(layer);
        if (x.cols() != first.inputs()) {
            throw new IllegalArgumentException("layer " + layer + " takes " + first.inputs() + " inputs, found a batch of " + x.shape());
        }
    }

    private FloatMatrix forwardLayer(Kernels k, int l, FloatMatrix in) {
        Layer layer = net.layer(l);
        input[l] = in;
        k.gemm(Transpose.N, Transpose.T, 1f, in, layer.weight(), 0f, zv[l]);
        if (layer.hasBias()) k.addRowVector(layer.bias(), zv[l]);
        layer.activation().forward(k, zv[l], av[l]);
        return av[l];
    }

    /**
     * The output of layer l from the last forward pass.
     *
     * @param l the layer
     * @return its output (a view into this workspace)
     */
    public FloatMatrix activation(int l) { return av[l]; }

    /**
     * Mean loss of the last forward pass against {@code y}, without gradients.
     *
     * @param k the kernels
     * @param y the targets
     * @return the mean loss per example
     */
    public double loss(Kernels k, FloatMatrix y) {
        int last = net.depth() - 1;
        return net.loss().valueAndGradient(k, net.layer(last).activation(), zv[last], av[last], y, null);
    }

    /**
     * After a full forward pass: the mean loss against {@code y}, and the gradients of the
     * layers marked trainable. Backpropagation stops at the lowest trainable layer.
     *
     * @param k the kernels
     * @param y the targets
     * @param trainable per layer, whether to compute its gradient
     * @return the mean loss per example
     */
    public double backward(Kernels k, FloatMatrix y, boolean[] trainable) {
        int last = net.depth() - 1;
        double loss = net.loss().valueAndGradient(k, net.layer(last).activation(), zv[last], av[last], y, dzv[last]);
        int lowest = -1;
        for (int l = 0; l <= last; l++) if (trainable[l]) { lowest = l; break; }
        for (int l = last; l >= lowest && lowest >= 0; l--) backwardLayer(k, l, trainable[l], l > lowest ? l - 1 : -1);
        return loss;
    }

    /**
     * After {@link #forwardPath}: the mean loss of the path's output against {@code y} (the
     * network's loss when the path ends at the output layer, MSE otherwise), and the
     * gradients of the trainable layers on the path.
     *
     * @param k the kernels
     * @param y the targets of the path's output
     * @param path the layers of the last {@link #forwardPath}
     * @param trainable per layer, whether to compute its gradient
     * @return the mean loss per example
     */
    public double backwardPath(Kernels k, FloatMatrix y, int[] path, boolean[] trainable) {
        int last = path[path.length - 1];
        Loss loss = last == net.depth() - 1 ? net.loss() : Loss.MSE;
        double value = loss.valueAndGradient(k, net.layer(last).activation(), zv[last], av[last], y, dzv[last]);
        int lowestPos = -1;
        for (int i = 0; i < path.length; i++) if (trainable[path[i]]) { lowestPos = i; break; }
        for (int i = path.length - 1; i >= lowestPos && lowestPos >= 0; i--) {
            backwardLayer(k, path[i], trainable[path[i]], i > lowestPos ? path[i - 1] : -1);
        }
        return value;
    }

    /**
     * After {@link #forwardPath}: the mean loss of the path's output against {@code y}, without gradients.
     *
     * @param k the kernels
     * @param y the targets of the path's output
     * @param path the layers of the last {@link #forwardPath}
     * @return the mean loss per example
     */
    public double lossPath(Kernels k, FloatMatrix y, int[] path) {
        int last = path[path.length - 1];
        Loss loss = last == net.depth() - 1 ? net.loss() : Loss.MSE;
        return loss.valueAndGradient(k, net.layer(last).activation(), zv[last], av[last], y, null);
    }

    /** Gradient of layer l if trainable; then, when {@code below} ≥ 0, the gradient at the pre-activation of layer {@code below}. */
    private void backwardLayer(Kernels k, int l, boolean trainable, int below) {
        Layer layer = net.layer(l);
        if (trainable) {
            k.gemm(Transpose.T, Transpose.N, 1f, dzv[l], input[l], 0f, gradW[l]);
            if (layer.hasBias()) k.columnSums(1f, dzv[l], 0f, gradB[l]);
        }
        if (below >= 0) {
            k.gemm(Transpose.N, Transpose.N, 1f, dzv[l], layer.weight(), 0f, dzv[below]);
            net.layer(below).activation().backward(k, zv[below], av[below], dzv[below], dzv[below]);
        }
    }

    /**
     * Gradient of layer l (weight then bias) from the last backward pass, as one row.
     *
     * @param l the layer
     * @return a 1×(parameters of l) view into this workspace
     */
    public FloatMatrix gradient(int l) { return gradFlat[l]; }
    /**
     * Gradient of layer l's weights from the last backward pass.
     *
     * @param l the layer
     * @return an outputs×inputs view of {@link #gradient}
     */
    public FloatMatrix gradientWeight(int l) { return gradW[l]; }
    /**
     * Gradient of layer l's bias from the last backward pass.
     *
     * @param l the layer
     * @return a 1×outputs view of {@link #gradient}
     */
    public FloatMatrix gradientBias(int l) { return gradB[l]; }

    @Override
    public void close() { arena.close(); }
}
