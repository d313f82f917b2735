package dante.core.nn;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import dante.kernels.FloatMatrix;
import dante.kernels.MatrixArena;

/**
 * A feed-forward network: dense layers in order and a loss. All parameters live in one
 * off-heap slab owned by the network; close it to free them.
 */
public final class Network implements AutoCloseable {
    private final int inputs;
    private final List<Layer> layers;
    private final Loss loss;
    private final MatrixArena arena;
    private final MemorySegment slab;
    private final long parameterCount;

    private Network(int inputs, List<int[]> dims, List<Activation> acts, List<Boolean> biases, Loss loss) {
        this.inputs = inputs;
        this.loss = loss;
        long total = 0;
        int in = inputs;
        for (int l = 0; l < dims.size(); l++) {
            total += Layer.parameterCount(in, dims.get(l)[0], biases.get(l));
            in = dims.get(l)[0];
        }
        this.parameterCount = total;
        this.arena = new MatrixArena();
        this.slab = arena.allocateFloats(total);
        List<Layer> ls = new ArrayList<>();
        long off = 0;
        in = inputs;
        for (int l = 0; l < dims.size(); l++) {
            Layer layer = new Layer(l, in, dims.get(l)[0], biases.get(l), acts.get(l), slab, off);
            ls.add(layer);
            off += layer.parameterCount();
            in = layer.outputs();
        }
        this.layers = Collections.unmodifiableList(ls);
    }

    /**
     * A builder for a network of dense layers on {@code inputs} features.
     *
     * @param inputs the number of input features (at least 1)
     * @return the builder
     */
    public static Builder builder(int inputs) { return new Builder(inputs); }

    /**
     * Builds a network with the same architecture (zero parameters).
     *
     * @return a new network of the same layers and loss, its parameters zero
     */
    public Network sameArchitecture() {
        Builder b = builder(inputs);
        for (Layer l : layers) b.dense(l.outputs(), l.activation(), l.hasBias());
        return b.loss(loss).build();
    }

    /**
     * Fills every layer from one seeded generator.
     *
     * @param init the initialization
     * @param seed the generator's seed: the same seed gives the same weights
     * @return this network
     */
    public Network initialize(Init init, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (Layer l : layers) init.fill(l, rnd);
        return this;
    }

    /** {@return the number of input features} */
    public int inputs() { return inputs; }
    /** {@return the number of outputs of the last layer} */
    public int outputs() { return layers.get(layers.size() - 1).outputs(); }
    /** {@return the layers, input to output (unmodifiable)} */
    public List<Layer> layers() { return layers; }
    /**
     * The layer at position {@code i}.
     *
     * @param i the layer's index, from 0 at the input
     * @return the layer
     */
    public Layer layer(int i) { return layers.get(i); }
    /** {@return the number of layers} */
    public int depth() { return layers.size(); }
    /** {@return the loss the network is trained on} */
    public Loss loss() { return loss; }
    /** {@return the number of parameters, weights and biases} */
    public long parameterCount() { return parameterCount; }
    /** {@return the off-heap memory holding every parameter, layer by layer} */
    public MemorySegment slab() { return slab; }

    /**
     * Every parameter, layer by layer (weight then bias), as one row.
     *
     * @return a 1×{@link #parameterCount} view of the parameters (not a copy)
     */
    public FloatMatrix parameters() {
        int n = Math.toIntExact(parameterCount);
        return FloatMatrix.of(slab, 0, 1, n, n);
    }

    /** {@return a copy of every parameter, in the order of {@link #parameters}} */
    public float[] parametersToArray() { return parameters().toArray(); }

    /**
     * Replaces every parameter.
     *
     * @param values exactly {@link #parameterCount} values, in the order of {@link #parameters}
     * @throws IllegalArgumentException when the count differs
     */
    public void loadParameters(float[] values) {
        if (values.length != parameterCount) {
            throw new IllegalArgumentException("loadParameters: expected " + parameterCount + " values, found " + values.length);
        }
        parameters().copyFrom(values);
    }

    /**
     * Copies the parameters of a network of the same shape.
     *
     * @param other the network to copy from
     * @throws IllegalArgumentException when the architectures differ
     */
    public void copyParametersFrom(Network other) {
        if (!sameShapeAs(other)) throw new IllegalArgumentException("copyParametersFrom: architectures differ: " + describe() + " vs " + other.describe());
        parameters().copyFrom(other.parameters());
    }

