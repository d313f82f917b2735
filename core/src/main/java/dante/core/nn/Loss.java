package dante.core.nn;

import java.util.Locale;

import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;

/**
 * Training objectives, each a mean over the m rows of a batch:
 * MSE {@code (1/m) Σ_i ‖y_i − a_i‖²} (the paper's eq. 3–4: summed over outputs, averaged over
 * samples), binary cross-entropy on a sigmoid output, softmax cross-entropy on a softmax
 * output. The cross-entropies take their gradient on the logits (stable, no 0·∞).
 */
public enum Loss {
    /** Mean squared error, summed over outputs and averaged over examples. */
    MSE("mse"),
    /** Binary cross-entropy on a sigmoid output (its gradient taken on the logits). */
    BINARY_CROSS_ENTROPY("binary-cross-entropy"),
    /** Softmax cross-entropy on a softmax output (its gradient taken on the logits). */
    SOFTMAX_CROSS_ENTROPY("softmax-cross-entropy");

    private final String spec;

    Loss(String spec) { this.spec = spec; }

    /** {@return the name {@link #parse} reads back} */
    public String spec() { return spec; }

    /**
     * Reads a loss by name (or "bce", "ce", "cross-entropy", "softmax-ce").
     *
     * @param s the name
     * @return the loss
     * @throws IllegalArgumentException for another name
     */
    public static Loss parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        for (Loss l : values()) if (l.spec.equals(k)) return l;
        switch (k) {
            case "bce": return BINARY_CROSS_ENTROPY;
            case "ce": case "cross-entropy": case "softmax-ce": return SOFTMAX_CROSS_ENTROPY;
            default: throw new IllegalArgumentException("loss '" + s + "': expected mse, binary-cross-entropy (bce) or softmax-cross-entropy (ce)");
        }
    }

    /**
     * Throws if this loss can't sit on top of {@code output}.
     *
     * @param output the output layer's activation
     * @throws IllegalArgumentException when the pair is not supported
     */
    public void checkOutput(Activation output) {
        switch (this) {
            case MSE -> {
                if (output instanceof Activation.Softmax) {
                    throw new IllegalArgumentException("loss mse: a softmax output needs softmax-cross-entropy");
                }
            }
            case BINARY_CROSS_ENTROPY -> {
                if (!(output instanceof Activation.Sigmoid)) {
                    throw new IllegalArgumentException("loss binary-cross-entropy: the output activation must be sigmoid, found " + output.spec());
                }
            }
            case SOFTMAX_CROSS_ENTROPY -> {
                if (!(output instanceof Activation.Softmax)) {
                    throw new IllegalArgumentException("loss softmax-cross-entropy: the output activation must be softmax, found " + output.spec());
                }
            }
        }
    }

    /**
     * Returns the mean loss over the rows and, when {@code dZ} is not null, writes the
     * gradient of that mean with respect to the output layer's pre-activation z.
     *
     * @param k the kernels
     * @param act the output layer's activation
     * @param z its pre-activation
     * @param a its output
     * @param y the targets
     * @param dZ where the gradient goes, or null for the loss only
     * @return the mean loss per example
     */
    public double valueAndGradient(Kernels k, Activation act, FloatMatrix z, FloatMatrix a, FloatMatrix y, FloatMatrix dZ) {
        int m = a.rows();
        if (m == 0) return 0;
        float scale = 1f / m;
        return switch (this) {
            case MSE -> {
                double v = k.mse(a, y, scale, dZ);
                if (dZ != null) act.backward(k, z, a, dZ, dZ);
                yield v / m;
            }
            case BINARY_CROSS_ENTROPY -> k.binaryCrossEntropyWithLogits(z, y, scale, dZ) / m;
            case SOFTMAX_CROSS_ENTROPY -> k.softmaxCrossEntropy(z, y, scale, dZ) / m;
        };
    }
}
