package dante.core.train;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;

import dante.core.nn.Layer;
import dante.core.nn.Network;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;

/**
 * How a gradient becomes an update, independent of which layers train (that is the
 * {@link Schedule}'s business). A rule is plain configuration; {@link #bind} gives the
 * {@link Stepper} that owns the per-parameter state for one network, PyTorch-style.
 * Conventions follow {@code torch.optim} (momentum buffer {@code v = μv + g}).
 */
public sealed interface StepRule {

    /**
     * Learning rate η.
     *
     * @return η, the base rate a learning-rate schedule multiplies
     */
    float learningRate();

    /**
     * e.g. "sgd(lr=0.01)".
     *
     * @return the rule and its hyperparameters, one line
     */
    String describe();

    /**
     * Whether the update is along G/‖G‖_F of the whole layer (SNGD).
     *
     * @return true for SNGD and its momentum variant
     */
    default boolean normalized() { return false; }

    /**
     * The rule's state for one network (momentum buffers, Adam's moments, …), off-heap.
     *
     * @param net the network whose parameters it steps
     * @return a new stepper; close it to free the state
     */
    default Stepper bind(Network net) { return new Stepper(this, net); }

    /**
     * Plain SGD: {@code W ← W − η·G}.
     *
     * @param learningRate η
     */
    record Sgd(float learningRate) implements StepRule {
        /**
         * Checks the learning rate.
         *
         * @throws IllegalArgumentException when it is not positive and finite
         */
        public Sgd { positive("sgd", learningRate); }
        @Override public String describe() { return "sgd(lr=" + learningRate + ")"; }
    }

    /**
     * Heavy ball ({@code W ← W − η·v}) or Nesterov ({@code W ← W − η·(G + μ·v)}), with {@code v ← μ·v + G}.
     *
     * @param learningRate η
     * @param momentum μ
     * @param nesterov whether the step looks ahead (Nesterov)
     */
    record Momentum(float learningRate, float momentum, boolean nesterov) implements StepRule {
        /**
         * Checks the hyperparameters.
         *
         * @throws IllegalArgumentException naming the first that is out of range
         */
        public Momentum {
            positive("momentum", learningRate);
            unit("momentum", "momentum", momentum);
        }
        @Override public String describe() { return (nesterov ? "nesterov" : "momentum") + "(lr=" + learningRate + ", mu=" + momentum + ")"; }
    }

    /**
     * Adam with bias correction.
     *
     * @param learningRate η
     * @param beta1 the first moment's decay
     * @param beta2 the second moment's decay
     * @param epsilon added to the denominator
     */
    record Adam(float learningRate, float beta1, float beta2, float epsilon) implements StepRule {
        /**
         * Checks the hyperparameters.
         *
         * @throws IllegalArgumentException naming the first that is out of range
         */
        public Adam {
            positive("adam", learningRate);
            unit("adam", "beta1", beta1);
            unit("adam", "beta2", beta2);
            positive("adam epsilon", epsilon);
        }
        /**
         * Adam with the usual β1 = 0.9, β2 = 0.999, ε = 1e-8.
         *
         * @param learningRate the step size
         */
        public Adam(float learningRate) { this(learningRate, 0.9f, 0.999f, 1e-8f); }
        @Override public String describe() { return "adam(lr=" + learningRate + ", b1=" + beta1 + ", b2=" + beta2 + ", eps=" + epsilon + ")"; }
    }

    /**
     * Adagrad: {@code s ← s + G²; W ← W − η·G/(√s + ε)}.
     *
     * @param learningRate η
     * @param epsilon added to the denominator
     */
    record Adagrad(float learningRate, float epsilon) implements StepRule {
        /**
         * Checks the hyperparameters.
         *
         * @throws IllegalArgumentException naming the first that is out of range
         */
        public Adagrad { positive("adagrad", learningRate); positive("adagrad epsilon", epsilon); }
        /**
         * Adagrad with ε = 1e-10.
         *
         * @param learningRate the step size
         */
        public Adagrad(float learningRate) { this(learningRate, 1e-10f); }
        @Override public String describe() { return "adagrad(lr=" + learningRate + ", eps=" + epsilon + ")"; }
    }

