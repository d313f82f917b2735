package dante.core.train;

import java.lang.foreign.MemorySegment;

import dante.core.nn.Activation;
import dante.core.nn.Layer;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;
import dante.kernels.Transpose;

/**
 * One run of Taylor et al.'s ADMM (see {@link AuxiliaryTrainer.Admm}). Rows are examples:
 * {@code a_{−1} = X} (n × d₀), and for each hidden layer l the pre-activations {@code z_l}
 * and activations {@code a_l} (n × d_l) are variables of their own; the output layer has
 * {@code z_L} and the multiplier {@code λ} (n × outputs). The constraints are
 * {@code z_l = a_{l−1}·W_lᵀ + b_l} (penalty β) and {@code a_l = h(z_l)} (penalty γ). The
 * variables start from the network's forward pass (its initial weights), λ from 0.
 *
 * <p>Each sub-problem is a static method below, so a test can check it against its closed
 * form in double. The first layer's Gram matrix does not change (its input is the data), so
 * it is factored once.
 */
final class AdmmRun extends AuxiliaryTrainer.Run {
    private static final java.lang.foreign.ValueLayout.OfFloat F32 = java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
    private final AuxiliaryTrainer.Admm p;
    private final int depth, n;
    private final MatrixArena arena = new MatrixArena();
    private final FloatMatrix x, y;
    private final FloatMatrix[] z, a;            // hidden layers: pre-activations and activations; z[depth−1] is the output's
    private final FloatMatrix lambda, m;         // the multiplier; W·a + b for the layer at hand (n × widest)
    private final Scratch scratch;
    private final FloatMatrix firstGram;         // the first layer's factored Gram matrix, reused every iteration

    AdmmRun(AuxiliaryTrainer t, AuxiliaryTrainer.Admm p, BudgetPlan plan) {
        super(t, plan);
        this.p = p;
        Network net = t.net;
        depth = net.depth();
        n = t.train.size();
        x = t.train.features();
        y = t.train.targets();
        int widest = 0, widestIn = 0;
        for (Layer l : net.layers()) {
            widest = Math.max(widest, l.outputs());
            widestIn = Math.max(widestIn, l.inputs());
        }
        z = new FloatMatrix[depth];
        a = new FloatMatrix[depth];
        for (int l = 0; l < depth; l++) {
            z[l] = arena.allocate(n, net.layer(l).outputs());
            if (l < depth - 1) a[l] = arena.allocate(n, net.layer(l).outputs());
        }
        lambda = arena.allocate(n, net.outputs());
        m = arena.allocate(n, widest);
        scratch = new Scratch(arena, widestIn, widest);
        firstGram = arena.allocate(net.inputs() + (net.layer(0).hasBias() ? 1 : 0), net.inputs() + (net.layer(0).hasBias() ? 1 : 0));
        lr = p.beta();
    }

    /** Refuses, in one line each, a network the closed forms do not cover and variables on {@code n} examples the machine cannot hold. */
    static void check(Network net, int n) {
        requireSupported(net);
        long floats = 0;
        int widest = 0, widestIn = 0;
        for (Layer l : net.layers()) {
            floats += 2L * n * l.outputs();
            widest = Math.max(widest, l.outputs());
            widestIn = Math.max(widestIn, l.inputs());
        }
        floats += (long) n * net.outputs() + (long) n * widest + (long) (widestIn + 1) * (widestIn + 1) * 2 + (long) widest * (widestIn + 1) * 2;
        MatrixArena.requireFits(floats * Float.BYTES, "ADMM on " + n + " examples (every example's activations are variables), " + net.sizes().replace(',', '-'));
    }

    /** Refuses, in one line, what the closed forms do not cover. */
    static void requireSupported(Network net) {
        for (int l = 0; l < net.depth() - 1; l++) {
            Activation h = net.layer(l).activation();
            if (!(h instanceof Activation.GeneralizedRelu || h instanceof Activation.Identity)) {
                throw new IllegalArgumentException("admm: hidden layer " + l + " has activation " + h.spec()
                        + "; Taylor et al.'s closed-form z-update needs a piecewise-linear activation (relu, leaky-relu, generalized ReLU or identity)");
            }
        }
        Activation out = net.layer(net.depth() - 1).activation();
        boolean ok = switch (net.loss()) {
            case MSE -> out instanceof Activation.Identity;
            case SOFTMAX_CROSS_ENTROPY -> out instanceof Activation.Softmax;
            case BINARY_CROSS_ENTROPY -> out instanceof Activation.Sigmoid;
        };
        if (!ok) {
            throw new IllegalArgumentException("admm: the output layer under " + net.loss().spec() + " must be "
                    + (net.loss() == Loss.MSE ? "linear (identity; --output-activation identity)" : "the loss's own (softmax or sigmoid)") + ", found " + out.spec());
        }
    }