    /**
     * Whether two networks have the same layer sizes and biases (activations and loss aside).
     *
     * @param o the other network
     * @return true when their parameters line up one for one
     */
    public boolean sameShapeAs(Network o) {
        if (o.inputs != inputs || o.layers.size() != layers.size()) return false;
        for (int i = 0; i < layers.size(); i++) {
            Layer a = layers.get(i), b = o.layers.get(i);
            if (a.outputs() != b.outputs() || a.hasBias() != b.hasBias()) return false;
        }
        return true;
    }

    /**
     * "784,256,10"
     *
     * @return the layer sizes, input first, comma-separated
     */
    public String sizes() {
        StringBuilder sb = new StringBuilder().append(inputs);
        for (Layer l : layers) sb.append(',').append(l.outputs());
        return sb.toString();
    }

    /**
     * "leaky-relu:0.01,softmax"
     *
     * @return every layer's activation spec, comma-separated
     */
    public String activationSpecs() {
        StringBuilder sb = new StringBuilder();
        for (Layer l : layers) sb.append(sb.isEmpty() ? "" : ",").append(l.activation().spec());
        return sb.toString();
    }

    /**
     * {@return sizes, activations and loss in one line, e.g. "784,256,10 [leaky-relu:0.01,softmax] softmax-cross-entropy"}
     */
    public String describe() { return sizes() + " [" + activationSpecs() + "] " + loss.spec(); }

    @Override
    public void close() { arena.close(); }

    @Override
    public String toString() { return "Network " + describe(); }

    /** Layers in order, then the loss. */
    public static final class Builder {
        private final int inputs;
        private final List<int[]> dims = new ArrayList<>();
        private final List<Activation> acts = new ArrayList<>();
        private final List<Boolean> biases = new ArrayList<>();
        private Loss loss = Loss.MSE;

        Builder(int inputs) {
            if (inputs < 1) throw new IllegalArgumentException("network inputs must be at least 1, found " + inputs);
            this.inputs = inputs;
        }

        /**
         * Adds a dense layer with a bias.
         *
         * @param outputs the layer's width (at least 1)
         * @param activation its activation
         * @return this builder
         */
        public Builder dense(int outputs, Activation activation) { return dense(outputs, activation, true); }

        /**
         * Adds a dense layer.
         *
         * @param outputs the layer's width (at least 1)
         * @param activation its activation
         * @param bias whether the layer has a bias
         * @return this builder
         */
        public Builder dense(int outputs, Activation activation, boolean bias) {
            if (outputs < 1) throw new IllegalArgumentException("layer " + dims.size() + ": outputs must be at least 1, found " + outputs);
            if (activation == null) throw new IllegalArgumentException("layer " + dims.size() + ": the activation is missing (null)");
            dims.add(new int[] {outputs});
            acts.add(activation);
            biases.add(bias);
            return this;
        }

        /**
         * The loss (default MSE); checked against the output activation by {@link #build}.
         *
         * @param loss the loss
         * @return this builder
         */
        public Builder loss(Loss loss) { this.loss = loss; return this; }

        /**
         * Allocates the network, its parameters zero.
         *
         * @return the network
         * @throws IllegalArgumentException for no layers, a softmax below the output or a loss that does not fit the output
         */
        public Network build() {
            if (dims.isEmpty()) throw new IllegalArgumentException("a network needs at least one layer");
            for (int l = 0; l < acts.size() - 1; l++) {
                if (acts.get(l) instanceof Activation.Softmax) {
                    throw new IllegalArgumentException("layer " + l + ": softmax is only supported on the output layer");
                }
            }
            if (loss == null) throw new IllegalArgumentException("the loss is missing (null)");
            loss.checkOutput(acts.get(acts.size() - 1));
            long total = 0;
            int in = inputs;
            for (int l = 0; l < dims.size(); l++) {
                long count = (long) dims.get(l)[0] * in + (biases.get(l) ? dims.get(l)[0] : 0);
                if (count > Integer.MAX_VALUE - 16) {
                    throw new IllegalArgumentException("layer " + l + ": " + in + "×" + dims.get(l)[0] + " weights make " + count + " parameters; a layer holds at most " + (Integer.MAX_VALUE - 16));
                }
                total += count;
                in = dims.get(l)[0];
            }
            dante.kernels.MatrixArena.requireFits(total * Float.BYTES, "the network's " + total + " parameters");
            return new Network(inputs, dims, acts, biases, loss);
        }
    }
}
