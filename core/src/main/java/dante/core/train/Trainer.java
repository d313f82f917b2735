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
 * the learning rate from a {@link LearningRateSchedule}, evaluations (training loss,
 * validation and test metrics) into a {@link TrainingHistory}. While the lowest trainable
 * layer is l > 0, the frozen layers' output for the whole training set is computed once per
 * phase and reused (within a memory budget; past it, recomputed each step). A step allocates
 * nothing.
 *
 * <p>Each phase is a fresh run of Algorithm 1: the step rule's state (momentum, Adam moments)
 * starts afresh unless {@code carryState} is set; under a normalized rule the phase returns
 * the iterate its {@link IterateRule} picks (default: the last, as DANTE's Algorithm 1).
 *
 * <p>Evaluations happen once per epoch, every N steps, or at K points evenly spaced in
 * weights updated over the run's planned budget (identical for every method given the same
 * budget, so "at 25 % of the budget" means exactly that, to within one step).
 *
 * <p>Guard: a NaN or infinite loss or gradient stops training with a
 * {@link TrainingDivergedException} naming the epoch, step and layer; the network is put
 * back to the weights of the last evaluation, the last point known to be good.
 */
public final class Trainer {
    private static final int EVAL_ROWS = 1024;
    /** An evaluated loss this many times its initial value (and above this many times 1) is a divergence, though finite. */
    private static final double RUNAWAY = 1e4;

    private final Network net;
    private final Dataset train, validation, test;
    private final DistributedRows remote;
    private final Kernels k;
    private final StepRule rule;
    private final LearningRateSchedule lrSchedule;
    private final Schedule schedule;
    private final IterateRule iterate;
    private final int batch;
    private final long seed;
    private final int evalEverySteps, evalPoints, probeSize, probeEvery;
    private final double stopAtAccuracy;
    private final long cacheBudgetBytes;
    private final boolean carryState;
    private final long weightBudget;
    private final boolean evaluateTrainLoss;
    private final List<TrainingListener> listeners;
    private final Checkpoint resumeFrom;
    private final Checkpoint.Sink checkpointSink;
    private final int checkpointEvery;

    private Trainer(Builder b) {
        this.net = b.net;
        this.train = b.train;
        this.remote = b.remote;
        this.validation = b.validation;
        this.test = b.test;
        this.k = b.kernels;
        this.rule = b.rule;
        this.lrSchedule = b.lrSchedule;
        this.schedule = b.schedule != null ? b.schedule : Schedule.joint(net.depth(), 1);
        this.iterate = b.iterate;
        this.batch = b.batch;
        this.seed = b.seed;
        this.evalEverySteps = b.evalEverySteps;
        this.evalPoints = b.evalPoints;
        this.probeSize = b.probeSize;
        this.probeEvery = b.probeEvery;
        this.stopAtAccuracy = b.stopAtAccuracy;
        this.cacheBudgetBytes = b.cacheBudgetBytes;
        this.carryState = b.carryState;
        this.weightBudget = b.weightBudget;
        this.evaluateTrainLoss = b.evaluateTrainLoss;
        this.listeners = List.copyOf(b.listeners);
        this.resumeFrom = b.resumeFrom;
        this.checkpointSink = b.checkpointSink;
        this.checkpointEvery = b.checkpointEvery;
        if (evalEverySteps > 0 && evalPoints > 0) {
            throw new IllegalArgumentException("evaluate every N steps or at K points of the budget, not both (found " + evalEverySteps + " steps and " + evalPoints + " points)");
        }
        if (remote != null) {
            if (remote.features() != net.inputs() || remote.outputs() != net.outputs()) {
                throw new IllegalArgumentException("the distributed training set has " + remote.features() + " features and " + remote.outputs()
                        + " targets but the network takes " + net.inputs() + " inputs and has " + net.outputs() + " outputs");
            }
            if (iterate == IterateRule.BEST_PROBE && rule.normalized()) {
                throw new IllegalArgumentException("best-probe scores iterates on training rows held here; on distributed rows use best-minibatch or last");
            }
        } else {
            Args.fits(net, train, "training set");
        }
        if (validation != null) Args.fits(net, validation, "validation set");
        if (test != null) Args.fits(net, test, "test set");
    }

    /**
     * A trainer on training rows held in this JVM; the network's widths must fit the data.
     *
     * @param net the network, trained in place
     * @param train the training set
     * @return the builder
     */
    public static Builder builder(Network net, Dataset train) { return new Builder(net, java.util.Objects.requireNonNull(train, "training set"), null); }

    /**
     * A trainer whose training rows live elsewhere: every minibatch's loss and gradients and
     * the training-set evaluations come from {@code rows}; everything else (schedule, step
     * rule, shuffle, budgets, validation and test sets, checkpoints) is as for local rows.
     * Best-probe and the autoencoder's path phases need the rows here and are refused.
     *
     * @param net the network, trained in place (on the driver)
     * @param rows the training rows and the computation on them
     * @return the builder
     */
    public static Builder builder(Network net, DistributedRows rows) { return new Builder(net, null, java.util.Objects.requireNonNull(rows, "distributed rows")); }