    /**
     * RMSProp: {@code s ← α·s + (1−α)·G²; W ← W − η·G/(√s + ε)}.
     *
     * @param learningRate η
     * @param alpha the squared gradient's decay
     * @param epsilon added to the denominator
     */
    record RmsProp(float learningRate, float alpha, float epsilon) implements StepRule {
        /**
         * Checks the hyperparameters.
         *
         * @throws IllegalArgumentException naming the first that is out of range
         */
        public RmsProp { positive("rmsprop", learningRate); unit("rmsprop", "alpha", alpha); positive("rmsprop epsilon", epsilon); }
        /**
         * RMSProp with α = 0.99, ε = 1e-8.
         *
         * @param learningRate the step size
         */
        public RmsProp(float learningRate) { this(learningRate, 0.99f, 1e-8f); }
        @Override public String describe() { return "rmsprop(lr=" + learningRate + ", alpha=" + alpha + ", eps=" + epsilon + ")"; }
    }

    /**
     * SNGD's step (docs/MATH.md §3): {@code W ← W − η·G/‖G‖_F} over the layer's weight and bias together; no step when ‖G‖ = 0.
     *
     * @param learningRate η, the length of every step
     */
    record Normalized(float learningRate) implements StepRule {
        /**
         * Checks the learning rate.
         *
         * @throws IllegalArgumentException when it is not positive and finite
         */
        public Normalized { positive("normalized", learningRate); }
        @Override public boolean normalized() { return true; }
        @Override public String describe() { return "sngd(lr=" + learningRate + ")"; }
    }

    /**
     * Normalized gradient with heavy-ball momentum: {@code v ← μ·v + G/‖G‖_F; W ← W − η·v}.
     *
     * @param learningRate η
     * @param momentum μ
     */
    record NormalizedMomentum(float learningRate, float momentum) implements StepRule {
        /**
         * Checks the hyperparameters.
         *
         * @throws IllegalArgumentException naming the first that is out of range
         */
        public NormalizedMomentum { positive("normalized momentum", learningRate); unit("normalized momentum", "momentum", momentum); }
        @Override public boolean normalized() { return true; }
        @Override public String describe() { return "sngd-momentum(lr=" + learningRate + ", mu=" + momentum + ")"; }
    }

    private static void positive(String rule, float v) {
        if (!(v > 0f) || !Float.isFinite(v)) throw new IllegalArgumentException(rule + ": learning rate must be a positive number, found " + v);
    }

    private static void unit(String rule, String what, float v) {
        if (!(v >= 0f && v < 1f)) throw new IllegalArgumentException(rule + ": " + what + " must be in [0, 1), found " + v);
    }

    /**
     * A step rule bound to one network: per-parameter state in slabs laid out like the
     * parameters, and a step counter per layer. {@link #stateDict()} and
     * {@link #loadStateDict} make a resumed run continue exactly.
     */
    final class Stepper implements AutoCloseable {
        private final StepRule rule;
        private final Network net;
        private final MatrixArena arena = new MatrixArena();
        private final Map<String, MemorySegment> slabs = new LinkedHashMap<>();
        private final FloatMatrix[][] state;        // [tensor][layer] flat views
        private final long[] steps;

        Stepper(StepRule rule, Network net) {
            this.rule = rule;
            this.net = net;
            String[] names = switch (rule) {
                case Sgd s -> new String[0];
                case Normalized s -> new String[0];
                case Momentum s -> new String[] {"velocity"};
                case NormalizedMomentum s -> new String[] {"velocity"};
                case Adam s -> new String[] {"m", "v"};
                case Adagrad s -> new String[] {"sum"};
                case RmsProp s -> new String[] {"square_avg"};
            };
            state = new FloatMatrix[names.length][net.depth()];
            for (int t = 0; t < names.length; t++) {
                MemorySegment slab = arena.allocateFloats(net.parameterCount());
                slabs.put(names[t], slab);
                for (Layer l : net.layers()) state[t][l.index()] = l.flatIn(slab);
            }
            steps = new long[net.depth()];
        }

