package dante.core.train;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import dante.core.nn.Layer;
import dante.core.nn.Workspace;
import dante.kernels.FloatMatrix;
import dante.kernels.MatrixArena;

/**
 * One run of a {@link Trainer}: the phase, epoch and step loops, resume and checkpoints. What
 * it records and when it diverges is its {@link Recorder}'s; the frozen layers' output is its
 * {@link FrozenCache}'s; which iterate a phase returns is an {@link IterateSelector}'s. Every
 * buffer the hot loop touches is allocated here, once.
 */
final class TrainerRun extends Recorder {
    private final Trainer t;
    private final StepRule rule;
    private final Schedule schedule;
    private final int n, depth, batch, stepsPerEpoch, maxWidth;
    private final SplittableRandom rnd;
    private final int[] perm;
    private final MatrixArena arena = new MatrixArena();
    private final MemorySegment xBuf;
    private final FloatMatrix yFull;
    private final Workspace ws;
    private final MemorySegment bestSlab;          // a phase's best iterate, under a best-iterate rule
    private final int[] probe;
    private final LearningRateSchedule.Clock clock = new LearningRateSchedule.Clock();
    private final FrozenCache cache;
    private final FloatMatrix[] gradients;         // the workspace's gradient buffers, which distributed rows fill
    private final boolean normalized;
    private long lastCheckpointEpoch = 0;

    TrainerRun(Trainer t, Schedule schedule, BudgetPlan plan) {
        super(t.net, t.train, t.remote, t.settings, plan);
        this.t = t;
        this.rule = t.rule;
        this.schedule = schedule;
        this.normalized = rule.normalized();
        n = remote != null ? remote.size() : train.size();
        depth = net.depth();
        batch = settings.batch();
        stepsPerEpoch = (n + batch - 1) / batch;
        rnd = new SplittableRandom(settings.seed());
        perm = new int[n];
        int w = 0;
        for (Layer l : net.layers()) w = Math.max(w, l.inputs());
        maxWidth = w;
        lr = rule.learningRate();
        probe = t.iterate == IterateRule.BEST_PROBE && normalized ? probeRows() : null;
        int rows = Math.min(batch, n);
        try {
            xBuf = arena.allocateFloats((long) rows * maxWidth);
            yFull = arena.allocate(rows, net.outputs());
            ws = new Workspace(net, rows);
            bestSlab = t.iterate != IterateRule.LAST && normalized ? arena.allocateFloats(net.parameterCount()) : null;
        } catch (RuntimeException | Error e) {
            arena.close();
            closeRecorder();
            throw e;
        }
        cache = new FrozenCache(k, net, train == null ? null : train.features(), evaluator.workspace(), t.cacheBudgetBytes);
        gradients = new FloatMatrix[depth];
        for (int l = 0; l < depth; l++) gradients[l] = ws.gradient(l);
        for (int i = 0; i < n; i++) perm[i] = i;
        clock.totalSteps = plannedSteps;
        clock.stepsPerEpoch = stepsPerEpoch;
    }

    /** A fixed, seeded sample of training rows on which best-probe scores candidates. */
    private int[] probeRows() {
        int m = Math.min(t.probeSize, n);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        SplittableRandom r = new SplittableRandom(settings.seed() ^ 0x9E3779B97F4A7C15L);
        for (int i = 0; i < m; i++) {
            int j = i + r.nextInt(n - i);
            int tmp = p[i]; p[i] = p[j]; p[j] = tmp;
        }
        return java.util.Arrays.copyOf(p, m);
    }