    Trainer.Result go() {
        try {
            long t0 = System.nanoTime();
            solving(this::initialize);
            seconds += (System.nanoTime() - t0) / 1e9;
            record(0);
            for (TrainingListener li : listeners) li.phaseStarted(phase, 0);
            for (int it = 1; it <= t.epochs && !stop; it++) {
                t0 = System.nanoTime();
                boolean multiplier = it > p.warmStart();
                solving(() -> iterate(multiplier));
                double secs = (System.nanoTime() - t0) / 1e9;
                seconds += secs;
                epochsDone = it;
                stepped(Double.NaN, 0, 1, it - 1, (long) it * n, seconds);
                afterEpoch(it == t.epochs || stop);
            }
            for (TrainingListener li : listeners) li.phaseEnded(phase, new TrainingListener.IterateChoice(IterateRule.LAST, steps, steps, Double.NaN));
            notes.add("admm: " + steps + " iterations of " + p.describe() + ", the multiplier moving from iteration " + (p.warmStart() + 1));
            return result(null);
        } finally {
            arena.close();
            closeRecorder();
        }
    }

    @Override
    String remedy() { return ""; }          // no learning rate: the messages name ADMM's own remedies

    /** Runs a step whose linear systems may turn out singular: that ends the run as a divergence, with the last good weights, naming the remedy. */
    private void solving(Runnable step) {
        try {
            step.run();
        } catch (ArithmeticException e) {
            throw diverged("a least-squares system is singular (" + e.getMessage() + "); --admm-ridge (now " + p.ridge() + ") keeps them definite");
        }
    }

    /** The variables from a forward pass of the network as it stands. */
    private void initialize() {
        FloatMatrix in = x;
        for (int l = 0; l < depth; l++) {
            Layer layer = net.layer(l);
            affine(k, in, layer, z[l]);
            if (l < depth - 1) {
                layer.activation().forward(k, z[l], a[l]);
                in = a[l];
            }
        }
        lambda.fill(0f);
        Layer first = net.layer(0);
        gram(k, x, first.hasBias(), firstGram, p.ridge());
        k.cholesky(firstGram);
    }

    /** One iteration of Algorithm 1 of Taylor et al.; {@code multiplier} false during the warm start. */
    private void iterate(boolean multiplier) {
        float beta = (float) p.beta(), gamma = (float) p.gamma();
        for (int l = 0; l < depth - 1; l++) {
            FloatMatrix in = l == 0 ? x : a[l - 1];
            Layer layer = net.layer(l);
            weightUpdate(k, in, z[l], layer, p.ridge(), l == 0 ? firstGram : null, scratch);
            Layer next = net.layer(l + 1);
            activationUpdate(k, z[l + 1], next, z[l], layer.activation(), beta, gamma, a[l], scratch);
            FloatMatrix mv = m.view(0, 0, n, layer.outputs());
            affine(k, in, layer, mv);
            Activation.GeneralizedRelu h = slopes(layer.activation());
            hiddenUpdate(a[l], mv, h.a(), h.b(), beta, gamma, z[l]);
            finite(z[l], "the pre-activations of layer " + l);
        }
        int last = depth - 1;
        Layer out = net.layer(last);
        FloatMatrix in = last == 0 ? x : a[last - 1];
        weightUpdate(k, in, z[last], out, p.ridge(), last == 0 ? firstGram : null, scratch);
        FloatMatrix mv = m.view(0, 0, n, out.outputs());
        affine(k, in, out, mv);
        outputUpdate(net.loss(), y, lambda, mv, beta, p.outputSteps(), z[last]);
        finite(z[last], "the output pre-activations");
        if (multiplier) multiplierUpdate(k, lambda, z[last], mv, beta);
        finite(lambda, "the multiplier");
    }

    private void finite(FloatMatrix v, String what) {
        MemorySegment s = v.segment();
        for (int i = 0; i < v.rows(); i++) {
            long b = v.index(i, 0);
            for (int j = 0; j < v.cols(); j++) {
                float f = s.getAtIndex(F32, b + j);
                if (!Float.isFinite(f)) throw diverged(what + " hold " + f + " (row " + i + ", column " + j + ")");
            }
        }
        for (Layer l : net.layers()) {
            float[] w = l.parameters().toArray();
            for (float f : w) if (!Float.isFinite(f)) throw diverged("layer " + l.index() + "'s least-squares weights hold " + f);
        }
    }

    // ------------------------------------------------------------------ the sub-problems

