package dante.core.train;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import dante.core.nn.Activation;
import dante.core.nn.Layer;
import dante.core.nn.Network;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;
import dante.kernels.Transpose;

/**
 * One run of AM-Adam (see {@link AuxiliaryTrainer.AmAdam}). Buffers for one minibatch are
 * allocated once; a step makes only short-lived row views of them (not measured for
 * allocation, unlike the {@link Trainer}'s steps). Codes are the hidden layers' pre-activations
 * {@code c_l} (B × d_l). Losses are means, as in the authors' PyTorch code
 * ({@code F.mse_loss} averages over every element; the network's loss over the rows).
 */
final class AmAdamRun extends AuxiliaryTrainer.Run {
    private final AuxiliaryTrainer.AmAdam p;
    private final int depth, n, batch;
    private final MatrixArena arena = new MatrixArena();
    private final FloatMatrix xFull, yFull, actOutFull, proxFull;
    private final FloatMatrix[] codeFull, code0Full, velFull, hFull, outFull, dOutFull, dhFull;
    private final MemorySegment gradSlab;
    private final FloatMatrix[] gradW, gradB, gradFlat;          // each layer's views of the gradient slab, made once
    private final StepRule.Stepper adam;
    private final int[] perm;
    private final LearningRateSchedule.Clock clock = new LearningRateSchedule.Clock();   // the run's one phase: rounds are epochs
    private final SplittableRandom rnd;
    /** The last minibatch's code objective per hidden layer, before and after its code steps (tests read it). */
    final double[] codeObjectiveBefore, codeObjectiveAfter;
    double mu;

    AmAdamRun(AuxiliaryTrainer t, AuxiliaryTrainer.AmAdam p, BudgetPlan plan) {
        super(t, plan);
        this.p = p;
        Network net = t.net;
        depth = net.depth();
        n = t.train.size();
        batch = Math.min(settings.batch(), n);
        xFull = arena.allocate(batch, net.inputs());
        yFull = arena.allocate(batch, net.outputs());
        actOutFull = arena.allocate(batch, net.outputs());
        int widestHidden = 1;
        for (int l = 0; l < depth - 1; l++) widestHidden = Math.max(widestHidden, net.layer(l).outputs());
        proxFull = arena.allocate(batch, widestHidden);
        codeFull = new FloatMatrix[depth];
        code0Full = new FloatMatrix[depth];
        velFull = new FloatMatrix[depth];
        hFull = new FloatMatrix[depth];
        outFull = new FloatMatrix[depth];
        dOutFull = new FloatMatrix[depth];
        dhFull = new FloatMatrix[depth];
        for (int l = 0; l < depth; l++) {
            int w = net.layer(l).outputs();
            outFull[l] = arena.allocate(batch, w);
            dOutFull[l] = arena.allocate(batch, w);
            if (l < depth - 1) {
                codeFull[l] = arena.allocate(batch, w);
                code0Full[l] = arena.allocate(batch, w);
                velFull[l] = arena.allocate(batch, w);
                hFull[l] = arena.allocate(batch, w);
                dhFull[l] = arena.allocate(batch, w);
            }
        }
        gradSlab = arena.allocateFloats(net.parameterCount());
        gradW = new FloatMatrix[depth];
        gradB = new FloatMatrix[depth];
        gradFlat = new FloatMatrix[depth];
        for (int l = 0; l < depth; l++) {
            gradW[l] = net.layer(l).weightIn(gradSlab);
            gradB[l] = net.layer(l).biasIn(gradSlab);
            gradFlat[l] = net.layer(l).flatIn(gradSlab);
        }
        adam = new StepRule.Adam(p.learningRate()).bind(net);
        perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        rnd = new SplittableRandom(settings.seed());
        codeObjectiveBefore = new double[Math.max(0, depth - 1)];
        codeObjectiveAfter = new double[Math.max(0, depth - 1)];
        mu = p.mu();
        lr = p.learningRate();
    }

