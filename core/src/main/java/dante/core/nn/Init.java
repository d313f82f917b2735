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

    public String spec() { return spec; }

    public static Init parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        for (Init i : values()) if (i.spec.equals(k)) return i;
        if (k.equals("xavier")) return GLOROT;
        if (k.equals("pytorch") || k.equals("default")) return TORCH;
        throw new IllegalArgumentException("init '" + s + "': expected glorot, he or torch");
    }

    void fill(Layer layer, SplittableRandom rnd) {
        int in = layer.inputs(), out = layer.outputs();
        float[] w = new float[out * in];
        float[] b = new float[layer.hasBias() ? out : 0];
        switch (this) {
            case GLOROT -> {
                double lim = Math.sqrt(6.0 / (in + out));
                for (int i = 0; i < w.length; i++) w[i] = (float) ((rnd.nextDouble() * 2 - 1) * lim);
            }
            case HE -> {
                double sd = Math.sqrt(2.0 / in);
                for (int i = 0; i < w.length; i++) w[i] = (float) (gaussian(rnd) * sd);
            }
            case TORCH -> {
                double lim = 1 / Math.sqrt(in);
                for (int i = 0; i < w.length; i++) w[i] = (float) ((rnd.nextDouble() * 2 - 1) * lim);
                for (int i = 0; i < b.length; i++) b[i] = (float) ((rnd.nextDouble() * 2 - 1) * lim);
            }
        }
        layer.weight().copyFrom(w);
        if (layer.hasBias()) layer.bias().copyFrom(b);
    }

    /** Box–Muller on the given generator, so the sequence depends on the seed alone. */
    static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble(), v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