    Trainer.Result go() {
        StepRule.Stepper stepper = rule.bind(net);
        try {
            int skip = 0;
            if (settings.resumeFrom() == null) {
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
            return result(stepper.stateDict(), cache.layerRows);
        } finally {
            stepper.close();
            cache.close();
            ws.close();
            arena.close();
            closeRecorder();
        }
    }

    /** Continues a run from a checkpoint: its history, counters, step-rule state and the shuffles already drawn. Returns the epochs done. */
    private int restore(StepRule.Stepper stepper) {
        Checkpoint c = settings.resumeFrom();
        long total = 0;
        Phase p = null;
        TrainingHistory none = new TrainingHistory();
        while (total <= c.epochs() && (p = schedule.next(p, none)) != null) {
            if (p.share() != 1) throw new IllegalArgumentException("cannot resume: the budget shortens this schedule's phases (" + schedule.describe() + "); run it again");
            total += p.epochs();
        }
        if (c.epochs() > total) {
            throw new IllegalArgumentException("cannot resume: the checkpoint is at epoch " + c.epochs() + " but the schedule (" + schedule.describe()
                    + ") has only " + total + " epochs");
        }
        restoreRecord(c, stepsPerEpoch);
        stepper.loadStateDict(c.state());
        if (!Float.isNaN(c.learningRate())) lr = c.learningRate();
        int epochs = (int) c.epochs();
        for (int e = 0; e < epochs; e++) shuffle();         // the generator where the stopped run left it
        lastCheckpointEpoch = epochs;
        return epochs;
    }

    /** Hands a checkpoint to the sink when {@code checkpointEvery} epochs have passed since the last one (or {@code force}). */
    private void checkpoint(StepRule.Stepper stepper, boolean force) {
        Checkpoint.Sink sink = settings.checkpointSink();
        if (sink == null || epochsDone != Math.rint(epochsDone)) return;
        long e = (long) epochsDone;
        if (e == lastCheckpointEpoch || (!force && e - lastCheckpointEpoch < settings.checkpointEvery())) return;
        sink.save(new Checkpoint(e, weightsUpdated, seconds, (float) lr, history.copy(), stepper.stateDict()), net);
        lastCheckpointEpoch = e;
    }

    /** One phase: its frozen input, a fresh step-rule state, the epochs, the returned iterate, evaluations. */
    private void runPhase(Phase phase, StepRule.Stepper stepper, int firstEpoch) {
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
            if (firstEpoch == 0 && !t.carryState) stepper.reset();
            int cadence = t.probeEvery > 0 ? t.probeEvery : Math.max(1, (stepsPerEpoch + 3) / 4);
            IterateSelector selector = new IterateSelector(phase, t.iterate, normalized, cadence, net, bestSlab, () -> probeLoss(in));
            long phaseSteps = phase.steps(stepsPerEpoch);
            int epochs = (int) Math.ceilDiv(phaseSteps, stepsPerEpoch);       // the last one partial when the phase is shortened
            clock.phaseSteps = phaseSteps;
            for (int epoch = firstEpoch; epoch < epochs && !stop; epoch++) {
                runEpoch(phase, in, stepper, selector, epoch, label, (int) Math.min(stepsPerEpoch, phaseSteps - (long) epoch * stepsPerEpoch));
                boolean phaseEnds = epoch == epochs - 1 || stop;
                if (phaseEnds) selector.finish(notes, listeners);
                recordAfterEpoch(phase, label, phaseEnds);
                if (!stop) checkpoint(stepper, false);
            }
        }
    }

    /** What a phase's steps read: the training rows, or the frozen layers' cached output for them. */
    private final class PhaseInput implements AutoCloseable {
        final int[] layers, path;
        final boolean[] mask;
        final int lowest;
        FloatMatrix source = train == null ? null : train.features();          // null: the rows are distributed
        int from = 0, width = net.inputs();

