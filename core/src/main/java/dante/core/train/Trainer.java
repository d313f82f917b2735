package dante.core.train;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dante.core.data.Dataset;
import dante.core.nn.Layer;
import dante.core.nn.Network;
import dante.core.nn.Workspace;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;

/**
 * Runs a {@link Schedule} with a {@link StepRule} on a network: seeded shuffling,
 * minibatches gathered into preallocated buffers, gradients only for the trainable layers,
 * evaluations into a {@link TrainingHistory}. While the lowest trainable layer is l > 0, the
 * frozen layers' output for the whole training set is computed once per phase and reused
 * (within a memory budget; past it, recomputed each step). A step allocates nothing.
 *
 * <p>Guard: a NaN or infinite loss or gradient stops training with a
 * {@link TrainingDivergedException} naming the epoch, step and layer; the network is put
 * back to the weights of the last evaluation, the last point known to be good.
 *
 * <p>Under a normalized rule, {@code returnBest} (default on) ends each phase with the
 * iterate of lowest minibatch loss, as Hazan's SNGD returns (MATH.md §3); off returns the last.
 */
public final class Trainer {
    private static final int EVAL_ROWS = 1024;
    private static final java.lang.foreign.ValueLayout.OfFloat F32 = java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final Network net;
    private final Dataset train, test;
    private final Kernels k;
    private final StepRule rule;
    private final Schedule schedule;
    private final int batch;
    private final long seed;
    private final int evalEverySteps;
    private final double stopAtAccuracy;
    private final long cacheBudgetBytes;
    private final boolean returnBest;
    private final long weightBudget;
    private final boolean evaluateTrainLoss;
    private final List<TrainingListener> listeners;
    private final TrainingHistory resumeHistory;
    private final StepRule.StateDict resumeState;

    private Trainer(Builder b) {
        this.net = b.net;
        this.train = b.train;
        this.test = b.test;
        this.k = b.kernels;
        this.rule = b.rule;
        this.schedule = b.schedule != null ? b.schedule : Schedule.joint(net.depth(), 1);
        this.batch = b.batch;
        this.seed = b.seed;
        this.evalEverySteps = b.evalEverySteps;
        this.stopAtAccuracy = b.stopAtAccuracy;
        this.cacheBudgetBytes = b.cacheBudgetBytes;
        this.returnBest = b.returnBest;
        this.weightBudget = b.weightBudget;
        this.evaluateTrainLoss = b.evaluateTrainLoss;
        this.listeners = List.copyOf(b.listeners);
        this.resumeHistory = b.resumeHistory;
        this.resumeState = b.resumeState;
        check(train, "training set");
        if (test != null) check(test, "test set");
    }

    private void check(Dataset d, String what) {
        if (d.featureCount() != net.inputs()) {
            throw new IllegalArgumentException(what + " " + d.name() + " has " + d.featureCount() + " features but the network takes " + net.inputs() + " inputs");
        }
        if (d.targetCount() != net.outputs()) {
            throw new IllegalArgumentException(what + " " + d.name() + " has " + d.targetCount() + " targets per example but the network has " + net.outputs() + " outputs");
        }
        if (d.size() == 0) throw new IllegalArgumentException(what + " " + d.name() + " is empty");
    }

    public static Builder builder(Network net, Dataset train) { return new Builder(net, train); }

    /** What one run did, beyond the history. */
    public record Result(TrainingHistory history, long steps, long weightsUpdated, double seconds,
                         boolean stoppedAtTarget, List<String> phaseNotes, StepRule.StateDict stepRuleState) {}

    /** Trains until the schedule ends (or the accuracy target is met) and returns the history. */
    public Result run() {
        return new Run().go();
    }

    /** Mean loss and accuracy (NaN for regression) of the network on a data set. */
    public static double[] evaluate(Kernels k, Network net, Dataset d) {
        try (Workspace ws = new Workspace(net, Math.min(EVAL_ROWS, d.size()))) {
            return evaluate(k, net, d, ws, new int[Math.min(EVAL_ROWS, d.size())]);
        }
    }