    /**
     * What one run did, beyond the history: its step count, weights updated, training
     * seconds, whether it stopped at the accuracy target, one note per phase on the iterate
     * it returned, the step rule's state, the planned budget the evaluation points divide, and
     * the work of the frozen-layer cache: rows × layers forwarded to build it.
     *
     * @param history every evaluation
     * @param steps minibatch steps taken
     * @param weightsUpdated scalar parameters changed, summed over steps
     * @param seconds training time, evaluation excluded
     * @param stoppedAtTarget whether the run stopped at its budget of weights updated
     * @param phaseNotes per phase, which iterate it returned
     * @param stepRuleState the step rule's state at the end (null for stateless rules)
     * @param plannedWeightsUpdated the budget the evaluation points divide
     * @param cacheLayerRows rows × layers forwarded to build the frozen-layer cache
     */
    public record Result(TrainingHistory history, long steps, long weightsUpdated, double seconds,
                         boolean stoppedAtTarget, List<String> phaseNotes, StepRule.StateDict stepRuleState,
                         long plannedWeightsUpdated, long cacheLayerRows) {}

    /**
     * Trains until the schedule ends (or the accuracy target is met) and returns the history.
     *
     * @return the history, the step rule's state and the step count
     * @throws TrainingDivergedException when a loss or gradient is NaN or infinite
     */
    public Result run() {
        return new Run().go();
    }

    /**
     * Steps and weights updated a schedule will take on {@code n} examples at batch
     * {@code batch}, cut at {@code budget}: {steps, weights}. An ε stopping rule may end a run
     * earlier; this is the run without it.
     *
     * @param net the network (its layers' sizes)
     * @param schedule the schedule of phases
     * @param n the number of training examples
     * @param batch the minibatch size
     * @param budget the largest number of weights updated
     * @return {steps, weights updated}
     */
    public static long[] plan(Network net, Schedule schedule, int n, int batch, long budget) {
        int stepsPerEpoch = (n + batch - 1) / batch;
        TrainingHistory none = new TrainingHistory();
        long steps = 0, weights = 0;
        int phases = 0;
        Phase p = null;
        while (weights < budget && (p = schedule.next(p, none)) != null) {
            if (++phases > 10_000_000) throw new IllegalArgumentException("schedule " + schedule.describe() + " yields more than 10 000 000 phases");
            long per = 0;
            for (int l : p.layers()) per += net.layer(l).parameterCount();
            long phaseSteps = (long) p.epochs() * stepsPerEpoch;
            long take = Math.min(phaseSteps, Math.ceilDiv(budget - weights, per));
            steps += take;
            weights += take * per;
        }
        return new long[] {steps, weights};
    }

    /**
     * Refuses, with one message, a run whose buffers (workspaces, parameter copies, step-rule
     * state: an estimate from above) this machine cannot hold; call it before initializing a
     * large network to fail fast.
     *
     * @param net the network
     * @param rule the step rule (its state's size)
     * @param batch the minibatch size
     * @param examples the number of training examples (they cap the minibatch and size the evaluation buffer)
     * @throws IllegalArgumentException when the estimate exceeds the machine's memory
     */
    public static void requireMemory(Network net, StepRule rule, int batch, int examples) {
        long params = net.parameterCount(), activations = 0;
        int maxWidth = 0;
        for (Layer l : net.layers()) {
            activations += 3L * l.outputs();
            maxWidth = Math.max(maxWidth, l.inputs());
        }
        long rows = Math.min(batch, examples);
        long states = rule instanceof StepRule.Adam ? 2 : rule instanceof StepRule.Sgd || rule instanceof StepRule.Normalized ? 0 : 1;
        long floats = params * (4 + states) + rows * (activations + maxWidth + net.outputs()) + (long) Math.min(EVAL_ROWS, Math.max(1, examples)) * activations;
        MatrixArena.requireFits(floats * Float.BYTES, "training " + net.sizes().replace(',', '-') + " at batch " + rows);
    }

    /**
     * Mean loss and accuracy (NaN for regression) of the network on a data set.
     *
     * @param k the kernels
     * @param net the network
     * @param d the data set
     * @return {mean loss, accuracy}
     */
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
        final int n = remote != null ? remote.size() : train.size(), depth = net.depth();
        final SplittableRandom rnd = new SplittableRandom(seed);
        final int[] perm = new int[n];
        final int stepsPerEpoch = (n + batch - 1) / batch;
        final MatrixArena arena = new MatrixArena();
        final int maxWidth;
        final MemorySegment xBuf;
        final FloatMatrix yFull;
        final Workspace ws, evalWs;
        final int[] argmax;
        final MemorySegment lastGood, bestSlab;          // off-heap copies of the parameters: the last good evaluation's, a phase's best iterate
        final long plannedSteps, plannedWeights;
        final long[] points;
        final int[] probe;
        final LearningRateSchedule.Clock clock = new LearningRateSchedule.Clock();
        final TrainingListener.Progress progress = new TrainingListener.Progress(null, 0, 0, 0, 0, Double.NaN, 0, 0);
        final FrozenCache cache = new FrozenCache();
        final FloatMatrix[] gradients;                   // the workspace's gradient buffers, which distributed rows fill
        int nextPoint;
        long lastCheckpointEpoch = 0;
        double lastGoodEpoch = 0, initialLoss = Double.NaN;
        long steps, weightsUpdated;
        double seconds, epochsDone;
        float lr = rule.learningRate();
        final boolean normalized = rule.normalized();
        boolean stop;