    Trainer.Result go() {
        try {
            int stepsPerEpoch = (n + batch - 1) / batch;
            clock.stepsPerEpoch = stepsPerEpoch;
            clock.totalSteps = (long) t.epochs * stepsPerEpoch;
            clock.phaseSteps = clock.totalSteps;
            int first = settings.resumeFrom() == null ? 0 : restore(settings.resumeFrom(), stepsPerEpoch);
            if (first == 0) record(0);
            for (TrainingListener li : listeners) li.phaseStarted(phase, first);
            long lastCheckpoint = first;
            for (int epoch = first; epoch < t.epochs && !stop; epoch++) {
                shuffle();
                double halving = p.halveEvery() == 0 ? 1 : Math.pow(0.5, epoch / p.halveEvery());
                long t0 = System.nanoTime();
                int s = 0;
                for (; s < stepsPerEpoch && !stop; s++) {
                    int start = s * batch, rows = Math.min(batch, n - start);
                    clock.step = (long) epoch * stepsPerEpoch + s;
                    clock.phaseStep = clock.step;
                    clock.round = epoch;
                    double scale = halving * t.lrSchedule.factor(clock);
                    float lrHidden = (float) (p.learningRate() * scale), lrOut = (float) (p.lrOut() * scale);
                    lr = lrHidden;
                    double loss = step(start, rows, lrHidden, lrOut);
                    if (!Double.isFinite(loss)) {
                        seconds += (System.nanoTime() - t0) / 1e9;
                        throw diverged("the minibatch loss is " + loss + " at step " + (s + 1));
                    }
                    if (mu < 10 * p.mu()) mu = Math.min(10 * p.mu(), mu + p.dMu());
                    double secs = seconds + (System.nanoTime() - t0) / 1e9;
                    stepped(loss, s, stepsPerEpoch, epoch, steps * (long) batch, secs);
                    boolean epochEnds = s == stepsPerEpoch - 1 || stop;
                    if (!epochEnds && points.length > 0 && nextPoint < points.length && weightsUpdated >= points[nextPoint]) {
                        seconds += (System.nanoTime() - t0) / 1e9;
                        afterStep(epochsDone + (s + 1.0) / stepsPerEpoch, false);
                        t0 = System.nanoTime();
                    }
                }
                seconds += (System.nanoTime() - t0) / 1e9;
                epochsDone += s == stepsPerEpoch ? 1.0 : (double) s / stepsPerEpoch;
                afterEpoch(epoch == t.epochs - 1 || stop);
                boolean whole = epochsDone == Math.rint(epochsDone);
                if (settings.checkpointSink() != null && whole && (epoch + 1 - lastCheckpoint >= settings.checkpointEvery() || epoch == t.epochs - 1 || stop)) {
                    settings.checkpointSink().save(new Checkpoint((long) epochsDone, weightsUpdated, seconds, (float) lr, history.copy(), adam.stateDict()), net);
                    lastCheckpoint = epoch + 1;
                }
            }
            for (TrainingListener li : listeners) li.phaseEnded(phase, new TrainingListener.IterateChoice(IterateRule.LAST, steps, steps, Double.NaN));
            notes.add("am-adam: " + steps + " minibatch steps of " + p.describe());
            return result(adam.stateDict());
        } finally {
            adam.close();
            arena.close();
            closeRecorder();
        }
    }

    /** Continues from a checkpoint: history, counters, Adam's state, μ, and the shuffles already drawn. Returns the epochs done. */
    private int restore(Checkpoint c, int stepsPerEpoch) {
        if (c.epochs() > t.epochs) {
            throw new IllegalArgumentException("cannot resume: the checkpoint is at epoch " + c.epochs() + " but the run has only " + t.epochs + " epochs");
        }
        restoreRecord(c, stepsPerEpoch);
        adam.loadStateDict(c.state());
        int epochs = (int) c.epochs();
        for (long s = 0; s < steps; s++) if (mu < 10 * p.mu()) mu = Math.min(10 * p.mu(), mu + p.dMu());   // as the run moved it, step by step
        for (int e = 0; e < epochs; e++) shuffle();
        return epochs;
    }

    private void shuffle() { Args.shuffle(perm, rnd); }

    /** One minibatch: forward, codes top-down, then every layer's Adam steps. Returns the minibatch loss before the update. */
    double step(int start, int rows, float lrHidden, float lrOut) {
        FloatMatrix x = xFull.rowRange(0, rows), y = yFull.rowRange(0, rows);
        MemorySegment xs = x.segment(), ys = y.segment();
        FloatMatrix tx = t.train.features(), ty = t.train.targets();
        for (int i = 0; i < rows; i++) {
            int r = perm[start + i];
            MemorySegment.copy(tx.segment(), tx.index(r, 0) * Float.BYTES, xs, x.index(i, 0) * Float.BYTES, (long) x.cols() * Float.BYTES);
            MemorySegment.copy(ty.segment(), ty.index(r, 0) * Float.BYTES, ys, y.index(i, 0) * Float.BYTES, (long) y.cols() * Float.BYTES);
        }
        return minibatch(x, y, lrHidden, lrOut);
    }

