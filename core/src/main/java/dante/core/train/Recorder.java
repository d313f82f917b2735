package dante.core.train;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import dante.core.data.Dataset;
import dante.core.nn.Network;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;

/**
 * The record-keeper every run extends ({@link TrainerRun}, {@link AdmmRun}, {@link AmAdamRun}):
 * the counters (steps, weights updated, seconds, epochs, rate), the history and its
 * evaluation points, the accuracy target, the listeners, and the divergence guard with the
 * weights of the last good evaluation. One rule for every trainer: an evaluation whose watched
 * loss (training, or validation when the training loss is not evaluated) is not finite, or has
 * run away to more than {@value #RUNAWAY} times its initial value (and 1), is a divergence.
 */
class Recorder {
    /** An evaluated loss this many times its initial value (and above this many times 1) is a divergence, though finite. */
    static final double RUNAWAY = 1e4;

    final Network net;
    final Kernels k;
    final RunSettings settings;
    final Dataset train, validation, test;
    final DistributedRows remote;
    final List<TrainingListener> listeners;
    final Evaluator evaluator;
    /** The rows the training loss is computed on when they are a sample of the training set (null: every row). */
    private final Dataset trainSample;
    final TrainingHistory history = new TrainingHistory();
    final List<String> notes = new ArrayList<>();
    final long plannedSteps, plannedWeights;
    final long[] points;
    final TrainingListener.Progress progress = new TrainingListener.Progress(null, 0, 0, 0, 0, Double.NaN, 0, 0);
    private final MatrixArena goodArena = new MatrixArena();
    private final MemorySegment lastGood;          // off-heap copy of the parameters at the last good evaluation
    int nextPoint;
    long steps, weightsUpdated;
    double seconds, epochsDone, lr, initialLoss = Double.NaN, lastGoodEpoch;
    boolean stop;

    /**
     * @param train the training rows here (null when {@code remote} holds them)
     * @param remote the training rows elsewhere (null when local)
     * @param plan the planned steps and weights, whose budget the evaluation points divide
     */
    Recorder(Network net, Dataset train, DistributedRows remote, RunSettings s, BudgetPlan plan) {
        this.net = net;
        this.k = s.kernels();
        this.settings = s;
        this.train = train;
        this.remote = remote;
        this.validation = s.validation();
        this.test = s.test();
        this.listeners = s.listeners();
        plannedSteps = plan.steps();
        plannedWeights = plan.weightsUpdated();
        points = plan.evaluationPoints(s.evalPoints());
        int largest = Math.max(remote != null ? remote.size() : train.size(), Math.max(validation == null ? 1 : validation.size(), test == null ? 1 : test.size()));
        Evaluator ev = null;
        try {
            lastGood = goodArena.allocateFloats(net.parameterCount());
            MemorySegment.copy(net.slab(), 0, lastGood, 0, net.parameterCount() * Float.BYTES);
            ev = new Evaluator(k, net, largest);
            trainSample = trainLossSample(train, s);
        } catch (RuntimeException | Error e) {
            if (ev != null) ev.close();
            goodArena.close();
            throw e;
        }
        evaluator = ev;
    }

    /** The rows {@link RunSettings#trainLossRows()} asks for, copied once (null: every row, or the rows are elsewhere). */
    static Dataset trainLossSample(Dataset train, RunSettings s) {
        int n = s.trainLossRows();
        if (!s.evaluateTrainLoss() || train == null || !RunSettings.samplesTrainLoss(n, train.size())) return null;
        return train.select(train.name() + " (" + n + " rows evenly spaced)", evenlySpaced(train.size(), n));
    }

    /** Rows ⌊i·size/n⌋ for i &lt; n: n distinct rows, evenly spaced, the first row first. */
    static int[] evenlySpaced(int size, int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = (int) ((long) i * size / n);
        return rows;
    }

    /** Frees the evaluation buffers and the copy of the last good weights. */
    void closeRecorder() {
        if (trainSample != null) trainSample.close();
        evaluator.close();
        goodArena.close();
    }

    /** Whether the run has passed an evaluation point it has not recorded. */
    boolean pointPassed() { return nextPoint < points.length && weightsUpdated >= points[nextPoint]; }

    /** Marks every point the run has passed as recorded. */
    void passPoints() { while (nextPoint < points.length && weightsUpdated >= points[nextPoint]) nextPoint++; }