        /** {@return the rule this stepper applies} */
        public StepRule rule() { return rule; }

        /**
         * Applies one step to layer {@code l} given its gradient (weight then bias, one row)
         * whose Frobenius norm is {@code gradNorm}. Returns false when nothing changed (‖G‖ = 0 under a normalized rule).
         *
         * @param k the kernels
         * @param l the layer
         * @param g the layer's gradient
         * @param gradNorm its Frobenius norm
         * @return whether the parameters changed
         */
        public boolean step(Kernels k, int l, FloatMatrix g, double gradNorm) {
            return step(k, l, g, gradNorm, rule.learningRate());
        }

        /**
         * As {@link #step(Kernels, int, FloatMatrix, double)} with the learning rate in force
         * ({@code lr}, e.g. from a {@link LearningRateSchedule}) in place of the rule's base rate.
         * A normalized step is skipped when ‖G‖ is zero or so small (subnormal) that 1/‖G‖ would
         * overflow a float.
         *
         * @param k the kernels
         * @param l the layer
         * @param g the layer's gradient
         * @param gradNorm its Frobenius norm
         * @param lr the learning rate of this step
         * @return whether the parameters changed
         */
        public boolean step(Kernels k, int l, FloatMatrix g, double gradNorm, float lr) {
            FloatMatrix w = net.layer(l).parameters();
            switch (rule) {
                case Sgd s -> k.axpy(-lr, g, w);
                case Normalized s -> {
                    if (negligible(gradNorm, lr)) return false;
                    k.axpy((float) (-lr / gradNorm), g, w);
                }
                case Momentum s -> {
                    FloatMatrix v = state[0][l];
                    k.scale(s.momentum(), v);
                    k.axpy(1f, g, v);
                    if (s.nesterov()) {
                        k.axpy(-lr, g, w);
                        k.axpy(-lr * s.momentum(), v, w);
                    } else {
                        k.axpy(-lr, v, w);
                    }
                }
                case NormalizedMomentum s -> {
                    if (negligible(gradNorm, 1f)) return false;
                    FloatMatrix v = state[0][l];
                    k.scale(s.momentum(), v);
                    k.axpy((float) (1 / gradNorm), g, v);
                    k.axpy(-lr, v, w);
                }
                case Adam s -> adam(s, lr, w, g, state[0][l], state[1][l], steps[l] + 1);
                case Adagrad s -> adaptive(w, g, state[0][l], 1f, 1f, lr, s.epsilon());
                case RmsProp s -> adaptive(w, g, state[0][l], s.alpha(), 1f - s.alpha(), lr, s.epsilon());
            }
            steps[l]++;
            return true;
        }

        private static final java.lang.foreign.ValueLayout.OfFloat F = java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

        /** Whether 1/‖G‖ is unusable: zero, subnormal, or so small that lr/‖G‖ overflows a float. */
        static boolean negligible(double gradNorm, float lr) {
            return !(gradNorm >= Float.MIN_NORMAL) || !Float.isFinite((float) (lr / gradNorm));
        }

        private static void adam(Adam s, float lr, FloatMatrix w, FloatMatrix g, FloatMatrix m, FloatMatrix v, long t) {
            float b1 = s.beta1(), b2 = s.beta2(), eps = s.epsilon();
            double c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
            float stepSize = (float) (lr / c1), invSqrtC2 = (float) (1 / Math.sqrt(c2));
            MemorySegment ws = w.segment(), gs = g.segment(), ms = m.segment(), vs = v.segment();
            long wo = w.offset(), go = g.offset(), mo = m.offset(), vo = v.offset();
            for (int j = 0, n = w.cols(); j < n; j++) {
                float gj = gs.getAtIndex(F, go + j);
                float mj = b1 * ms.getAtIndex(F, mo + j) + (1 - b1) * gj;
                float vj = b2 * vs.getAtIndex(F, vo + j) + (1 - b2) * gj * gj;
                ms.setAtIndex(F, mo + j, mj);
                vs.setAtIndex(F, vo + j, vj);
                // torch.optim.Adam: W −= (η/c1)·m / (√v/√c2 + ε)
                ws.setAtIndex(F, wo + j, ws.getAtIndex(F, wo + j) - stepSize * mj / ((float) Math.sqrt(vj) * invSqrtC2 + eps));
            }
        }

