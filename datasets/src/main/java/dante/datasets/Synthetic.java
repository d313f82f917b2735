package dante.datasets;

import java.util.SplittableRandom;

import dante.core.data.Dataset;
import dante.core.nn.Activation;
import dante.core.nn.Network;
import dante.core.nn.Workspace;
import dante.kernels.Kernels;

/**
 * Seeded synthetic tasks: the idealized and noisy GLMs of the paper (docs/MATH.md Def. 2: x in
 * the unit ball, y = φ(⟨w*, x⟩) with ‖w*‖ = W, plus bounded noise), a planted teacher MLP,
 * and two spirals.
 */
public final class Synthetic {
    private Synthetic() {}

    /**
     * A GLM task and the w* that generated it.
     *
     * @param data the inputs and targets
     * @param wStar the generating weights
     */
    public record Glm(Dataset data, double[] wStar) {}

    /** x uniform in the unit ball of R^d. */
    static double[] unitBall(SplittableRandom r, int d) {
        double[] v = new double[d];
        double norm = 0;
        for (int j = 0; j < d; j++) { v[j] = Gaussian.next(r); norm += v[j] * v[j]; }
        double radius = Math.pow(r.nextDouble(), 1.0 / d) / Math.sqrt(norm);
        for (int j = 0; j < d; j++) v[j] *= radius;
        return v;
    }

    /**
     * y = φ(⟨w*, x⟩) + ξ with φ = generalized ReLU (a, b), ‖w*‖ = W, ξ uniform in [−noise, noise] (0: idealized).
     *
     * @param n the number of examples
     * @param d the dimension
     * @param W ‖w*‖
     * @param a the activation's slope for x ≤ 0
     * @param b its slope for x &gt; 0
     * @param noise the noise's half-width
     * @param seed the generator's seed
     * @return the task
     */
    public static Glm glm(int n, int d, double W, float a, float b, double noise, long seed) {
        if (n < 1 || d < 1) throw new IllegalArgumentException("glm: n and d must be at least 1, found n=" + n + ", d=" + d);
        if (!(W > 0) || !(noise >= 0)) throw new IllegalArgumentException("glm: need W > 0 and noise ≥ 0, found W=" + W + ", noise=" + noise);
        new Activation.GeneralizedRelu(a, b);                       // checks 0 ≤ a < b
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[d];
        double norm = 0;
        for (int j = 0; j < d; j++) { w[j] = Gaussian.next(r); norm += w[j] * w[j]; }
        for (int j = 0; j < d; j++) w[j] *= W / Math.sqrt(norm);
        float[] x = new float[n * d], y = new float[n];
        for (int i = 0; i < n; i++) {
            double[] xi = unitBall(r, d);
            double s = 0;
            for (int j = 0; j < d; j++) { x[i * d + j] = (float) xi[j]; s += w[j] * x[i * d + j]; }
            double phi = s > 0 ? b * s : a * s;
            y[i] = (float) (phi + (noise > 0 ? (2 * r.nextDouble() - 1) * noise : 0));
        }
        return new Glm(Dataset.regression(noise > 0 ? "noisy-glm" : "glm", x, n, d, y, 1), w);
    }