        PhaseInput(Phase phase) {
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
    private PhaseInput frozenInput(Phase phase) {
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

    /** One pass over the shuffled training set, or its first {@code stepsHere} minibatches in a shortened phase's last epoch. */
    private void runEpoch(Phase phase, PhaseInput in, StepRule.Stepper stepper, IterateSelector selector, int epoch, String label, int stepsHere) {
        shuffle();
        long t0 = System.nanoTime();
        FloatMatrix xFull = FloatMatrix.of(xBuf, 0, yFull.rows(), in.width, maxWidth), x = xFull, y = yFull;
        boolean lastEpoch = (long) (epoch + 1) * stepsPerEpoch >= phase.steps(stepsPerEpoch);
        int s = 0;
        for (; s < stepsHere && !stop; s++) {
            int start = s * batch, rows = Math.min(batch, n - start);
            if (rows != x.rows()) { x = xFull.rowRange(0, rows); y = yFull.rowRange(0, rows); }
            long phaseStep = (long) epoch * stepsPerEpoch + s;
            double loss;
            if (remote != null) {
                loss = remote.lossAndGradients(net, perm, start, rows, in.mask, gradients);
            } else {
                gather(in.source, perm, start, x, y, in.path == null);
                loss = in.loss(x, y, true);
            }
            if (!Double.isFinite(loss)) throw diverged(phase, s, label, "the minibatch loss is " + loss);
            selector.beforeStep(loss, phaseStep);
            step(phase, in, stepper, phaseStep, s);
            selector.afterStep(phaseStep + 1);
            if (!listeners.isEmpty()) {
                double secs = seconds + (System.nanoTime() - t0) / 1e9;
                progress.set(phase, epoch, phase.epochs(), s, stepsPerEpoch, loss, steps * (long) batch, secs);
                for (int i = 0; i < listeners.size(); i++) listeners.get(i).stepped(progress);
            }
            boolean phaseEnds = stop || (lastEpoch && s == stepsHere - 1);
            if (t.evalEverySteps > 0 && steps % t.evalEverySteps == 0 && !phaseEnds) {
                seconds += (System.nanoTime() - t0) / 1e9;
                record(phase.index(), label, epochsDone + (s + 1.0) / stepsPerEpoch);
                t0 = System.nanoTime();
            } else if (!phaseEnds && pointPassed()) {
                seconds += (System.nanoTime() - t0) / 1e9;
                passPoints();
                record(phase.index(), label, epochsDone + (s + 1.0) / stepsPerEpoch);
                t0 = System.nanoTime();
            }
        }
        seconds += (System.nanoTime() - t0) / 1e9;
        epochsDone += s == stepsPerEpoch ? 1.0 : (double) s / stepsPerEpoch;
    }

    /** One update of every trainable layer from the gradients of the last backward pass, at the scheduled rate. */
    private void step(Phase phase, PhaseInput in, StepRule.Stepper stepper, long phaseStep, int stepInEpoch) {
        clock.step = steps;
        clock.phaseStep = phaseStep;
        clock.round = schedule instanceof Schedule.Joint ? (int) (steps / stepsPerEpoch) : phase.round();   // a joint run's rounds are epochs
        float rate = t.lrSchedule.rate(rule.learningRate(), clock);
        lr = rate;
        for (int l : in.layers) {
            FloatMatrix g = ws.gradient(l);
            // only a normalized step needs ‖G‖ (a NaN gradient under the other rules shows in the next minibatch loss)
            double norm = normalized ? k.frobeniusNorm(g) : 1;
            if (!Double.isFinite(norm)) throw diverged(phase, stepInEpoch, String.valueOf(l), "the gradient norm is " + norm);
            if (stepper.step(k, l, g, norm, rate)) weightsUpdated += net.layer(l).parameterCount();
        }
        steps++;
        if (weightsUpdated >= settings.weightBudget()) stop = true;
    }

    /** Mean loss of the phase's objective on the probe rows (the probe's time counts as training time). */
    private double probeLoss(PhaseInput in) {
        FloatMatrix xFull = FloatMatrix.of(xBuf, 0, yFull.rows(), in.width, maxWidth);
        double sum = 0;
        for (int s = 0; s < probe.length; s += yFull.rows()) {
            int rows = Math.min(yFull.rows(), probe.length - s);
            FloatMatrix x = xFull.rowRange(0, rows), y = yFull.rowRange(0, rows);
            gather(in.source, probe, s, x, y, in.path == null);
            sum += in.loss(x, y, false) * rows;
        }
        return sum / probe.length;
    }

    private void recordAfterEpoch(Phase phase, String label, boolean phaseEnds) {
        if (points.length > 0) {
            if (phaseEnds && pointPassed()) {
                passPoints();
                record(phase.index(), label, epochsDone);
            } else if (phaseEnds && schedule.needsPhaseEndLoss()) {
                record(phase.index(), label, epochsDone);
            }
            return;
        }
        if (t.evalEverySteps == 0 || phaseEnds) {
            if (history.last().epoch() != epochsDone || phaseEnds) record(phase.index(), label, epochsDone);
        }
    }

    private void shuffle() { Args.shuffle(perm, rnd); }

    /** Copies rows {@code order[start..start + x.rows())} of {@code source} (and their targets) into the batch buffers. */
    private void gather(FloatMatrix source, int[] order, int start, FloatMatrix x, FloatMatrix y, boolean withTargets) {
        k.gatherRows(source, order, start, x);
        if (withTargets) k.gatherRows(train.targets(), order, start, y);
    }

    private TrainingDivergedException diverged(Phase phase, int step, String layer, String what) {
        return diverged("at epoch " + ((int) epochsDone + 1) + ", step " + (step + 1) + " of phase " + phase.index() + " (" + phase.name() + ", layer " + layer + ")", what);
    }
}