        Run() {
            int w = 0;
            for (Layer l : net.layers()) w = Math.max(w, l.inputs());
            maxWidth = w;
            requireMemory(net, rule, batch, n);
            long[] plan = plan(net, schedule, n, batch, weightBudget);
            plannedSteps = plan[0];
            plannedWeights = plan[1];
            points = new long[evalPoints];
            for (int j = 0; j < evalPoints; j++) points[j] = Math.max(1, Math.ceilDiv(plannedWeights * (j + 1), evalPoints));
            probe = iterate == IterateRule.BEST_PROBE && rule.normalized() ? probeRows() : null;
            int evalRows = Math.max(n, Math.max(validation == null ? 1 : validation.size(), test == null ? 1 : test.size()));
            int rows = Math.min(batch, n);
            xBuf = arena.allocateFloats((long) rows * maxWidth);
            yFull = arena.allocate(rows, net.outputs());
            Workspace a = null, b = null;
            try {
                a = new Workspace(net, rows);
                b = new Workspace(net, Math.min(EVAL_ROWS, evalRows));
            } catch (RuntimeException | Error e) {
                if (a != null) a.close();
                arena.close();
                throw e;
            }
            ws = a;
            evalWs = b;
            argmax = new int[evalWs.maxRows()];
            gradients = new FloatMatrix[depth];
            for (int l = 0; l < depth; l++) gradients[l] = ws.gradient(l);
            lastGood = arena.allocateFloats(net.parameterCount());
            MemorySegment.copy(net.slab(), 0, lastGood, 0, net.parameterCount() * Float.BYTES);
            bestSlab = iterate != IterateRule.LAST && rule.normalized() ? arena.allocateFloats(net.parameterCount()) : null;
            for (int i = 0; i < n; i++) perm[i] = i;
            clock.totalSteps = plannedSteps;
            clock.stepsPerEpoch = stepsPerEpoch;
        }

        /** A fixed, seeded sample of training rows on which best-probe scores candidates. */
        int[] probeRows() {
            int m = Math.min(probeSize, n);
            int[] p = new int[n];
            for (int i = 0; i < n; i++) p[i] = i;
            SplittableRandom r = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
            for (int i = 0; i < m; i++) {
                int j = i + r.nextInt(n - i);
                int t = p[i]; p[i] = p[j]; p[j] = t;
            }
            return java.util.Arrays.copyOf(p, m);
        }