    /**
     * Inputs in the unit ball through a planted teacher network (He-initialized from {@code seed},
     * Leaky-ReLU hidden layers): regression targets are its outputs; classification labels are their argmax.
     *
     * @param n the number of examples
     * @param sizes the teacher's layer sizes, inputs first
     * @param classification whether to label by argmax
     * @param seed the generator's seed
     * @return the data set
     */
    public static Dataset teacher(int n, int[] sizes, boolean classification, long seed) {
        if (sizes.length < 2) throw new IllegalArgumentException("teacher: sizes need an input and an output, found " + sizes.length);
        Network.Builder nb = Network.builder(sizes[0]);
        for (int i = 1; i < sizes.length; i++) nb.dense(sizes[i], i == sizes.length - 1 ? Activation.identity() : Activation.leakyRelu());
        SplittableRandom r = new SplittableRandom(seed + 1);
        int d = sizes[0], c = sizes[sizes.length - 1];
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            double[] v = unitBall(r, d);
            for (int j = 0; j < d; j++) x[i * d + j] = (float) v[j];
        }
        try (Network t = nb.build().initialize(dante.core.nn.Init.HE, seed); Dataset in = Dataset.regression("x", x, n, d, new float[n * c], c);
             Workspace ws = new Workspace(t, Math.min(n, 4096))) {
            float[] y = new float[n * c];
            for (int s = 0; s < n; s += ws.maxRows()) {
                int e = Math.min(n, s + ws.maxRows());
                float[] out = ws.forward(Kernels.best(), in.features().rowRange(s, e), 0).toArray();
                System.arraycopy(out, 0, y, s * c, out.length);
            }
            if (!classification) return Dataset.regression("teacher", x, n, d, y, c);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int k = 1; k < c; k++) if (y[i * c + k] > y[i * c + best]) best = k;
                labels[i] = best;
            }
            return Dataset.classification("teacher", x, n, d, labels, c);
        }
    }

    /**
     * The command line's {@code --data teacher}: 20 inputs in the unit ball, 4 classes chosen by
     * a fixed 20-32-4 Leaky-ReLU teacher (its weights drawn once, from {@code java.util.Random(2024)},
     * the inputs from {@code seed}); small enough to train in seconds, hard enough to separate methods.
     *
     * @param n the number of examples
     * @param seed the inputs' seed
     * @return a four-class data set in 20 dimensions
     */
    public static Dataset ballTeacher(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        int d = 20, h = 32, c = 4;
        java.util.Random t = new java.util.Random(2024);
        double[] w1 = new double[h * d], w2 = new double[c * h];
        for (int i = 0; i < w1.length; i++) w1[i] = t.nextGaussian() * Math.sqrt(2.0 / d);
        for (int i = 0; i < w2.length; i++) w2[i] = t.nextGaussian() * Math.sqrt(2.0 / h);
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) { x[i * d + j] = (float) r.nextGaussian(); norm += x[i * d + j] * x[i * d + j]; }
            double scale = Math.pow(r.nextDouble(), 1.0 / d) / Math.sqrt(norm);
            for (int j = 0; j < d; j++) x[i * d + j] *= (float) scale;
            double[] hid = new double[h];
            for (int k = 0; k < h; k++) {
                double s = 0;
                for (int j = 0; j < d; j++) s += w1[k * d + j] * x[i * d + j];
                hid[k] = s > 0 ? s : 0.01 * s;
            }
            int best = 0;
            double bv = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                double s = 0;
                for (int j = 0; j < h; j++) s += w2[k * h + j] * hid[j];
                if (s > bv) { bv = s; best = k; }
            }
            y[i] = best;
        }
        return Dataset.classification("teacher", x, n, d, y, c);
    }

    /**
     * Two interleaved spirals in the plane, n/2 points each, with Gaussian jitter.
     *
     * @param n the number of points
     * @param noise the jitter's standard deviation
     * @param seed the generator's seed
     * @return a two-class data set in two dimensions
     */
    public static Dataset twoSpirals(int n, double noise, long seed) {
        if (n < 2) throw new IllegalArgumentException("two spirals: n must be at least 2, found " + n);
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int cls = i % 2;
            double t = 0.25 + 3.5 * Math.PI * r.nextDouble();
            double rad = t / (3.75 * Math.PI);
            double angle = t + cls * Math.PI;
            x[2 * i] = (float) (rad * Math.cos(angle) + noise * Gaussian.next(r));
            x[2 * i + 1] = (float) (rad * Math.sin(angle) + noise * Gaussian.next(r));
            y[i] = cls;
        }
        return Dataset.classification("two-spirals", x, n, 2, y, 2);
    }

    /** Box–Muller on a seeded generator. */
    static final class Gaussian {
        private Gaussian() {}

        static double next(SplittableRandom r) {
            double u = 1 - r.nextDouble(), v = r.nextDouble();
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
    }
}
