package dante.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dante.core.data.Dataset;
import dante.kernels.Kernels;

/**
 * What every run takes, whichever trainer runs it ({@link Trainer} or {@link AuxiliaryTrainer}):
 * the held-out sets, the kernels, the minibatch, the seed, when to evaluate, when to stop,
 * who listens, and checkpoints. Both trainers' builders extend {@link Builder}, so a setting
 * is written, checked and documented once; {@link #builder()} makes one to hand to either
 * ({@code Trainer.builder(net, train).settings(s)}).
 *
 * @param validation the validation split (null: none); {@code stopAtAccuracy} reads it when given
 * @param test the held-out test set (null: none), recorded, never used for a choice
 * @param kernels the kernels to compute with
 * @param batch the minibatch size
 * @param seed the seed of the minibatch shuffle
 * @param evalPoints evaluate at this many points evenly spaced in weights updated over the planned budget (0: once per epoch)
 * @param weightBudget stop once this many scalar weight updates have been made (Long.MAX_VALUE: no budget)
 * @param stopAtAccuracy stop once validation accuracy (test accuracy without a validation split) reaches this (NaN: never)
 * @param evaluateTrainLoss whether evaluations compute the training loss
 * @param trainLossRows how many training rows the training loss is computed on: 0 for every row; else that many rows
 *        evenly spaced through the training set (row ⌊i·n/rows⌋ for i &lt; rows), the same rows at every evaluation
 * @param listeners who sees every evaluation, phase and step
 * @param resumeFrom the checkpoint to continue from (null: a fresh run)
 * @param checkpointSink where checkpoints go (null: none)
 * @param checkpointEvery epochs between checkpoints
 */