    private static double[] evaluate(Kernels k, Network net, Dataset d, Workspace ws, int[] argmax) {
        double lossSum = 0;
        long correct = 0;
        int n = d.size();
        for (int s = 0; s < n; s += ws.maxRows()) {
            int e = Math.min(n, s + ws.maxRows());
            FloatMatrix out = ws.forward(k, d.features().rowRange(s, e), 0);
            lossSum += ws.loss(k, d.targets().rowRange(s, e)) * (e - s);
            if (d.isClassification()) correct += countCorrect(k, out, d.labels(), s, argmax);
        }
        return new double[] {lossSum / n, d.isClassification() ? (double) correct / n : Double.NaN};
    }

    private static long countCorrect(Kernels k, FloatMatrix out, int[] labels, int from, int[] argmax) {
        long correct = 0;
        if (out.cols() == 1) {
            for (int i = 0; i < out.rows(); i++) if ((out.get(i, 0) > 0.5f ? 1 : 0) == labels[from + i]) correct++;
        } else {
            k.argmaxRows(out, argmax);
            for (int i = 0; i < out.rows(); i++) if (argmax[i] == labels[from + i]) correct++;
        }
        return correct;
    }

    /** The state of one run; everything the hot loop touches is preallocated here. */
    private final class Run {
        final TrainingHistory history = new TrainingHistory();
        final List<String> notes = new ArrayList<>();
        final int n = train.size(), depth = net.depth();
        final SplittableRandom rnd = new SplittableRandom(seed);
        final int[] perm = new int[n];
        final int stepsPerEpoch = (n + batch - 1) / batch;
        final MatrixArena arena = new MatrixArena();
        final int maxWidth;
        final MemorySegment xBuf;
        final FloatMatrix yFull;
        final Workspace ws, evalWs;
        final int[] argmax;
        final float[] lastGood;
        double lastGoodEpoch = 0;
        long steps, weightsUpdated;
        double seconds, epochsDone;
        boolean stop;

        Run() {
            int w = 0;
            for (Layer l : net.layers()) w = Math.max(w, l.inputs());
            maxWidth = w;
            xBuf = arena.allocateFloats((long) batch * maxWidth);
            yFull = arena.allocate(batch, net.outputs());
            ws = new Workspace(net, Math.min(batch, n));
            evalWs = new Workspace(net, Math.min(EVAL_ROWS, Math.max(n, test == null ? 1 : test.size())));
            argmax = new int[evalWs.maxRows()];
            lastGood = net.parametersToArray();
            for (int i = 0; i < n; i++) perm[i] = i;
        }

        Result go() {
            StepRule.Stepper stepper = rule.bind(net);
            try {
                int skip = 0;
                if (resumeHistory == null) {
                    record(-1, "-", 0);
                } else {
                    skip = restore(stepper);
                }
                Phase phase = null;
                while (!stop && (phase = schedule.next(phase, history)) != null) {
                    if (skip >= phase.epochs()) {          // done before the resume
                        skip -= phase.epochs();
                        continue;
                    }
                    runPhase(phase, stepper, skip);
                    skip = 0;
                }
                return new Result(history, steps, weightsUpdated, seconds, stop, List.copyOf(notes), stepper.stateDict());
            } finally {
                stepper.close();
                ws.close();
                evalWs.close();
                arena.close();
            }
        }

        /** Continues a run: its history, counters, step-rule state and the shuffles already drawn. Returns the epochs done. */
        int restore(StepRule.Stepper stepper) {
            HistoryRow last = resumeHistory.last();
            if (last == null) throw new IllegalArgumentException("cannot resume: the training history is empty");
            if (last.epoch() != Math.rint(last.epoch())) {
                throw new IllegalArgumentException("cannot resume: the history ends at epoch " + last.epoch() + ", inside an epoch; resume works from epoch boundaries");
            }
            for (HistoryRow r : resumeHistory.rows()) history.add(r);
            stepper.loadStateDict(resumeState);
            int epochs = (int) last.epoch();
            epochsDone = epochs;
            weightsUpdated = last.weightsUpdated();
            seconds = last.seconds();
            for (int e = 0; e < epochs; e++) shuffle();         // the generator where the stopped run left it
            return epochs;
        }