        /** s ← decay·s + gain·G²; W ← W − η·G/(√s + ε)  (Adagrad: decay = gain = 1). */
        private static void adaptive(FloatMatrix w, FloatMatrix g, FloatMatrix s, float decay, float gain, float lr, float eps) {
            MemorySegment ws = w.segment(), gs = g.segment(), ss = s.segment();
            long wo = w.offset(), go = g.offset(), so = s.offset();
            for (int j = 0, n = w.cols(); j < n; j++) {
                float gj = gs.getAtIndex(F, go + j);
                float sj = decay * ss.getAtIndex(F, so + j) + gain * gj * gj;
                ss.setAtIndex(F, so + j, sj);
                ws.setAtIndex(F, wo + j, ws.getAtIndex(F, wo + j) - lr * gj / ((float) Math.sqrt(sj) + eps));
            }
        }

        /**
         * The per-parameter state (one array per tensor, laid out like the parameters) and the step counters.
         *
         * @return a copy of the state
         */
        public StateDict stateDict() {
            Map<String, float[]> tensors = new LinkedHashMap<>();
            int n = Math.toIntExact(net.parameterCount());
            for (Map.Entry<String, MemorySegment> e : slabs.entrySet()) {
                tensors.put(e.getKey(), FloatMatrix.of(e.getValue(), 0, 1, n, n).toArray());
            }
            return new StateDict(rule.describe(), tensors, steps.clone());
        }

        /**
         * Replaces the state with a saved one (what {@code --resume} does).
         *
         * @param d the state, from {@link #stateDict} of the same rule on the same architecture
         * @throws IllegalArgumentException when the rule, a tensor's name or its size differ, or a value is not finite
         */
        public void loadStateDict(StateDict d) {
            if (!d.rule().equals(rule.describe())) {
                throw new IllegalArgumentException("step-rule state is for " + d.rule() + " but this run uses " + rule.describe());
            }
            if (!d.tensors().keySet().equals(slabs.keySet()) || d.steps().length != steps.length) {
                throw new IllegalArgumentException("step-rule state holds " + d.tensors().keySet() + " for " + d.steps().length
                        + " layers; expected " + slabs.keySet() + " for " + steps.length);
            }
            int n = Math.toIntExact(net.parameterCount());
            for (Map.Entry<String, MemorySegment> e : slabs.entrySet()) {
                float[] t = d.tensors().get(e.getKey());
                if (t.length != n) {
                    throw new IllegalArgumentException("step-rule state tensor \"" + e.getKey() + "\" holds " + t.length + " values but the network has " + n + " parameters");
                }
                for (int i = 0; i < t.length; i++) {
                    if (!Float.isFinite(t[i])) throw new IllegalArgumentException("step-rule state tensor \"" + e.getKey() + "\" holds a non-finite value at index " + i);
                }
                FloatMatrix.of(e.getValue(), 0, 1, n, n).copyFrom(t);
            }
            System.arraycopy(d.steps(), 0, steps, 0, steps.length);
        }

        /** Forgets all state (a new phase of an alternating schedule starts the rule afresh). */
        public void reset() {
            for (MemorySegment s : slabs.values()) s.fill((byte) 0);
            java.util.Arrays.fill(steps, 0);
        }

        @Override
        public void close() { arena.close(); }
    }

    /**
     * A step rule's saved state.
     *
     * @param rule the rule's description
     * @param tensors its state tensors by name
     * @param steps its step counters
     */
    record StateDict(String rule, Map<String, float[]> tensors, long[] steps) {}
}