        Result go() {
            StepRule.Stepper stepper = rule.bind(net);
            try {
                int skip = 0;
                if (resumeFrom == null) {
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
                HistoryRow last = history.last();
                if (last.weightsUpdated() != weightsUpdated || last.epoch() != epochsDone) {
                    record(phase == null ? last.phase() : phase.index(), phase == null ? last.layer() : phase.layerLabel(depth), epochsDone);
                }
                checkpoint(stepper, true);
                return new Result(history, steps, weightsUpdated, seconds, stop && !Double.isNaN(stopAtAccuracy) && weightsUpdated < weightBudget,
                        List.copyOf(notes), stepper.stateDict(), plannedWeights, cache.layerRows);
            } finally {
                stepper.close();
                cache.close();
                ws.close();
                evalWs.close();
                arena.close();
            }
        }

        /** Continues a run from a checkpoint: its history, counters, step-rule state and the shuffles already drawn. Returns the epochs done. */
        int restore(StepRule.Stepper stepper) {
            Checkpoint c = resumeFrom;
            long total = 0;
            Phase p = null;
            TrainingHistory none = new TrainingHistory();
            while (total <= c.epochs() && (p = schedule.next(p, none)) != null) total += p.epochs();
            if (c.epochs() > total) {
                throw new IllegalArgumentException("cannot resume: the checkpoint is at epoch " + c.epochs() + " but the schedule (" + schedule.describe()
                        + ") has only " + total + " epochs");
            }
            for (HistoryRow r : c.history().rows()) history.add(r);
            HistoryRow first = c.history().rows().get(0);
            initialLoss = evaluateTrainLoss ? first.trainLoss() : first.validationLoss();
            stepper.loadStateDict(c.state());
            int epochs = (int) c.epochs();
            epochsDone = epochs;
            weightsUpdated = c.weightsUpdated();
            seconds = c.seconds();
            steps = (long) epochs * stepsPerEpoch;
            if (!Float.isNaN(c.learningRate())) lr = c.learningRate();
            while (nextPoint < points.length && points[nextPoint] <= weightsUpdated) nextPoint++;
            for (int e = 0; e < epochs; e++) shuffle();         // the generator where the stopped run left it
            lastCheckpointEpoch = epochs;
            return epochs;
        }

        /** Hands a checkpoint to the sink when {@code checkpointEvery} epochs have passed since the last one (or {@code force}). */
        void checkpoint(StepRule.Stepper stepper, boolean force) {
            if (checkpointSink == null || epochsDone != Math.rint(epochsDone)) return;
            long e = (long) epochsDone;
            if (e == lastCheckpointEpoch || (!force && e - lastCheckpointEpoch < checkpointEvery)) return;
            checkpointSink.save(new Checkpoint(e, weightsUpdated, seconds, lr, history.copy(), stepper.stateDict()), net);
            lastCheckpointEpoch = e;
        }

        /** One phase: its frozen input, a fresh step-rule state, the epochs, the returned iterate, evaluations. */
        void runPhase(Phase phase, StepRule.Stepper stepper, int firstEpoch) {
            for (int l : phase.layers()) {
                if (l < 0 || l >= depth) throw new IllegalArgumentException("phase " + phase.name() + " trains layer " + l + " but the network has layers 0.." + (depth - 1));
            }
            for (TrainingListener li : listeners) li.phaseStarted(phase, (int) epochsDone);
            String label = phase.layerLabel(depth);
            try (PhaseInput in = frozenInput(phase)) {
                if (remote != null) {
                    if (in.path != null) throw new IllegalArgumentException("phase " + phase.name() + " trains along a path (the autoencoder schedule); distributed rows take whole-network phases only");
                    remote.phaseStarted(net, in.mask, in.lowest);
                }
                if (firstEpoch == 0 && !carryState) stepper.reset();
                IterateSelector selector = new IterateSelector(phase, in);
                clock.phaseSteps = (long) phase.epochs() * stepsPerEpoch;
                for (int epoch = firstEpoch; epoch < phase.epochs() && !stop; epoch++) {
                    runEpoch(phase, in, stepper, selector, epoch, label);
                    boolean phaseEnds = epoch == phase.epochs() - 1 || stop;
                    if (phaseEnds) selector.finish();
                    recordAfterEpoch(phase, label, phaseEnds);
                    if (!stop) checkpoint(stepper, false);
                }
            }
        }

        /** What a phase's steps read: the training rows, or the frozen layers' cached output for them. */
        final class PhaseInput implements AutoCloseable {
            final Phase phase;
            final int[] layers, path;
            final boolean[] mask;
            final int lowest;
            FloatMatrix source = train == null ? null : train.features();          // null: the rows are distributed
            int from = 0, width = net.inputs();

            PhaseInput(Phase phase) {
                this.phase = phase;
                layers = phase.layers();
                path = phase.path();
                mask = phase.mask(depth);
                lowest = path != null ? path[0] : phase.lowestLayer();     // below it everything is frozen
            }

            /** The phase's objective on rows {@code x} (targets {@code y}; a path reconstructs its own input), with gradients when asked. */
            double loss(FloatMatrix x, FloatMatrix y, boolean gradients) {
                if (path == null) {
                    ws.forward(k, x, from);
                    return gradients ? ws.backward(k, y, mask) : ws.loss(k, y);
                }
                FloatMatrix pin = from == 0 && lowest > 0 ? ws.forward(k, x, 0, lowest - 1) : x;
                ws.forwardPath(k, pin, path);
                return gradients ? ws.backwardPath(k, pin, path, mask) : ws.lossPath(k, pin, path);
            }

            @Override
            public void close() { if (remote != null) remote.phaseEnded(); }          // a local cached input belongs to the run's FrozenCache
        }

        /**
         * The phase's input: the frozen layers' output for the whole training set when it fits
         * the cache budget (else the raw rows, the frozen layers recomputed each step). Built
         * from the highest boundary the {@link FrozenCache} still holds, not from the data.
         */
        PhaseInput frozenInput(Phase phase) {
            for (int l : phase.layers()) cache.changed(l);
            PhaseInput in = new PhaseInput(phase);
            if (in.lowest == 0 || remote != null) return in;                 // distributed rows keep their own frozen outputs
            long t0 = System.nanoTime();
            FloatMatrix source = cache.input(in.lowest);
            seconds += (System.nanoTime() - t0) / 1e9;
            if (source == null) return in;
            in.source = source;
            in.width = source.cols();
            in.from = in.lowest;
            return in;
        }

        /**
         * Each layer's input for the whole training set, kept across phases while the layers
         * below it are unchanged: a bottom-up round computes the input of layer l + 1 from the
         * cached input of layer l (one layer, not l + 1), and a top-down round finds the input
         * of every lower layer already cached by the phase above. Bit-identical to computing
         * from the data (the same products, chunk by chunk). Bounded by the cache budget.
         */
        final class FrozenCache implements AutoCloseable {
            final MatrixArena[] arenas = new MatrixArena[depth];
            final FloatMatrix[] inputs = new FloatMatrix[depth];
            /** When (on the {@code tick} clock) each boundary was computed, and when each layer last changed. */
            final long[] builtAt = new long[depth], changedAt = new long[depth];
            long tick = 1, bytes, layerRows;

            /**
             * Layer l is about to be trained: every cached input above it goes stale. Its memory is
             * kept for the rebuild ({@link #input}), which would otherwise allocate and zero the same
             * n × width floats again every round (0.2 s a round for 784-256-10's 61 MB, measured).
             */
            void changed(int l) {
                changedAt[l] = ++tick;
            }

            boolean valid(int b) {
                if (b == 0) return true;
                if (inputs[b] == null) return false;
                for (int l = 0; l < b; l++) if (changedAt[l] > builtAt[b]) return false;
                return true;
            }

            private long size(int b) { return (long) n * net.layer(b).inputs() * Float.BYTES; }

            /**
             * The input of layer {@code target} for every training row, or null when it does not fit
             * the budget. What is kept is decided on the valid inputs alone, as if stale ones had
             * been freed; a stale input's memory is then reused where its boundary is kept, and
             * freed where it is not.
             */
            FloatMatrix input(int target) {
                if (valid(target)) return inputs[target];
                long validBytes = 0;
                for (int b = 1; b < depth; b++) if (inputs[b] != null && valid(b)) validBytes += size(b);
                if (validBytes + size(target) > cacheBudgetBytes) {
                    for (int b = 1; b < depth; b++) if (inputs[b] != null && !valid(b)) free(b);
                    return null;
                }
                int from = target;
                while (!valid(from)) from--;
                boolean[] keep = new boolean[depth];
                keep[target] = true;
                long planned = validBytes + size(target);
                for (int b = target - 1; b > from; b--) {            // intermediate inputs too, while the budget allows
                    if (planned + size(b) <= cacheBudgetBytes) { keep[b] = true; planned += size(b); }
                }
                for (int b = 1; b < depth; b++) if (inputs[b] != null && !valid(b) && !keep[b]) free(b);
                for (int b = from + 1; b <= target; b++) {
                    if (!keep[b]) continue;
                    if (inputs[b] == null) {
                        arenas[b] = new MatrixArena();
                        inputs[b] = arenas[b].allocate(n, net.layer(b).inputs());
                        bytes += size(b);
                    }
                    builtAt[b] = ++tick;
                }
                FloatMatrix source = from == 0 ? train.features() : inputs[from];
                for (int s = 0; s < n; s += evalWs.maxRows()) {
                    int e = Math.min(n, s + evalWs.maxRows());
                    FloatMatrix x = source.rowRange(s, e);
                    for (int l = from; l < target; l++) {
                        x = evalWs.forward(k, x, l, l);
                        if (keep[l + 1]) inputs[l + 1].rowRange(s, e).copyFrom(x);
                    }
                }
                layerRows += (long) n * (target - from);
                return inputs[target];
            }

            void free(int b) {
                if (inputs[b] == null) return;
                bytes -= size(b);
                arenas[b].close();
                arenas[b] = null;
                inputs[b] = null;
            }

            @Override
            public void close() { for (int b = 0; b < depth; b++) free(b); }
        }

        /** One pass over the shuffled training set. */
        void runEpoch(Phase phase, PhaseInput in, StepRule.Stepper stepper, IterateSelector selector, int epoch, String label) {
            shuffle();
            long t0 = System.nanoTime();
            FloatMatrix xFull = FloatMatrix.of(xBuf, 0, yFull.rows(), in.width, maxWidth), x = xFull, y = yFull;
            boolean lastEpoch = epoch == phase.epochs() - 1;
            int s = 0;
            for (; s < stepsPerEpoch && !stop; s++) {
                int start = s * batch, rows = Math.min(batch, n - start);
                if (rows != x.rows()) { x = xFull.rowRange(0, rows); y = yFull.rowRange(0, rows); }
                long phaseStep = (long) epoch * stepsPerEpoch + s;
                double loss;
                if (remote != null) {
                    loss = remote.lossAndGradients(net, perm, start, rows, in.mask, gradients);
                } else {
                    gather(in.source, in.width, perm, start, rows, x, y, in.path == null);
                    loss = in.loss(x, y, true);
                }
                if (!Double.isFinite(loss)) diverge(phase, s, label, "the minibatch loss is " + loss);
                selector.beforeStep(loss, phaseStep);
                step(phase, in, stepper, phaseStep, s);
                selector.afterStep(phaseStep + 1);
                if (!listeners.isEmpty()) {
                    double secs = seconds + (System.nanoTime() - t0) / 1e9;
                    progress.set(phase, epoch, phase.epochs(), s, stepsPerEpoch, loss, steps * (long) batch, secs);
                    for (int i = 0; i < listeners.size(); i++) listeners.get(i).stepped(progress);
                }
                boolean phaseEnds = stop || (lastEpoch && s == stepsPerEpoch - 1);
                if (evalEverySteps > 0 && steps % evalEverySteps == 0 && !phaseEnds) {
                    seconds += (System.nanoTime() - t0) / 1e9;
                    record(phase.index(), label, epochsDone + (s + 1.0) / stepsPerEpoch);
                    t0 = System.nanoTime();
                } else if (points.length > 0 && !phaseEnds && nextPoint < points.length && weightsUpdated >= points[nextPoint]) {
                    seconds += (System.nanoTime() - t0) / 1e9;
                    recordPoints(phase.index(), label, epochsDone + (s + 1.0) / stepsPerEpoch);
                    t0 = System.nanoTime();
                }
            }
            seconds += (System.nanoTime() - t0) / 1e9;
            epochsDone += s == stepsPerEpoch ? 1.0 : (double) s / stepsPerEpoch;
        }

        /** One update of every trainable layer from the gradients of the last backward pass, at the scheduled rate. */
        void step(Phase phase, PhaseInput in, StepRule.Stepper stepper, long phaseStep, int stepInEpoch) {
            clock.step = steps;
            clock.phaseStep = phaseStep;
            clock.round = schedule instanceof Schedule.Joint ? (int) (steps / stepsPerEpoch) : phase.round();   // a joint run's rounds are epochs
            lr = lrSchedule.rate(rule.learningRate(), clock);
            for (int l : in.layers) {
                FloatMatrix g = ws.gradient(l);
                // only a normalized step needs ‖G‖ (a NaN gradient under the other rules shows in the next minibatch loss)
                double norm = normalized ? k.frobeniusNorm(g) : 1;
                if (!Double.isFinite(norm)) diverge(phase, stepInEpoch, String.valueOf(l), "the gradient norm is " + norm);
                if (stepper.step(k, l, g, norm, lr)) weightsUpdated += net.layer(l).parameterCount();
            }
            steps++;
            if (weightsUpdated >= weightBudget) stop = true;
        }

        /**
         * Tracks the phase's candidate iterates under the {@link IterateRule} and restores the
         * chosen one at the phase's end. Parameter copies are sized once per phase.
         */
        final class IterateSelector {
            final Phase phase;
            final PhaseInput in;
            final IterateRule mode;
            final int cadence;
            double bestScore = Double.POSITIVE_INFINITY, lastScore = Double.NaN;
            long bestStep = -1, lastScored = -1, stepsDone;

            IterateSelector(Phase phase, PhaseInput in) {
                this.phase = phase;
                this.in = in;
                this.mode = rule.normalized() ? iterate : IterateRule.LAST;
                this.cadence = probeEvery > 0 ? probeEvery : Math.max(1, (stepsPerEpoch + 3) / 4);
            }

            /** Hazan's rule: the iterate about to be stepped from, scored by its own minibatch loss. */
            void beforeStep(double minibatchLoss, long phaseStep) {
                if (mode == IterateRule.BEST_MINIBATCH && minibatchLoss < bestScore) keep(minibatchLoss, phaseStep);
            }

            /** Best-probe: every {@code cadence} steps of the phase, the current iterate on the probe sample. */
            void afterStep(long phaseStep) {
                stepsDone = phaseStep;
                if (mode == IterateRule.BEST_PROBE && phaseStep % cadence == 0) {
                    double score = probeLoss();
                    lastScored = phaseStep;
                    lastScore = score;
                    if (score < bestScore) keep(score, phaseStep);
                }
            }

            private void keep(double score, long phaseStep) {
                bestScore = score;
                bestStep = phaseStep;
                for (int l : in.layers) copyLayer(net.slab(), bestSlab, l);
            }

            /** Mean loss of the phase's objective on the probe rows (the probe's time counts as training time). */
            double probeLoss() {
                FloatMatrix xFull = FloatMatrix.of(xBuf, 0, yFull.rows(), in.width, maxWidth);
                double sum = 0;
                for (int s = 0; s < probe.length; s += yFull.rows()) {
                    int rows = Math.min(yFull.rows(), probe.length - s);
                    FloatMatrix x = xFull.rowRange(0, rows), y = yFull.rowRange(0, rows);
                    gather(in.source, in.width, probe, s, rows, x, y, in.path == null);
                    sum += in.loss(x, y, false) * rows;
                }
                return sum / probe.length;
            }

            /** Restores the chosen iterate (the final one for LAST, and on ties under best-probe). */
            void finish() {
                long total = stepsDone;
                double finalScore = Double.NaN;
                if (mode == IterateRule.BEST_PROBE && total > 0) {
                    finalScore = lastScored == total ? lastScore : probeLoss();
                    if (finalScore <= bestScore) { bestScore = finalScore; bestStep = total; }
                }
                TrainingListener.IterateChoice choice;
                if (mode == IterateRule.LAST || bestStep < 0 || bestStep == total) {
                    choice = new TrainingListener.IterateChoice(mode, total, total, mode == IterateRule.LAST ? Double.NaN : bestScore);
                } else {
                    for (int l : in.layers) copyLayer(bestSlab, net.slab(), l);
                    choice = new TrainingListener.IterateChoice(mode, bestStep, total, bestScore);
                }
                if (rule.normalized()) {
                    notes.add("phase " + phase.index() + " (" + phase.name() + "): " + mode.spec() + " returned the iterate after step "
                            + choice.step() + " of " + total + (Double.isNaN(choice.score()) ? "" : " (" + (mode == IterateRule.BEST_PROBE ? "probe" : "minibatch") + " loss " + choice.score() + ")"));
                }
                for (TrainingListener li : listeners) li.phaseEnded(phase, choice);
            }
        }

        void recordAfterEpoch(Phase phase, String label, boolean phaseEnds) {
            if (points.length > 0) {
                if (phaseEnds && nextPoint < points.length && weightsUpdated >= points[nextPoint]) recordPoints(phase.index(), label, epochsDone);
                else if (phaseEnds && schedule.needsPhaseEndLoss()) record(phase.index(), label, epochsDone);
                return;
            }
            if (evalEverySteps == 0 || phaseEnds) {
                if (history.last().epoch() != epochsDone || phaseEnds) record(phase.index(), label, epochsDone);
            }
        }

        /** One evaluation for every budget point the run has passed since the last one. */
        void recordPoints(int phaseIndex, String label, double epoch) {
            while (nextPoint < points.length && weightsUpdated >= points[nextPoint]) nextPoint++;
            record(phaseIndex, label, epoch);
        }

        void copyLayer(MemorySegment from, MemorySegment to, int l) {
            long off = net.layer(l).offset() * Float.BYTES;
            MemorySegment.copy(from, off, to, off, (long) net.layer(l).parameterCount() * Float.BYTES);
        }

        void shuffle() { Args.shuffle(perm, rnd); }

        /** Copies rows {@code order[start..start+rows)} of {@code source} (and their targets) into the batch buffers. */
        void gather(FloatMatrix source, int width, int[] order, int start, int rows, FloatMatrix x, FloatMatrix y, boolean withTargets) {
            MemorySegment ss = source.segment(), ts = train.targets().segment(), xs = x.segment(), ys = y.segment();
            long wBytes = (long) width * Float.BYTES, cBytes = (long) y.cols() * Float.BYTES;
            FloatMatrix targets = train.targets();
            for (int i = 0; i < rows; i++) {
                int r = order[start + i];
                MemorySegment.copy(ss, source.index(r, 0) * Float.BYTES, xs, x.index(i, 0) * Float.BYTES, wBytes);
                if (withTargets) MemorySegment.copy(ts, targets.index(r, 0) * Float.BYTES, ys, y.index(i, 0) * Float.BYTES, cBytes);
            }
        }

        void record(int phaseIndex, String label, double epoch) {
            double[] none = {Double.NaN, Double.NaN};
            double[] tr = !evaluateTrainLoss ? none : remote != null ? remote.evaluate(net) : evaluate(k, net, train, evalWs, argmax);
            double[] va = validation == null ? none : evaluate(k, net, validation, evalWs, argmax);
            double[] te = test == null ? none : evaluate(k, net, test, evalWs, argmax);
            HistoryRow row = new HistoryRow(epoch, phaseIndex, label, weightsUpdated, lr, tr[0], va[0], va[1], te[0], te[1], seconds);
            history.add(row);
            double watched = evaluateTrainLoss ? tr[0] : va[0];
            if (Double.isNaN(initialLoss)) initialLoss = watched;
            else if (Double.isFinite(watched) && watched > RUNAWAY * Math.max(initialLoss, 1)) {
                runaway(phaseIndex, label, (evaluateTrainLoss ? "the training loss is " : "the validation loss is ") + watched
                        + ", more than " + (long) RUNAWAY + " times its initial value " + initialLoss);
            }
            if ((Double.isFinite(tr[0]) || !evaluateTrainLoss) && !(watched > RUNAWAY * Math.max(initialLoss, 1))) {
                MemorySegment.copy(net.slab(), 0, lastGood, 0, net.parameterCount() * Float.BYTES);
                lastGoodEpoch = epoch;
            }
            for (TrainingListener li : listeners) li.evaluated(row);
            double target = validation != null ? va[1] : te[1];
            if (!Double.isNaN(stopAtAccuracy) && target >= stopAtAccuracy) stop = true;
        }

        /** A finite loss that ran away: a divergence too, reported at the evaluation that saw it. */
        void runaway(int phaseIndex, String label, String what) {
            MemorySegment.copy(lastGood, 0, net.slab(), 0, net.parameterCount() * Float.BYTES);
            throw new TrainingDivergedException(String.format(
                    "training diverged by epoch %s (phase %d, layer %s): %s; the network holds the weights of the last good evaluation (epoch %s). Try a smaller learning rate.",
                    fmtEpoch(epochsDone), phaseIndex, label, what, fmtEpoch(lastGoodEpoch)), history);
        }

        void diverge(Phase phase, int step, String layer, String what) {
            MemorySegment.copy(lastGood, 0, net.slab(), 0, net.parameterCount() * Float.BYTES);
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
        private final DistributedRows remote;
        private Dataset validation, test;
        private Kernels kernels = Kernels.best();
        private StepRule rule = new StepRule.Sgd(0.01f);
        private LearningRateSchedule lrSchedule = LearningRateSchedule.CONSTANT;
        private Schedule schedule;
        private IterateRule iterate = IterateRule.LAST;
        private int batch = 64;
        private long seed = 0;
        private int evalEverySteps = 0, evalPoints = 0, probeSize = 2048, probeEvery = 0;
        private double stopAtAccuracy = Double.NaN;
        private long cacheBudgetBytes = 1L << 30;
        private boolean carryState = false;
        private long weightBudget = Long.MAX_VALUE;
        private boolean evaluateTrainLoss = true;
        private Checkpoint resumeFrom;
        private Checkpoint.Sink checkpointSink;
        private int checkpointEvery = 1;
        private final List<TrainingListener> listeners = new ArrayList<>();

        Builder(Network net, Dataset train, DistributedRows remote) { this.net = net; this.train = train; this.remote = remote; }

        /**
         * The held-out test set: evaluated and recorded, never used for a choice.
         *
         * @param test the test set
         * @return this builder
         */
        public Builder test(Dataset test) { this.test = test; return this; }
        /**
         * The validation split that hyperparameters are chosen on (and that {@link #stopAtAccuracy} reads when given).
         *
         * @param validation the validation split
         * @return this builder
         */
        public Builder validation(Dataset validation) { this.validation = validation; return this; }
        /**
         * The kernels to compute with (default {@link Kernels#best()}).
         *
         * @param k the kernels
         * @return this builder
         */
        public Builder kernels(Kernels k) { this.kernels = java.util.Objects.requireNonNull(k, "kernels"); return this; }
        /**
         * The step rule (default SGD at 0.01).
         *
         * @param r the step rule
         * @return this builder
         */
        public Builder stepRule(StepRule r) { this.rule = java.util.Objects.requireNonNull(r, "step rule"); return this; }
        /**
         * How the step rule's rate changes over the run (default constant).
         *
         * @param s the learning-rate schedule
         * @return this builder
         */
        public Builder learningRateSchedule(LearningRateSchedule s) { this.lrSchedule = java.util.Objects.requireNonNull(s, "learning-rate schedule"); return this; }
        /**
         * The phases: which layers train, for how long (default all layers jointly for one epoch: backpropagation).
         *
         * @param s the schedule, or null for the default
         * @return this builder
         */
        public Builder schedule(Schedule s) { this.schedule = s; return this; }
        /**
         * The seed of the minibatch shuffle (default 0).
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) { this.seed = s; return this; }
        /**
         * Which iterate a phase under a normalized rule returns (default {@link IterateRule#LAST}, as Algorithm 1).
         *
         * @param r the iterate rule
         * @return this builder
         */
        public Builder iterate(IterateRule r) { this.iterate = java.util.Objects.requireNonNull(r, "iterate rule"); return this; }
        /**
         * Keep the step rule's state (momentum, Adam moments) from one phase to the next instead of starting each phase afresh.
         *
         * @param on whether to carry the state
         * @return this builder
         */
        public Builder carryState(boolean on) { this.carryState = on; return this; }
        /**
         * Adds a listener that sees every evaluation, phase and the run's start and end.
         *
         * @param l the listener
         * @return this builder
         */
        public Builder listener(TrainingListener l) { this.listeners.add(l); return this; }

        /**
         * Best-probe: how many training rows score a candidate (default 2048) and every how many steps (0: four times an epoch).
         *
         * @param rows the probe sample's size (at least 1)
         * @param everySteps steps between probes (at least 0)
         * @return this builder
         */
        public Builder probe(int rows, int everySteps) {
            if (rows < 1) throw new IllegalArgumentException("probe sample must have at least 1 row, found " + rows);
            if (everySteps < 0) throw new IllegalArgumentException("probe cadence must be ≥ 0 steps, found " + everySteps);
            this.probeSize = rows;
            this.probeEvery = everySteps;
            return this;
        }

        /**
         * Evaluate at {@code k} points evenly spaced in weights updated over the planned budget (0: off).
         *
         * @param k the number of evaluation points (at least 0)
         * @return this builder
         */
        public Builder evaluateAtPoints(int k) {
            this.evalPoints = Args.evalPoints(k);
            return this;
        }

        /**
         * The minibatch size (default 64).
         *
         * @param b the minibatch size (at least 1)
         * @return this builder
         */
        public Builder batchSize(int b) {
            this.batch = Args.batch(b);
            return this;
        }

        /**
         * Evaluate every {@code steps} steps (and at each phase's end); 0 means once per epoch.
         *
         * @param steps the interval in steps (at least 0)
         * @return this builder
         */
        public Builder evaluateEverySteps(int steps) {
            if (steps < 0) throw new IllegalArgumentException("evaluation interval must be ≥ 0 steps, found " + steps);
            this.evalEverySteps = steps;
            return this;
        }

        /**
         * Stop once validation accuracy (test accuracy when there is no validation split) reaches this value.
         *
         * @param acc the accuracy that ends the run, in (0, 1]
         * @return this builder
         */
        public Builder stopAtAccuracy(double acc) {
            this.stopAtAccuracy = Args.accuracy(acc);
            return this;
        }

        /**
         * Memory the frozen-layer cache may use; 0 disables it (the frozen layers are then recomputed every step).
         *
         * @param bytes the cache's budget (at least 0)
         * @return this builder
         */
        public Builder cacheBudgetBytes(long bytes) {
            if (bytes < 0) throw new IllegalArgumentException("cache budget must be ≥ 0 bytes, found " + bytes);
            this.cacheBudgetBytes = bytes;
            return this;
        }

        /**
         * Stop once this many scalar weight updates have been made (the paper's x-axis budget).
         *
         * @param budget the largest number of weights updated
         * @return this builder
         */
        public Builder stopAtWeightsUpdated(long budget) {
            this.weightBudget = Args.budget(budget);
            return this;
        }

        /**
         * Whether evaluations compute the loss over the whole training set (default on; off leaves train_loss empty).
         *
         * @param on whether to evaluate the training loss
         * @return this builder
         */
        public Builder evaluateTrainLoss(boolean on) { this.evaluateTrainLoss = on; return this; }

        /**
         * Continue a run that stopped at an epoch boundary: the network must hold its saved
         * weights; {@code history} and {@code state} are what it wrote. With the same seed,
         * schedule, rule and learning-rate schedule (whose place is recovered from the step
         * count), the result is the one an uninterrupted run gives (exactly, at phase
         * boundaries and under the last-iterate rule; inside a phase with a best-iterate rule,
         * the search restarts at the resume).
         *
         * @param history the history the stopped run wrote
         * @param state the step rule's state it wrote
         * @return this builder
         */
        public Builder resume(TrainingHistory history, StepRule.StateDict state) {
            return resume(Checkpoint.ofHistory(history, state));
        }

        /**
         * Continue from a checkpoint; the network must hold the weights saved with it.
         *
         * @param from the checkpoint
         * @return this builder
         */
        public Builder resume(Checkpoint from) {
            this.resumeFrom = java.util.Objects.requireNonNull(from, "checkpoint");
            return this;
        }

        /**
         * Hand a {@link Checkpoint} to {@code sink} at the end of every {@code everyEpochs}-th
         * epoch and at the end of the run (not after a divergence), so a run stopped at any
         * instant can continue from its last one.
         *
         * @param everyEpochs how many epochs between checkpoints (at least 1)
         * @param sink receives each checkpoint
         * @return this builder
         */
        public Builder checkpoints(int everyEpochs, Checkpoint.Sink sink) {
            this.checkpointEvery = Args.checkpointEvery(everyEpochs);
            this.checkpointSink = java.util.Objects.requireNonNull(sink, "checkpoint sink");
            return this;
        }

        /**
         * Checks the configuration as a whole.
         *
         * @return the trainer
         * @throws IllegalArgumentException when settings contradict each other or the data
         */
        public Trainer build() { return new Trainer(this); }
    }
}
