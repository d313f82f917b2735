package dante.core.nn;

import java.lang.foreign.MemorySegment;

import dante.kernels.FloatMatrix;

/**
 * A dense layer {@code a = φ(x·Wᵀ + b)} with {@code weight [out, in]} and optional
 * {@code bias [out]}, as in PyTorch. Its parameters are one contiguous slice of the
 * network's slab, weight then bias, so a layer-wise step or norm is one pass.
 */
public final class Layer {
    private final int index, inputs, outputs;
    private final boolean hasBias;
    private final Activation activation;
    private final long offset;
    private final FloatMatrix weight, bias, parameters;

    Layer(int index, int inputs, int outputs, boolean hasBias, Activation activation, MemorySegment slab, long offset) {
        this.index = index;
        this.inputs = inputs;
        this.outputs = outputs;
        this.hasBias = hasBias;
        this.activation = activation;
        this.offset = offset;
        this.weight = FloatMatrix.of(slab, offset, outputs, inputs, inputs);
        this.bias = hasBias ? FloatMatrix.of(slab, offset + (long) outputs * inputs, 1, outputs, outputs) : null;
        int count = parameterCount(inputs, outputs, hasBias);
        this.parameters = FloatMatrix.of(slab, offset, 1, count, count);
    }

    static int parameterCount(int inputs, int outputs, boolean hasBias) {
        return Math.toIntExact((long) outputs * inputs + (hasBias ? outputs : 0));
    }

    /** {@return the layer's position, from 0 at the input} */
    public int index() { return index; }
    /** {@return the number of inputs} */
    public int inputs() { return inputs; }
    /** {@return the number of outputs} */
    public int outputs() { return outputs; }
    /** {@return whether the layer has a bias} */
    public boolean hasBias() { return hasBias; }
    /** {@return the activation} */
    public Activation activation() { return activation; }
    /**
     * Offset of this layer's first parameter in the slab, in floats.
     *
     * @return the offset in floats
     */
    public long offset() { return offset; }
    /** {@return the number of parameters, weights and bias} */
    public int parameterCount() { return parameters.cols(); }
    /**
     * {@code [out, in]}.
     *
     * @return the weights, a view into the network's parameters
     */
    public FloatMatrix weight() { return weight; }
    /**
     * {@code 1×out}, or null without bias.
     *
     * @return the bias, a view into the network's parameters, or null
     */
    public FloatMatrix bias() { return bias; }
    /**
     * All parameters, weight then bias, as one {@code 1×count} row.
     *
     * @return the parameters, a view
     */
    public FloatMatrix parameters() { return parameters; }

    /**
     * The same layout over another slab (gradients, step-rule state).
     *
     * @param slab a slab laid out like the network's parameters
     * @return this layer's part of it, as one row
     */
    public FloatMatrix flatIn(MemorySegment slab) { return FloatMatrix.of(slab, offset, 1, parameterCount(), parameterCount()); }
    /**
     * This layer's weights in another slab laid out like the parameters.
     *
     * @param slab the slab
     * @return an outputs×inputs view
     */
    public FloatMatrix weightIn(MemorySegment slab) { return FloatMatrix.of(slab, offset, outputs, inputs, inputs); }
    /**
     * This layer's bias in another slab laid out like the parameters.
     *
     * @param slab the slab
     * @return a 1×outputs view, or null without bias
     */
    public FloatMatrix biasIn(MemorySegment slab) {
        return hasBias ? FloatMatrix.of(slab, offset + (long) outputs * inputs, 1, outputs, outputs) : null;
    }

    @Override
    public String toString() { return "dense " + inputs + "→" + outputs + " " + activation.spec() + (hasBias ? "" : " (no bias)"); }
}