        void runPhase(Phase phase, StepRule.Stepper stepper, int firstEpoch) {
            int[] layers = phase.layers();
            for (int l : layers) {
                if (l < 0 || l >= depth) throw new IllegalArgumentException("phase " + phase.name() + " trains layer " + l + " but the network has layers 0.." + (depth - 1));
            }
            boolean[] mask = phase.mask(depth);
            int[] path = phase.path();
            // the first layer the step runs: below it everything is frozen during this phase
            int lowest = path != null ? path[0] : phase.lowestLayer();
            String label = phase.layerLabel(depth);
            for (TrainingListener li : listeners) li.phaseStarted(phase, (int) epochsDone);

            // Frozen-layer cache: layers below `lowest` do not change during this phase.
            FloatMatrix source = train.features();
            int from = 0, width = net.inputs();
            MatrixArena cacheArena = null;
            if (lowest > 0) {
                int cached = net.layer(lowest).inputs();
                long bytes = (long) n * cached * Float.BYTES;
                if (bytes <= cacheBudgetBytes) {
                    cacheArena = new MatrixArena();
                    source = cacheArena.allocate(n, cached);
                    width = cached;
                    long t0 = System.nanoTime();
                    for (int s = 0; s < n; s += evalWs.maxRows()) {
                        int e = Math.min(n, s + evalWs.maxRows());
                        FloatMatrix out = evalWs.forward(k, train.features().rowRange(s, e), 0, lowest - 1);
                        source.rowRange(s, e).copyFrom(out);
                    }
                    seconds += (System.nanoTime() - t0) / 1e9;
                    from = lowest;
                }
            }
            boolean best = returnBest && rule.normalized();
            float[][] bestParams = best ? new float[depth][] : null;
            double bestLoss = Double.POSITIVE_INFINITY;
            if (best) for (int l : layers) bestParams[l] = new float[net.layer(l).parameterCount()];

            FloatMatrix xFull = FloatMatrix.of(xBuf, 0, batch, width, maxWidth);
            FloatMatrix x = xFull, y = yFull;
            try {
                for (int epoch = firstEpoch; epoch < phase.epochs() && !stop; epoch++) {
                    shuffle();
                    long t0 = System.nanoTime();
                    int s = 0;
                    for (; s < stepsPerEpoch && !stop; s++) {
                        int start = s * batch, rows = Math.min(batch, n - start);
                        if (rows != x.rows()) { x = xFull.rowRange(0, rows); y = yFull.rowRange(0, rows); }
                        gather(source, width, start, rows, x, y, path == null);
                        double loss;
                        if (path == null) {
                            ws.forward(k, x, from);
                            loss = ws.backward(k, y, mask);
                        } else {
                            FloatMatrix in = from == 0 && lowest > 0 ? ws.forward(k, x, 0, lowest - 1) : x;
                            ws.forwardPath(k, in, path);
                            loss = ws.backwardPath(k, in, path, mask);     // the pair reconstructs its own input
                        }
                        if (!Double.isFinite(loss)) diverge(phase, epoch, s, label, "the minibatch loss is " + loss);
                        if (best && loss < bestLoss) {
                            bestLoss = loss;
                            for (int l : layers) {
                                MemorySegment.copy(net.slab(), F32, net.layer(l).offset() * Float.BYTES, bestParams[l], 0, bestParams[l].length);
                            }
                        }
                        for (int l : layers) {
                            FloatMatrix g = ws.gradient(l);
                            double norm = k.frobeniusNorm(g);
                            if (!Double.isFinite(norm)) diverge(phase, epoch, s, String.valueOf(l), "the gradient norm is " + norm);
                            if (stepper.step(k, l, g, norm)) weightsUpdated += net.layer(l).parameterCount();
                        }
                        steps++;
                        if (weightsUpdated >= weightBudget) stop = true;
                        if (!listeners.isEmpty()) {
                            double secs = seconds + (System.nanoTime() - t0) / 1e9;
                            var p = new TrainingListener.Progress(phase, epoch, phase.epochs(), s, stepsPerEpoch, loss, steps * (long) batch, secs);
                            for (TrainingListener li : listeners) li.stepped(p);
                        }
                        if (evalEverySteps > 0 && steps % evalEverySteps == 0) {
                            seconds += (System.nanoTime() - t0) / 1e9;
                            record(phase.index(), label, epochsDone + (s + 1.0) / stepsPerEpoch);
                            t0 = System.nanoTime();
                        }
                    }
                    seconds += (System.nanoTime() - t0) / 1e9;
                    epochsDone += s == stepsPerEpoch ? 1.0 : (double) s / stepsPerEpoch;
                    boolean phaseEnds = epoch == phase.epochs() - 1 || stop;
                    if (phaseEnds && best && bestLoss < Double.POSITIVE_INFINITY) {
                        for (int l : layers) net.layer(l).parameters().copyFrom(bestParams[l]);
                        notes.add("phase " + phase.index() + " (" + phase.name() + "): returned the best iterate (minibatch loss " + bestLoss + ")");
                    } else if (phaseEnds && rule.normalized()) {
                        notes.add("phase " + phase.index() + " (" + phase.name() + "): returned the last iterate");
                    }
                    if (evalEverySteps == 0 || phaseEnds) {
                        if (history.last().epoch() != epochsDone || phaseEnds) record(phase.index(), label, epochsDone);
                    }
                }
            } finally {
                if (cacheArena != null) cacheArena.close();
            }
        }