    /** Buffers of the least-squares and activation solves, sized for the widest layer. */
    static final class Scratch {
        final FloatMatrix gram, rhs, ww, sums;

        Scratch(MatrixArena arena, int widestIn, int widestOut) {
            gram = arena.allocate(widestIn + 1, widestIn + 1);
            rhs = arena.allocate(widestOut, widestIn + 1);
            ww = arena.allocate(widestIn + 1, widestIn + 1);
            sums = arena.allocate(1, Math.max(widestIn, widestOut) + 1);
        }
    }

    /** {@code out = in·Wᵀ + b}. */
    static void affine(Kernels k, FloatMatrix in, Layer layer, FloatMatrix out) {
        k.gemm(Transpose.N, Transpose.T, 1f, in, layer.weight(), 0f, out);
        if (layer.hasBias()) k.addRowVector(layer.bias(), out);
    }

    /**
     * The lower triangle of {@code Ãᵀ·Ã + ρ·mean(diag)·I} into {@code g} (d or d + 1 square),
     * {@code Ã = [A, 1]} with the bias (the ones column is never formed: its products are A's
     * column sums and n).
     */
    static void gram(Kernels k, FloatMatrix in, boolean bias, FloatMatrix g, double ridge) {
        int d = in.cols();
        k.gemm(Transpose.T, Transpose.N, 1f, in, in, 0f, g.view(0, 0, d, d));
        if (bias) {
            k.columnSums(1f, in, 0f, g.view(d, 0, 1, d));
            g.set(d, d, in.rows());
        }
        int size = g.rows();
        double trace = 0;
        for (int i = 0; i < size; i++) trace += g.get(i, i);
        float add = (float) (ridge * Math.max(trace / size, Float.MIN_NORMAL));
        if (add > 0) for (int i = 0; i < size; i++) g.set(i, i, g.get(i, i) + add);
    }

    /**
     * {@code [W | b] ← argmin ‖Z − A·Wᵀ − 1·bᵀ‖² + ρ‖[W | b]‖²} by the normal equations:
     * the rows of {@code Zᵀ·Ã} are right-hand sides of the Cholesky-factored Gram matrix.
     * {@code factored} is the Gram matrix already factored (or null to build it in scratch).
     */
    static void weightUpdate(Kernels k, FloatMatrix in, FloatMatrix target, Layer layer, double ridge, FloatMatrix factored, Scratch s) {
        int d = in.cols(), size = d + (layer.hasBias() ? 1 : 0), out = layer.outputs();
        FloatMatrix g = factored;
        if (g == null) {
            g = s.gram.view(0, 0, size, size);
            gram(k, in, layer.hasBias(), g, ridge);
            k.cholesky(g);
        }
        FloatMatrix r = s.rhs.view(0, 0, out, size);
        k.gemm(Transpose.T, Transpose.N, 1f, target, in, 0f, r.view(0, 0, out, d));
        if (layer.hasBias()) {
            FloatMatrix sums = s.sums.view(0, 0, 1, out);
            k.columnSums(1f, target, 0f, sums);
            for (int i = 0; i < out; i++) r.set(i, d, sums.get(0, i));
        }
        k.choleskySolve(g, r);
        layer.weight().copyFrom(r.view(0, 0, out, d));
        if (layer.hasBias()) for (int i = 0; i < out; i++) layer.bias().set(0, i, r.get(i, d));
    }

    /**
     * {@code a ← argmin β‖Z_next − a·W_nextᵀ − 1·b_nextᵀ‖² + γ‖a − h(Z)‖²}: every row solves
     * {@code a·(β·W_nextᵀW_next + γI) = β·(z_next − b_next)·W_next + γ·h(z)}.
     */
    static void activationUpdate(Kernels k, FloatMatrix zNext, Layer next, FloatMatrix zThis, Activation h, float beta, float gamma,
                                 FloatMatrix out, Scratch s) {
        int d = next.inputs();
        FloatMatrix mm = s.ww.view(0, 0, d, d);
        k.gemm(Transpose.T, Transpose.N, beta, next.weight(), next.weight(), 0f, mm);
        for (int i = 0; i < d; i++) mm.set(i, i, mm.get(i, i) + gamma);
        k.cholesky(mm);
        h.forward(k, zThis, out);
        k.scale(gamma, out);
        k.gemm(Transpose.N, Transpose.N, beta, zNext, next.weight(), 1f, out);
        if (next.hasBias()) {
            FloatMatrix bw = s.sums.view(0, 0, 1, d);
            k.gemm(Transpose.N, Transpose.N, -beta, next.bias(), next.weight(), 0f, bw);
            k.addRowVector(bw, out);
        }
        k.choleskySolve(mm, out);
    }