    /**
     * Continues the record of a stopped run: its history and counters (steps are whole epochs of
     * {@code stepsPerEpoch}), the points it passed; the network already holds its weights.
     */
    void restoreRecord(Checkpoint c, long stepsPerEpoch) {
        for (HistoryRow r : c.history().rows()) history.add(r);
        HistoryRow first = c.history().rows().get(0);
        initialLoss = settings.evaluateTrainLoss() ? first.trainLoss() : first.validationLoss();
        epochsDone = c.epochs();
        weightsUpdated = c.weightsUpdated();
        seconds = c.seconds();
        steps = c.epochs() * stepsPerEpoch;
        passPoints();
        lastGoodEpoch = c.epochs();
    }

    /**
     * Evaluates the network (training loss, validation and test metrics), adds the row, tells
     * the listeners, and applies the divergence guard and the accuracy target.
     *
     * @throws TrainingDivergedException when the watched loss is not finite or ran away
     */
    void record(int phaseIndex, String label, double epoch) {
        double[] none = {Double.NaN, Double.NaN};
        boolean trainLoss = settings.evaluateTrainLoss();
        double[] tr = !trainLoss ? none : remote != null ? remote.evaluate(net) : evaluator.evaluate(trainSample != null ? trainSample : train);
        double[] va = validation == null ? none : evaluator.evaluate(validation);
        double[] te = test == null ? none : evaluator.evaluate(test);
        HistoryRow row = new HistoryRow(epoch, phaseIndex, label, weightsUpdated, lr, tr[0], va[0], va[1], te[0], te[1], seconds);
        history.add(row);
        double watched = trainLoss ? tr[0] : va[0];
        if (Double.isNaN(initialLoss)) initialLoss = watched;
        if (trainLoss || validation != null) {
            String which = trainLoss ? "the training loss is " : "the validation loss is ";
            if (!Double.isFinite(watched)) throw diverged("by epoch " + fmtEpoch(epoch) + " (phase " + phaseIndex + ", layer " + label + ")", which + watched);
            if (watched > RUNAWAY * Math.max(initialLoss, 1)) {
                throw diverged("by epoch " + fmtEpoch(epoch) + " (phase " + phaseIndex + ", layer " + label + ")",
                        which + watched + ", more than " + (long) RUNAWAY + " times its initial value " + initialLoss);
            }
        }
        MemorySegment.copy(net.slab(), 0, lastGood, 0, net.parameterCount() * Float.BYTES);
        lastGoodEpoch = epoch;
        for (TrainingListener li : listeners) li.evaluated(row);
        double target = validation != null ? va[1] : te[1];
        if (!Double.isNaN(settings.stopAtAccuracy()) && target >= settings.stopAtAccuracy()) stop = true;
    }

    /**
     * Puts the network back to the weights of the last good evaluation and returns the
     * exception to throw, carrying what the run did.
     *
     * @param where e.g. "at epoch 3, step 12 of phase 0 (joint, layer 0-1)"
     * @param what e.g. "the minibatch loss is NaN"
     */
    TrainingDivergedException diverged(String where, String what) {
        MemorySegment.copy(lastGood, 0, net.slab(), 0, net.parameterCount() * Float.BYTES);
        return new TrainingDivergedException("training diverged " + where + ": " + what + "; the network holds the weights of the last good evaluation (epoch "
                + fmtEpoch(lastGoodEpoch) + ")." + remedy(),
                new Trainer.Result(history.copy(), steps, weightsUpdated, seconds, false, List.copyOf(notes), null, plannedWeights, 0));
    }

    /** What a divergence message suggests (a run whose algorithm has no learning rate names its own remedy). */
    String remedy() { return " Try a smaller learning rate."; }

    /** What the run did, with the step rule's final state and the frozen-layer cache's work. */
    Trainer.Result result(StepRule.StateDict state, long cacheLayerRows) {
        return new Trainer.Result(history, steps, weightsUpdated, seconds, settings.stoppedAtTarget(stop, weightsUpdated),
                List.copyOf(notes), state, plannedWeights, cacheLayerRows);
    }

    static String fmtEpoch(double e) { return e == Math.rint(e) ? String.valueOf((long) e) : String.format("%.2f", e); }
}