        void shuffle() {
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
            }
        }

        void gather(FloatMatrix source, int width, int start, int rows, FloatMatrix x, FloatMatrix y, boolean withTargets) {
            MemorySegment ss = source.segment(), ts = train.targets().segment(), xs = x.segment(), ys = y.segment();
            long wBytes = (long) width * Float.BYTES, cBytes = (long) y.cols() * Float.BYTES;
            FloatMatrix targets = train.targets();
            for (int i = 0; i < rows; i++) {
                int r = perm[start + i];
                MemorySegment.copy(ss, source.index(r, 0) * Float.BYTES, xs, x.index(i, 0) * Float.BYTES, wBytes);
                if (withTargets) MemorySegment.copy(ts, targets.index(r, 0) * Float.BYTES, ys, y.index(i, 0) * Float.BYTES, cBytes);
            }
        }

        void record(int phaseIndex, String label, double epoch) {
            double[] tr = evaluateTrainLoss ? evaluate(k, net, train, evalWs, argmax) : new double[] {Double.NaN, Double.NaN};
            double[] te = test == null ? new double[] {Double.NaN, Double.NaN} : evaluate(k, net, test, evalWs, argmax);
            HistoryRow row = new HistoryRow(epoch, phaseIndex, label, weightsUpdated, tr[0], te[0], te[1], seconds);
            history.add(row);
            if (Double.isFinite(tr[0]) || !evaluateTrainLoss) {
                MemorySegment.copy(net.slab(), F32, 0, lastGood, 0, lastGood.length);
                lastGoodEpoch = epoch;
            }
            for (TrainingListener li : listeners) li.evaluated(row);
            if (!Double.isNaN(stopAtAccuracy) && te[1] >= stopAtAccuracy) stop = true;
        }

