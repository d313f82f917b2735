package dante.core.nn;

import java.util.Locale;

import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;

/**
 * An element-wise (or, for softmax, row-wise) activation φ with its backward pass.
 * Specs as a user types them: {@code leaky-relu}, {@code leaky-relu:0.01}, {@code relu},
 * {@code generalized-relu:A:B}, {@code sigmoid}, {@code tanh}, {@code softmax}, {@code identity}.
 */
public sealed interface Activation permits Activation.GeneralizedRelu, Activation.Sigmoid, Activation.Tanh,
        Activation.Softmax, Activation.Identity {

    /**
     * The spec that {@link #parse} turns back into this activation.
     *
     * @return the spec
     */
    String spec();

    /**
     * {@code a = φ(z)}; {@code a} may be {@code z}.
     *
     * @param k the kernels
     * @param z the pre-activation
     * @param a the output, same shape
     */
    void forward(Kernels k, FloatMatrix z, FloatMatrix a);

    /**
     * {@code dZ = φ'(z) ⊙ dA} from the pre-activation z and output a; {@code dZ} may be {@code dA}.
     *
     * @param k the kernels
     * @param z the pre-activation of the forward pass
     * @param a the forward pass's output
     * @param dA the gradient with respect to the output
     * @param dZ the gradient with respect to the pre-activation, same shape
     */
    void backward(Kernels k, FloatMatrix z, FloatMatrix a, FloatMatrix dA, FloatMatrix dZ);

    /**
     * Generalized ReLU (docs/MATH.md Def. 3): {@code a·x} for x ≤ 0, {@code b·x} for x > 0, with 0 ≤ a &lt; b; g(0) = a.
     *
     * @param a the slope for x ≤ 0
     * @param b the slope for x > 0
     */
    record GeneralizedRelu(float a, float b) implements Activation {
        /**
         * Checks the slopes.
         *
         * @throws IllegalArgumentException unless 0 ≤ a &lt; b and b is finite
         */
        public GeneralizedRelu {
            if (!(a >= 0f) || !(b > a) || !Float.isFinite(b)) {
                throw new IllegalArgumentException("generalized ReLU needs 0 ≤ a < b, found a=" + a + ", b=" + b);
            }
        }

        @Override public String spec() {
            if (a == 0f && b == 1f) return "relu";
            if (b == 1f) return "leaky-relu:" + a;
            return "generalized-relu:" + a + ":" + b;
        }

        @Override public void forward(Kernels k, FloatMatrix z, FloatMatrix out) { k.generalizedRelu(a, b, z, out); }

        @Override public void backward(Kernels k, FloatMatrix z, FloatMatrix out, FloatMatrix dA, FloatMatrix dZ) {
            k.generalizedReluBackward(a, b, z, dA, dZ);
        }
    }

    /** The logistic sigmoid 1/(1 + e^{−z}). */
    record Sigmoid() implements Activation {
        @Override public String spec() { return "sigmoid"; }
        @Override public void forward(Kernels k, FloatMatrix z, FloatMatrix a) { k.sigmoid(z, a); }
        @Override public void backward(Kernels k, FloatMatrix z, FloatMatrix a, FloatMatrix dA, FloatMatrix dZ) { k.sigmoidBackward(a, dA, dZ); }
    }

    /** The hyperbolic tangent. */
    record Tanh() implements Activation {
        @Override public String spec() { return "tanh"; }
        @Override public void forward(Kernels k, FloatMatrix z, FloatMatrix a) { k.tanh(z, a); }
        @Override public void backward(Kernels k, FloatMatrix z, FloatMatrix a, FloatMatrix dA, FloatMatrix dZ) { k.tanhBackward(a, dA, dZ); }
    }

    /** Row-wise softmax; only as the output layer under softmax cross-entropy, whose gradient is taken on the logits. */
    record Softmax() implements Activation {
        @Override public String spec() { return "softmax"; }
        @Override public void forward(Kernels k, FloatMatrix z, FloatMatrix a) { k.softmaxRows(z, a); }
        @Override public void backward(Kernels k, FloatMatrix z, FloatMatrix a, FloatMatrix dA, FloatMatrix dZ) {
            throw new IllegalStateException("softmax has no separate backward pass here: use it with softmax cross-entropy");
        }
    }

    /** No activation: the layer is linear (regression outputs). */
    record Identity() implements Activation {
        @Override public String spec() { return "identity"; }
        @Override public void forward(Kernels k, FloatMatrix z, FloatMatrix a) { if (a != z) a.copyFrom(z); }
        @Override public void backward(Kernels k, FloatMatrix z, FloatMatrix a, FloatMatrix dA, FloatMatrix dZ) { if (dZ != dA) dZ.copyFrom(dA); }
    }

    /**
     * Generalized ReLU with slopes a and b.
     *
     * @param a the slope for x ≤ 0
     * @param b the slope for x &gt; 0
     * @return the activation
     */
    static GeneralizedRelu generalizedRelu(float a, float b) { return new GeneralizedRelu(a, b); }
    /**
     * Leaky ReLU as in the paper: (a, b) = (0.01, 1).
     *
     * @return the activation
     */
    static GeneralizedRelu leakyRelu() { return new GeneralizedRelu(0.01f, 1f); }
    /**
     * Leaky ReLU with slope {@code a} for x ≤ 0.
     *
     * @param a the slope for x ≤ 0
     * @return the activation
     */
    static GeneralizedRelu leakyRelu(float a) { return new GeneralizedRelu(a, 1f); }
    /** {@return ReLU: (a, b) = (0, 1)} */
    static GeneralizedRelu relu() { return new GeneralizedRelu(0f, 1f); }
    /** {@return the logistic sigmoid} */
    static Activation sigmoid() { return new Sigmoid(); }
    /** {@return the hyperbolic tangent} */
    static Activation tanh() { return new Tanh(); }
    /** {@return row-wise softmax (output layer only)} */
    static Activation softmax() { return new Softmax(); }
    /** {@return the identity} */
    static Activation identity() { return new Identity(); }

    /**
     * Parses a spec; the message names the spec and lists what is accepted.
     *
     * @param spec e.g. "relu", "leaky-relu:0.01", "generalized-relu:0.1:2", "sigmoid", "softmax"
     * @return the activation
     * @throws IllegalArgumentException for a spec that is not one of them
     */
    static Activation parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        String[] p = s.split(":");
        try {
            switch (p[0]) {
                case "relu": if (p.length == 1) return relu(); break;
                case "leaky-relu": case "leaky_relu": case "leakyrelu":
                    if (p.length == 1) return leakyRelu();
                    if (p.length == 2) return leakyRelu(Float.parseFloat(p[1]));
                    break;
                case "generalized-relu": case "grelu":
                    if (p.length == 3) return generalizedRelu(Float.parseFloat(p[1]), Float.parseFloat(p[2]));
                    break;
                case "sigmoid": if (p.length == 1) return sigmoid(); break;
                case "tanh": if (p.length == 1) return tanh(); break;
                case "softmax": if (p.length == 1) return softmax(); break;
                case "identity": case "linear": if (p.length == 1) return identity(); break;
                default: break;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("activation '" + spec + "': slopes must be numbers");
        }
        throw new IllegalArgumentException("activation '" + spec + "': expected relu, leaky-relu[:A], generalized-relu:A:B, sigmoid, tanh, softmax or identity");
    }
}