public record RunSettings(Dataset validation, Dataset test, Kernels kernels, int batch, long seed, int evalPoints, long weightBudget,
                          double stopAtAccuracy, boolean evaluateTrainLoss, int trainLossRows, List<TrainingListener> listeners,
                          Checkpoint resumeFrom, Checkpoint.Sink checkpointSink, int checkpointEvery) {
    /** Checks every setting and copies the listeners. */
    public RunSettings {
        Objects.requireNonNull(kernels, "kernels");
        Args.batch(batch);
        Args.evalPoints(evalPoints);
        Args.budget(weightBudget);
        if (!Double.isNaN(stopAtAccuracy)) Args.accuracy(stopAtAccuracy);
        Args.checkpointEvery(checkpointEvery);
        if (trainLossRows < 0) throw new IllegalArgumentException("trainLossRows: expected 0 (every row) or a positive number of rows, found " + trainLossRows);
        listeners = List.copyOf(listeners);
    }

    /**
     * Settings to hand to either trainer's builder; its defaults are the {@link Trainer}'s (batch 64).
     *
     * @return a builder
     */
    public static Of builder() { return new Of(); }

    /**
     * Whether the training loss is computed on a sample: {@code rows} asked for, fewer than the {@code trainRows} held here.
     *
     * @param rows the sample's size asked for (0: every row)
     * @param trainRows the training set's size
     * @return whether a sample of {@code rows} rows is evaluated instead of the whole set
     */
    public static boolean samplesTrainLoss(int rows, int trainRows) { return rows > 0 && rows < trainRows; }

    /** Whether the run stopped at its accuracy target before its budget of weights updated. */
    boolean stoppedAtTarget(boolean stopped, long weightsUpdated) {
        return stopped && !Double.isNaN(stopAtAccuracy) && weightsUpdated < weightBudget;
    }

    /** The builder {@link #builder()} returns. */
    public static final class Of extends Builder<Of> {
        Of() { super(64); }

        @Override
        Of self() { return this; }

        /**
         * The settings as they stand.
         *
         * @return the settings
         */
        public RunSettings build() { return settings(); }
    }

    /**
     * The setters every run shares; a trainer's builder adds its own.
     *
     * @param <B> the builder's own type, which every setter returns
     */
    public abstract static sealed class Builder<B extends Builder<B>> permits Of, Trainer.Builder, AuxiliaryTrainer.Builder {
        private Dataset validation, test;
        private Kernels kernels;
        private int batch;
        private long seed, weightBudget = Long.MAX_VALUE;
        private int evalPoints, checkpointEvery = 1;
        private double stopAtAccuracy = Double.NaN;
        private boolean evaluateTrainLoss = true;
        private int trainLossRows;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Checkpoint resumeFrom;
        private Checkpoint.Sink checkpointSink;

        Builder(int defaultBatch) { this.batch = defaultBatch; }

        abstract B self();

        /**
         * Every setting from {@code s}, replacing what was set (listeners included).
         *
         * @param s the settings
         * @return this builder
         */
        public B settings(RunSettings s) {
            validation = s.validation();
            test = s.test();
            kernels = s.kernels();
            batch = s.batch();
            seed = s.seed();
            evalPoints = s.evalPoints();
            weightBudget = s.weightBudget();
            stopAtAccuracy = s.stopAtAccuracy();
            evaluateTrainLoss = s.evaluateTrainLoss();
            trainLossRows = s.trainLossRows();
            listeners.clear();
            listeners.addAll(s.listeners());
            resumeFrom = s.resumeFrom();
            checkpointSink = s.checkpointSink();
            checkpointEvery = s.checkpointEvery();
            return self();
        }

        /** The settings as they stand (the kernels default to {@link Kernels#best()}, made here when none were given). */
        RunSettings settings() {
            return new RunSettings(validation, test, kernels != null ? kernels : Kernels.best(), batch, seed, evalPoints, weightBudget, stopAtAccuracy,
                    evaluateTrainLoss, trainLossRows, listeners, resumeFrom, checkpointSink, checkpointEvery);
        }

        /**
         * The held-out test set: evaluated and recorded, never used for a choice.
         *
         * @param d the test set
         * @return this builder
         */
        public B test(Dataset d) { this.test = d; return self(); }

        /**
         * The validation split that hyperparameters are chosen on (and that {@link #stopAtAccuracy} reads when given).
         *
         * @param d the validation split
         * @return this builder
         */
        public B validation(Dataset d) { this.validation = d; return self(); }

        /**
         * The kernels to compute with (default {@link Kernels#best()}).
         *
         * @param k the kernels
         * @return this builder
         */
        public B kernels(Kernels k) { this.kernels = Objects.requireNonNull(k, "kernels"); return self(); }

        /**
         * The seed of the minibatch shuffle (default 0).
         *
         * @param s the seed
         * @return this builder
         */
        public B seed(long s) { this.seed = s; return self(); }

        /**
         * Adds a listener that sees every evaluation, phase and step.
         *
         * @param l the listener
         * @return this builder
         */
        public B listener(TrainingListener l) { this.listeners.add(Objects.requireNonNull(l, "listener")); return self(); }

        /**
         * Whether evaluations compute the loss over the whole training set (default on; off leaves train_loss empty).
         *
         * @param on whether to evaluate the training loss
         * @return this builder
         */
        public B evaluateTrainLoss(boolean on) { this.evaluateTrainLoss = on; return self(); }

        /**
         * Computes the training loss on {@code rows} rows evenly spaced through the training set (row ⌊i·n/rows⌋ of n, for
         * i &lt; rows; the same rows at every evaluation) instead of on every row: an evaluation of a 60 000-row set costs
         * a third of an epoch's arithmetic, a 10 000-row sample a sixth of that. Evenly spaced rows keep the class shares of
         * a file sorted by class. Default 0: every row. Rows held elsewhere ({@code DistributedRows}) are always evaluated
         * whole.
         *
         * @param rows the sample's size (0: every row; at least the training set's size: every row too)
         * @return this builder
         */
        public B trainLossRows(int rows) { this.trainLossRows = rows; return self(); }

        /**
         * The minibatch size (the {@link Trainer}'s default is 64; AM-Adam's 200, the authors'; ADMM uses every example at once).
         *
         * @param b the minibatch size (at least 1)
         * @return this builder
         */
        public B batchSize(int b) { this.batch = Args.batch(b); return self(); }

        /**
         * Evaluate at {@code k} points evenly spaced in weights updated over the planned budget (0: off).
         *
         * @param k the number of evaluation points (at least 0)
         * @return this builder
         */
        public B evaluateAtPoints(int k) { this.evalPoints = Args.evalPoints(k); return self(); }

        /**
         * Stop once this many scalar weight updates have been made (the paper's x-axis budget).
         *
         * @param budget the largest number of weights updated
         * @return this builder
         */
        public B stopAtWeightsUpdated(long budget) { this.weightBudget = Args.budget(budget); return self(); }

        /**
         * Stop once validation accuracy (test accuracy when there is no validation split) reaches this value.
         *
         * @param acc the accuracy that ends the run, in (0, 1]
         * @return this builder
         */
        public B stopAtAccuracy(double acc) { this.stopAtAccuracy = Args.accuracy(acc); return self(); }

        /**
         * Continue from a checkpoint taken at an epoch's end; the network must hold the weights
         * saved with it. With the same seed and settings the result is the uninterrupted run's.
         *
         * @param from the checkpoint
         * @return this builder
         */
        public B resume(Checkpoint from) { this.resumeFrom = Objects.requireNonNull(from, "checkpoint"); return self(); }

        /**
         * Hand a {@link Checkpoint} to {@code sink} at the end of every {@code everyEpochs}-th
         * epoch and at the end of the run (not after a divergence), so a run stopped at any
         * instant can continue from its last one.
         *
         * @param everyEpochs how many epochs between checkpoints (at least 1)
         * @param sink receives each checkpoint
         * @return this builder
         */
        public B checkpoints(int everyEpochs, Checkpoint.Sink sink) {
            this.checkpointEvery = Args.checkpointEvery(everyEpochs);
            this.checkpointSink = Objects.requireNonNull(sink, "checkpoint sink");
            return self();
        }
    }
}