    /** The slopes of a piecewise-linear activation (identity: 1 and 1). */
    static Activation.GeneralizedRelu slopes(Activation h) {
        return h instanceof Activation.GeneralizedRelu g ? g : new Activation.GeneralizedRelu(1f, 1f);
    }

    /**
     * Entry by entry, {@code z ← argmin γ(a − h(z))² + β(z − m)²} for h with slope
     * {@code sNeg} on z ≤ 0 and {@code sPos} on z > 0: the minimizer on each side is a
     * clipped ratio, and the lower of the two wins (ties to the non-positive side).
     */
    static void hiddenUpdate(FloatMatrix act, FloatMatrix m, float sNeg, float sPos, float beta, float gamma, FloatMatrix z) {
        MemorySegment as = act.segment(), ms = m.segment(), zs = z.segment();
        double dn = (double) gamma * sNeg * sNeg + beta, dp = (double) gamma * sPos * sPos + beta;
        for (int i = 0; i < z.rows(); i++) {
            long ab = act.index(i, 0), mb = m.index(i, 0), zb = z.index(i, 0);
            for (int j = 0; j < z.cols(); j++) {
                double av = as.getAtIndex(F32, ab + j), mv = ms.getAtIndex(F32, mb + j);
                double zn = Math.min(0, (gamma * sNeg * av + beta * mv) / dn);
                double zp = Math.max(0, (gamma * sPos * av + beta * mv) / dp);
                double fn = gamma * sq(av - sNeg * zn) + beta * sq(zn - mv);
                double fp = gamma * sq(av - sPos * zp) + beta * sq(zp - mv);
                zs.setAtIndex(F32, zb + j, (float) (fn <= fp ? zn : zp));
            }
        }
    }

    private static double sq(double v) { return v * v; }

    /**
     * Row by row, {@code z ← argmin ℓ(z, y) + ⟨λ, z⟩ + β‖z − m‖²}: under MSE
     * ({@code ℓ = ‖z − y‖²}) the closed form {@code (2y − λ + 2βm)/(2 + 2β)}; under the
     * cross-entropies (on logits, strongly convex with the β term) {@code steps} gradient
     * steps of size {@code 1/(c + 2β)} from the current z, c bounding the loss's curvature
     * (1/2 for softmax, 1/4 for the sigmoid).
     */
    static void outputUpdate(Loss loss, FloatMatrix y, FloatMatrix lambda, FloatMatrix m, float beta, int steps, FloatMatrix z) {
        int c = z.cols();
        double[] row = new double[c], p = new double[c];
        for (int i = 0; i < z.rows(); i++) {
            switch (loss) {
                case MSE -> {
                    for (int j = 0; j < c; j++) {
                        z.set(i, j, (float) ((2.0 * y.get(i, j) - lambda.get(i, j) + 2.0 * beta * m.get(i, j)) / (2 + 2.0 * beta)));
                    }
                }
                case SOFTMAX_CROSS_ENTROPY, BINARY_CROSS_ENTROPY -> {
                    boolean softmax = loss == Loss.SOFTMAX_CROSS_ENTROPY;
                    double step = 1 / ((softmax ? 0.5 : 0.25) + 2.0 * beta);
                    for (int j = 0; j < c; j++) row[j] = z.get(i, j);
                    for (int s = 0; s < steps; s++) {
                        probabilities(row, p, softmax);
                        for (int j = 0; j < c; j++) {
                            double g = p[j] - y.get(i, j) + lambda.get(i, j) + 2.0 * beta * (row[j] - m.get(i, j));
                            row[j] -= step * g;
                        }
                    }
                    for (int j = 0; j < c; j++) z.set(i, j, (float) row[j]);
                }
            }
        }
    }

    /** Softmax of the row (max subtracted), or the element-wise sigmoid. */
    static void probabilities(double[] z, double[] p, boolean softmax) {
        if (softmax) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (double v : z) max = Math.max(max, v);
            for (int j = 0; j < z.length; j++) { p[j] = Math.exp(z[j] - max); sum += p[j]; }
            for (int j = 0; j < z.length; j++) p[j] /= sum;
        } else {
            for (int j = 0; j < z.length; j++) p[j] = z[j] >= 0 ? 1 / (1 + Math.exp(-z[j])) : Math.exp(z[j]) / (1 + Math.exp(z[j]));
        }
    }

    /** {@code λ ← λ + β(z − m)}. */
    static void multiplierUpdate(Kernels k, FloatMatrix lambda, FloatMatrix z, FloatMatrix m, float beta) {
        k.axpy(beta, z, lambda);
        k.axpy(-beta, m, lambda);
    }
}