    /** The algorithm on one minibatch (package-private for the tests). */
    double minibatch(FloatMatrix x, FloatMatrix y, float lrHidden, float lrOut) {
        int rows = x.rows(), last = depth - 1;
        // (1) forward: the codes are the hidden pre-activations
        FloatMatrix in = x;
        for (int l = 0; l < depth; l++) {
            Layer layer = net.layer(l);
            FloatMatrix out = outFull[l].rowRange(0, rows);
            AdmmRun.affine(k, in, layer, out);
            if (l < last) {
                codeFull[l].rowRange(0, rows).copyFrom(out);
                FloatMatrix h = hFull[l].rowRange(0, rows);
                layer.activation().forward(k, out, h);
                in = h;
            }
        }
        FloatMatrix top = outFull[last].rowRange(0, rows);
        double loss = net.loss().valueAndGradient(k, net.layer(last).activation(), top, activated(last, top, rows), y, null);
        // (2) codes, top-down
        for (int l = last - 1; l >= 0; l--) {
            FloatMatrix c = codeFull[l].rowRange(0, rows), c0 = code0Full[l].rowRange(0, rows), v = velFull[l].rowRange(0, rows);
            c0.copyFrom(c);
            v.fill(0f);
            codeObjectiveBefore[l] = codeObjective(l, c, c0, y, rows, false);
            for (int it = 0; it < p.codeSteps(); it++) {
                codeObjective(l, c, c0, y, rows, true);          // gradient into dh[l]
                FloatMatrix g = dhFull[l].rowRange(0, rows);
                k.scale(p.codeMomentum(), v);                    // torch.optim.SGD, nesterov: v ← μv + g; c ← c − η(g + μv)
                k.axpy(1f, g, v);
                k.axpy(-p.codeLr(), g, c);
                k.axpy(-p.codeLr() * p.codeMomentum(), v, c);
            }
            codeObjectiveAfter[l] = codeObjective(l, c, c0, y, rows, false);
        }
        // (3) weights: every layer on its own sub-problem, from the codes
        for (int l = 0; l <= last; l++) {
            Layer layer = net.layer(l);
            FloatMatrix lin = l == 0 ? x : hiddenOf(l - 1, rows);
            FloatMatrix out = outFull[l].rowRange(0, rows), d = dOutFull[l].rowRange(0, rows);
            for (int it = 0; it < p.weightSteps(); it++) {
                AdmmRun.affine(k, lin, layer, out);
                if (l == last) {
                    net.loss().valueAndGradient(k, layer.activation(), out, activated(last, out, rows), y, d);
                } else {
                    k.mse(out, codeFull[l].rowRange(0, rows), 1f / ((float) rows * layer.outputs()), d);
                }
                k.gemm(Transpose.T, Transpose.N, 1f, d, lin, 0f, gradW[l]);
                if (layer.hasBias()) k.columnSums(1f, d, 0f, gradB[l]);
                adam.step(k, l, gradFlat[l], 1, l == last ? lrOut : lrHidden);
            }
        }
        return loss;
    }

    /** h(c_l) from the (updated) code, into the activation buffer. */
    private FloatMatrix hiddenOf(int l, int rows) {
        FloatMatrix h = hFull[l].rowRange(0, rows);
        net.layer(l).activation().forward(k, codeFull[l].rowRange(0, rows), h);
        return h;
    }

    /** The output layer's activation of {@code z}: z itself for the identity, else its own buffer. */
    private FloatMatrix activated(int last, FloatMatrix z, int rows) {
        Activation act = net.layer(last).activation();
        if (act instanceof Activation.Identity) return z;
        FloatMatrix a = actOutFull.rowRange(0, rows);
        act.forward(k, z, a);
        return a;
    }

    /**
     * The code objective of hidden layer l: {@code (1/μ)·loss(W h(c) + b, y)} for the top
     * code, {@code mean‖W h(c) + b − c_{l+1}‖²} below it, plus {@code mean‖c − c⁰‖²}; with
     * {@code gradient} its gradient with respect to c goes into {@code dh[l]}.
     */
    double codeObjective(int l, FloatMatrix c, FloatMatrix c0, FloatMatrix y, int rows, boolean gradient) {
        int last = depth - 1;
        Layer layer = net.layer(l), next = net.layer(l + 1);
        FloatMatrix h = hFull[l].rowRange(0, rows);
        layer.activation().forward(k, c, h);
        FloatMatrix out = outFull[l + 1].rowRange(0, rows), d = dOutFull[l + 1].rowRange(0, rows);
        AdmmRun.affine(k, h, next, out);
        double value;
        if (l + 1 == last) {
            double lossValue = net.loss().valueAndGradient(k, next.activation(), out, activated(last, out, rows), y, gradient ? d : null);
            value = lossValue / mu;
            if (gradient) k.scale((float) (1 / mu), d);
        } else {
            value = k.mse(out, codeFull[l + 1].rowRange(0, rows), 1f / ((float) rows * next.outputs()), gradient ? d : null) / ((double) rows * next.outputs());
        }
        int w = layer.outputs();
        FloatMatrix g = dhFull[l].rowRange(0, rows);
        if (gradient) {
            k.gemm(Transpose.N, Transpose.N, 1f, d, next.weight(), 0f, g);        // ∂/∂h
            layer.activation().backward(k, c, h, g, g);                         // ∂/∂c through h
        }
        return value + proximity(c, c0, gradient ? g : null, rows, w);
    }

    /** {@code mean‖c − c⁰‖²}; adds its gradient {@code 2(c − c⁰)/(B·d)} to {@code g} when given. */
    private double proximity(FloatMatrix c, FloatMatrix c0, FloatMatrix g, int rows, int w) {
        float inv = 1f / ((float) rows * w);
        FloatMatrix pg = proxFull.view(0, 0, rows, w);
        double s = k.mse(c, c0, inv, g == null ? null : pg);
        if (g != null) k.axpy(1f, pg, g);
        return s / ((double) rows * w);
    }
}
