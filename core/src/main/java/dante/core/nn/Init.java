package dante.core.nn;

import java.util.Locale;
import java.util.SplittableRandom;

/** Seeded weight initializations. Layers are filled in order from one generator, so a seed fixes every weight. */
public enum Init {
    /** Glorot/Xavier uniform: W ~ U(±√(6/(in+out))), bias 0. */
    GLOROT("glorot"),
    /** He normal: W ~ N(0, 2/in), bias 0. */
    HE("he"),
    /** PyTorch's nn.Linear default (also Torch7's): W, bias ~ U(±1/√in). */
    TORCH("torch");

    private final String spec;

    Init(String spec) { this.spec = spec; }

    /** {@return the name {@link #parse} reads back} */
    public String spec() { return spec; }

    /**
     * Reads an initialization by name (or "xavier", "pytorch", "default").
     *
     * @param s the name
     * @return the initialization
     * @throws IllegalArgumentException for another name
     */
    public static Init parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        for (Init i : values()) if (i.spec.equals(k)) return i;
        if (k.equals("xavier")) return GLOROT;
        if (k.equals("pytorch") || k.equals("default")) return TORCH;
        throw new IllegalArgumentException("init '" + s + "': expected glorot, he or torch");
    }

    /** Writes the draws straight into the slab, weights row by row then the bias (no heap copy, whatever the layer's size). */
    void fill(Layer layer, SplittableRandom rnd) {
        int in = layer.inputs(), out = layer.outputs();
        var seg = layer.weight().segment();
        long w0 = layer.weight().index(0, 0), count = (long) out * in;
        var F = java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
        switch (this) {
            case GLOROT -> {
                double lim = Math.sqrt(6.0 / (in + out));
                for (long i = 0; i < count; i++) seg.setAtIndex(F, w0 + i, (float) ((rnd.nextDouble() * 2 - 1) * lim));
                if (layer.hasBias()) for (int i = 0; i < out; i++) layer.bias().set(0, i, 0f);
            }
            case HE -> {
                double sd = Math.sqrt(2.0 / in);
                for (long i = 0; i < count; i++) seg.setAtIndex(F, w0 + i, (float) (gaussian(rnd) * sd));
                if (layer.hasBias()) for (int i = 0; i < out; i++) layer.bias().set(0, i, 0f);
            }
            case TORCH -> {
                double lim = 1 / Math.sqrt(in);
                for (long i = 0; i < count; i++) seg.setAtIndex(F, w0 + i, (float) ((rnd.nextDouble() * 2 - 1) * lim));
                if (layer.hasBias()) for (int i = 0; i < out; i++) layer.bias().set(0, i, (float) ((rnd.nextDouble() * 2 - 1) * lim));
            }
        }
    }

    /** Box–Muller on the given generator, so the sequence depends on the seed alone. */
    static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble(), v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