        void diverge(Phase phase, int epochInPhase, int step, String layer, String what) {
            net.loadParameters(lastGood);
            throw new TrainingDivergedException(String.format(
                    "training diverged at epoch %d, step %d of phase %d (%s, layer %s): %s; the network holds the weights of the last good evaluation (epoch %s). Try a smaller learning rate.",
                    (int) epochsDone + 1, step + 1, phase.index(), phase.name(), layer, what, fmtEpoch(lastGoodEpoch)), history);
        }
    }

    private static String fmtEpoch(double e) { return e == Math.rint(e) ? String.valueOf((long) e) : String.format("%.2f", e); }

    /** Configuration; every setter checks its argument. */
    public static final class Builder {
        private final Network net;
        private final Dataset train;
        private Dataset test;
        private Kernels kernels = Kernels.best();
        private StepRule rule = new StepRule.Sgd(0.01f);
        private Schedule schedule;
        private int batch = 64;
        private long seed = 0;
        private int evalEverySteps = 0;
        private double stopAtAccuracy = Double.NaN;
        private long cacheBudgetBytes = 1L << 30;
        private boolean returnBest = true;
        private long weightBudget = Long.MAX_VALUE;
        private boolean evaluateTrainLoss = true;
        private TrainingHistory resumeHistory;
        private StepRule.StateDict resumeState;
        private final List<TrainingListener> listeners = new ArrayList<>();

        Builder(Network net, Dataset train) { this.net = net; this.train = train; }

        public Builder test(Dataset test) { this.test = test; return this; }
        public Builder kernels(Kernels k) { this.kernels = k; return this; }
        public Builder stepRule(StepRule r) { this.rule = r; return this; }
        public Builder schedule(Schedule s) { this.schedule = s; return this; }
        public Builder seed(long s) { this.seed = s; return this; }
        public Builder returnBest(boolean b) { this.returnBest = b; return this; }
        public Builder listener(TrainingListener l) { this.listeners.add(l); return this; }

        public Builder batchSize(int b) {
            if (b < 1) throw new IllegalArgumentException("batch size must be at least 1, found " + b);
            this.batch = b;
            return this;
        }

        /** Evaluate every {@code steps} steps (and at each phase's end); 0 means once per epoch. */
        public Builder evaluateEverySteps(int steps) {
            if (steps < 0) throw new IllegalArgumentException("evaluation interval must be ≥ 0 steps, found " + steps);
            this.evalEverySteps = steps;
            return this;
        }

        /** Stop once test accuracy reaches this value (needs a test set). */
        public Builder stopAtAccuracy(double acc) {
            if (!(acc > 0 && acc <= 1)) throw new IllegalArgumentException("target accuracy must be in (0, 1], found " + acc);
            this.stopAtAccuracy = acc;
            return this;
        }

        /** Memory the frozen-layer cache may use; 0 disables it (the frozen layers are then recomputed every step). */
        public Builder cacheBudgetBytes(long bytes) {
            if (bytes < 0) throw new IllegalArgumentException("cache budget must be ≥ 0 bytes, found " + bytes);
            this.cacheBudgetBytes = bytes;
            return this;
        }

        /** Stop once this many scalar weight updates have been made (the paper's x-axis budget). */
        public Builder stopAtWeightsUpdated(long budget) {
            if (budget < 1) throw new IllegalArgumentException("weights-updated budget must be at least 1, found " + budget);
            this.weightBudget = budget;
            return this;
        }

        /** Whether evaluations compute the loss over the whole training set (default on; off leaves train_loss empty). */
        public Builder evaluateTrainLoss(boolean on) { this.evaluateTrainLoss = on; return this; }

        /**
         * Continue a run that stopped at an epoch boundary: the network must hold its saved
         * weights; {@code history} and {@code state} are what it wrote. With the same seed,
         * schedule and rule, the result is the one an uninterrupted run gives (exactly, at
         * phase boundaries; inside a phase of a normalized rule, the best-iterate search
         * restarts at the resume).
         */
        public Builder resume(TrainingHistory history, StepRule.StateDict state) {
            this.resumeHistory = java.util.Objects.requireNonNull(history, "history");
            this.resumeState = java.util.Objects.requireNonNull(state, "state");
            return this;
        }

        public Trainer build() { return new Trainer(this); }
    }
}
