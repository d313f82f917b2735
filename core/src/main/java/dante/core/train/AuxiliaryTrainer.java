package dante.core.train;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dante.core.data.Dataset;
import dante.core.nn.Network;
import dante.kernels.Kernels;

/**
 * The other alternating-minimization trainers the paper compares with (its Figure 8), which
 * split the network with auxiliary variables instead of freezing layers:
 * {@link Admm Taylor et al.'s ADMM} (ICML 2016, full batch, closed-form sub-problems, a
 * Lagrange multiplier on the output layer) and {@link AmAdam Choromanska et al.'s AM-Adam}
 * (ICML 2019, online: per minibatch, codes then weights, Adam on the weight sub-problems).
 *
 * <p>They fill the same {@link Trainer.Result} as the {@link Trainer}: history rows with
 * weights updated, losses, accuracies and seconds, evaluations once per epoch (an ADMM
 * iteration is one epoch: every weight updated once from every example) or at K points of
 * the weights-updated budget, a budget, an accuracy target, listeners, and the divergence
 * guard (a non-finite or runaway loss stops the run with the weights of the last good
 * evaluation). The network keeps its own layers and activations; evaluation is its plain
 * forward pass.
 */
public final class AuxiliaryTrainer {

    /** Which algorithm, with its hyperparameters. */
    public sealed interface Algorithm permits Admm, AmAdam {
        /**
         * e.g. "admm(beta=1, gamma=10, …)".
         *
         * @return the algorithm and its hyperparameters, one line
         */
        String describe();
    }

    /**
     * Taylor et al.'s ADMM. Per iteration, for each hidden layer in turn: the weights by
     * least squares ({@code W_l ← z_l·ã_{l−1}⁺} with the bias as a column of ones; a ridge
     * {@code ridge·mean(diag)} stands in for the pseudo-inverse), the activations by the
     * linear system {@code (β W_{l+1}ᵀW_{l+1} + γ I)}, the pre-activations entry by entry in
     * closed form (piecewise-linear activations); then the output layer's weights, its
     * pre-activations (closed form under MSE, a strongly convex proximal problem solved by
     * {@code outputSteps} gradient steps under cross-entropy) and the Bregman/Lagrange
     * multiplier {@code λ ← λ + β(z_L − W_L a_{L−1})}, after {@code warmStart} iterations
     * without it.
     *
     * @param beta β, the penalty on {@code z_l = W_l a_{l−1}} (every layer)
     * @param gamma γ, the penalty on {@code a_l = h(z_l)}
     * @param warmStart iterations before the multiplier starts to move
     * @param ridge the least-squares ridge, relative to the Gram matrix's mean diagonal
     * @param outputSteps gradient steps of the output layer's proximal problem under cross-entropy
     */
    public record Admm(double beta, double gamma, int warmStart, double ridge, int outputSteps) implements Algorithm {
        /**
         * Checks every hyperparameter.
         *
         * @throws IllegalArgumentException naming the first that is out of range
         */
        public Admm {
            if (!(beta > 0 && Double.isFinite(beta))) throw new IllegalArgumentException("admm: beta must be positive, found " + beta);
            if (!(gamma > 0 && Double.isFinite(gamma))) throw new IllegalArgumentException("admm: gamma must be positive, found " + gamma);
            if (warmStart < 0) throw new IllegalArgumentException("admm: warm-start iterations must be ≥ 0, found " + warmStart);
            if (!(ridge >= 0 && ridge < 1)) throw new IllegalArgumentException("admm: ridge must be in [0, 1), found " + ridge);
            if (outputSteps < 1) throw new IllegalArgumentException("admm: output steps must be at least 1, found " + outputSteps);
        }

        /**
         * β = 1, γ = 10, warm start 5 iterations, ridge 1e-4, 20 output steps.
         *
         * @return ADMM with these defaults
         */
        public static Admm defaults() { return new Admm(1, 10, 5, 1e-4, 20); }

        /**
         * The same with β set to {@code b} (what a grid varies: ADMM has no learning rate).
         *
         * @param b the new β
         * @return the changed copy
         */
        public Admm withBeta(double b) { return new Admm(b, gamma, warmStart, ridge, outputSteps); }

        @Override
        public String describe() {
            return "admm(beta=" + beta + ", gamma=" + gamma + ", warm_start=" + warmStart + ", ridge=" + ridge + ", output_steps=" + outputSteps + ")";
        }
    }

    /**
     * Choromanska et al.'s online alternating minimization with Adam (AM-Adam). Per
     * minibatch: a forward pass gives the codes (each hidden layer's pre-activation); the
     * codes move top-down by {@code codeSteps} Nesterov-SGD steps ({@code codeLr}, momentum
     * {@code codeMomentum}) on {@code (1/μ)·loss(W_{l+1} h(c_l), next) + mean‖c_l − c_l⁰‖²},
     * where next is the targets above the top code and the (already updated) code above
     * otherwise, and the losses between codes are mean squared errors; then every layer
     * takes {@code weightSteps} Adam steps on its own sub-problem (the output layer on the
     * network's loss from the top code at {@code lrOut}, the others on the mean squared error
     * to their code at the learning rate). μ grows by {@code dMu} per minibatch up to 10μ₀;
     * the learning rates halve every {@code halveEvery} epochs (0: never). The defaults are
     * the authors' (IBM/online-alt-min, run_altmin_sgd.py).
     *
     * @param learningRate Adam's rate on the hidden layers' sub-problems
     * @param lrOut Adam's rate on the output layer's sub-problem
     * @param mu μ, the weight of the code-proximity term against the loss
     * @param dMu μ's growth per minibatch
     * @param codeSteps code-update steps per minibatch and layer
     * @param codeLr the code steps' rate
     * @param codeMomentum the code steps' Nesterov momentum
     * @param weightSteps Adam steps per minibatch and layer
     * @param halveEvery epochs between halvings of the learning rates (0: never)
     */
    public record AmAdam(float learningRate, float lrOut, double mu, double dMu, int codeSteps, float codeLr, float codeMomentum,
                         int weightSteps, int halveEvery) implements Algorithm {
        /**
         * Checks every hyperparameter.
         *
         * @throws IllegalArgumentException naming the first that is out of range
         */
        public AmAdam {
            if (!(learningRate > 0 && Float.isFinite(learningRate))) throw new IllegalArgumentException("am-adam: learning rate must be positive, found " + learningRate);
            if (!(lrOut > 0 && Float.isFinite(lrOut))) throw new IllegalArgumentException("am-adam: output learning rate must be positive, found " + lrOut);
            if (!(mu > 0 && Double.isFinite(mu))) throw new IllegalArgumentException("am-adam: mu must be positive, found " + mu);
            if (!(dMu >= 0 && Double.isFinite(dMu))) throw new IllegalArgumentException("am-adam: mu's growth must be ≥ 0, found " + dMu);
            if (codeSteps < 1) throw new IllegalArgumentException("am-adam: code steps must be at least 1, found " + codeSteps);
            if (!(codeLr > 0 && Float.isFinite(codeLr))) throw new IllegalArgumentException("am-adam: code learning rate must be positive, found " + codeLr);
            if (!(codeMomentum >= 0 && codeMomentum < 1)) throw new IllegalArgumentException("am-adam: code momentum must be in [0, 1), found " + codeMomentum);
            if (weightSteps < 1) throw new IllegalArgumentException("am-adam: weight steps must be at least 1, found " + weightSteps);
            if (halveEvery < 0) throw new IllegalArgumentException("am-adam: halving interval must be ≥ 0 epochs, found " + halveEvery);
        }

        /**
         * The authors' defaults: rates 0.008, μ = 0.003 constant, 5 code steps at 0.3 with momentum 0.9, 1 Adam step, halving every 8 epochs.
         *
         * @return AM-Adam with the authors' defaults
         */
        public static AmAdam defaults() { return new AmAdam(0.008f, 0.008f, 0.003, 0, 5, 0.3f, 0.9f, 1, 8); }

        /**
         * The same with both Adam rates set to {@code lr} (what a learning-rate grid varies).
         *
         * @param lr the new rate of both Adam steps
         * @return the changed copy
         */
        public AmAdam withLearningRate(float lr) { return new AmAdam(lr, lr, mu, dMu, codeSteps, codeLr, codeMomentum, weightSteps, halveEvery); }

        @Override
        public String describe() {
            return "am-adam(lr=" + learningRate + ", lr_out=" + lrOut + ", mu=" + mu + ", d_mu=" + dMu + ", code_steps=" + codeSteps + ", code_lr=" + codeLr
                    + ", code_momentum=" + codeMomentum + ", weight_steps=" + weightSteps + ", halve_every=" + halveEvery + ")";
        }
    }

    final Network net;
    final Dataset train, validation, test;
    final Algorithm algorithm;
    final Kernels k;
    final int batch, epochs, evalPoints;
    final long seed, weightBudget;
    final double stopAtAccuracy;
    final boolean evaluateTrainLoss;
    final List<TrainingListener> listeners;
    final Checkpoint resumeFrom;
    final Checkpoint.Sink checkpointSink;
    final int checkpointEvery;

    private AuxiliaryTrainer(Builder b) {
        net = b.net;
        train = b.train;
        validation = b.validation;
        test = b.test;
        algorithm = b.algorithm;
        k = b.kernels;
        batch = b.batch;
        epochs = b.epochs;
        evalPoints = b.evalPoints;
        seed = b.seed;
        weightBudget = b.weightBudget;
        stopAtAccuracy = b.stopAtAccuracy;
        evaluateTrainLoss = b.evaluateTrainLoss;
        listeners = List.copyOf(b.listeners);
        resumeFrom = b.resumeFrom;
        checkpointSink = b.checkpointSink;
        checkpointEvery = b.checkpointEvery;
        if ((resumeFrom != null || checkpointSink != null) && algorithm instanceof Admm) {
            throw new IllegalArgumentException("admm keeps no checkpoints: its state is a set of variables per training example; run it again");
        }
        Args.fits(net, train, "training set");
        if (validation != null) Args.fits(net, validation, "validation set");
        if (test != null) Args.fits(net, test, "test set");
    }

    /**
     * A trainer for {@code algorithm} on {@code train}; the network's widths must fit the data.
     *
     * @param net the network, trained in place
     * @param train the training set
     * @param algorithm the algorithm with its hyperparameters
     * @return the builder
     */
    public static Builder builder(Network net, Dataset train, Algorithm algorithm) { return new Builder(net, train, algorithm); }

    /**
     * Trains and returns what the {@link Trainer} returns (AM-Adam's Adam state as the step-rule state; none for ADMM).
     *
     * @return the history and final state
     */
    public Trainer.Result run() {
        return switch (algorithm) {
            case Admm a -> new AdmmRun(this, a).go();
            case AmAdam a -> new AmAdamRun(this, a).go();
        };
    }

    /** Minibatch steps (ADMM: iterations) per epoch on {@code n} examples. */
    int stepsPerEpoch(int n) {
        return algorithm instanceof Admm ? 1 : (n + batch - 1) / batch;
    }

    /**
     * Steps and weights updated a run of {@code epochs} epochs takes on {@code n} examples, cut at {@code budget}: {steps, weights}.
     *
     * @param net the network (its parameter count)
     * @param algorithm the algorithm (what one step updates)
     * @param n the number of training examples
     * @param batch AM-Adam's minibatch
     * @param epochs the number of epochs
     * @param budget the largest number of weights updated
     * @return {steps, weights updated}
     */
    public static long[] plan(Network net, Algorithm algorithm, int n, int batch, int epochs, long budget) {
        long perEpoch = algorithm instanceof Admm ? 1 : (n + batch - 1) / batch;
        long steps = Math.min(perEpoch * epochs, Math.ceilDiv(budget, net.parameterCount()));
        return new long[] {steps, steps * net.parameterCount()};
    }

    /**
     * What both runs share: the history, evaluations at epochs or budget points, the budget
     * and the accuracy target, listeners, and the divergence guard.
     */
    abstract static class Recorder {
        final AuxiliaryTrainer t;
        final Network net;
        final Kernels k;
        final TrainingHistory history = new TrainingHistory();
        final List<String> notes = new ArrayList<>();
        final long plannedSteps, plannedWeights;
        final long[] points;
        final Phase phase;
        final TrainingListener.Progress progress = new TrainingListener.Progress(null, 0, 0, 0, 0, Double.NaN, 0, 0);
        final float[] lastGood;
        int nextPoint;
        long steps, weightsUpdated;
        double seconds, epochsDone, initialLoss = Double.NaN, lastGoodEpoch, lr;
        boolean stop;

        Recorder(AuxiliaryTrainer t) {
            this.t = t;
            this.net = t.net;
            this.k = t.k;
            long[] plan = plan(net, t.algorithm, t.train.size(), t.batch, t.epochs, t.weightBudget);
            plannedSteps = plan[0];
            plannedWeights = plan[1];
            points = new long[t.evalPoints];
            for (int j = 0; j < points.length; j++) points[j] = Math.max(1, Math.ceilDiv(plannedWeights * (j + 1), points.length));
            int[] all = new int[net.depth()];
            for (int l = 0; l < all.length; l++) all[l] = l;
            phase = new Phase(0, 0, t.algorithm instanceof Admm ? "admm" : "am-adam", all, t.epochs);
            lastGood = net.parametersToArray();
        }

        /** One update of every layer was made (a minibatch step, or an ADMM iteration). */
        void stepped(double loss, int stepInEpoch, int stepsPerEpoch, int epoch, long samples, double secs) {
            steps++;
            weightsUpdated += net.parameterCount();
            if (!t.listeners.isEmpty()) {
                progress.set(phase, epoch, t.epochs, stepInEpoch, stepsPerEpoch, loss, samples, secs);
                for (TrainingListener li : t.listeners) li.stepped(progress);
            }
            if (weightsUpdated >= t.weightBudget) stop = true;
        }

        /** After a step: records when a budget point was passed (not at an epoch's end, which records anyway). */
        void afterStep(double epoch, boolean epochEnds) {
            if (points.length > 0 && !epochEnds && nextPoint < points.length && weightsUpdated >= points[nextPoint]) {
                while (nextPoint < points.length && weightsUpdated >= points[nextPoint]) nextPoint++;
                record(epoch);
            }
        }

        /** At an epoch's end: every epoch without points; with points, only when one was passed or the run ends. */
        void afterEpoch(boolean runEnds) {
            if (points.length == 0 || runEnds || (nextPoint < points.length && weightsUpdated >= points[nextPoint])) {
                while (nextPoint < points.length && weightsUpdated >= points[nextPoint]) nextPoint++;
                if (history.last() == null || history.last().weightsUpdated() != weightsUpdated) record(epochsDone);
            }
        }

        void record(double epoch) {
            double[] none = {Double.NaN, Double.NaN};
            double[] tr = t.evaluateTrainLoss ? Trainer.evaluate(k, net, t.train) : none;
            double[] va = t.validation == null ? none : Trainer.evaluate(k, net, t.validation);
            double[] te = t.test == null ? none : Trainer.evaluate(k, net, t.test);
            HistoryRow row = new HistoryRow(epoch, 0, "all", weightsUpdated, lr, tr[0], va[0], va[1], te[0], te[1], seconds);
            history.add(row);
            double watched = t.evaluateTrainLoss ? tr[0] : va[0];
            if (Double.isNaN(initialLoss)) initialLoss = watched;
            boolean watchable = t.evaluateTrainLoss || t.validation != null;
            if (watchable && (!Double.isFinite(watched) || watched > 1e4 * Math.max(initialLoss, 1))) {
                net.parameters().copyFrom(lastGood);
                throw new TrainingDivergedException(String.format("%s diverged by epoch %s: the %s loss is %s (initial %s); the network holds the weights of the last good evaluation (epoch %s)",
                        phase.name(), fmt(epoch), t.evaluateTrainLoss ? "training" : "validation", watched, initialLoss, fmt(lastGoodEpoch)), history);
            }
            System.arraycopy(net.parametersToArray(), 0, lastGood, 0, lastGood.length);
            lastGoodEpoch = epoch;
            for (TrainingListener li : t.listeners) li.evaluated(row);
            double target = t.validation != null ? va[1] : te[1];
            if (!Double.isNaN(t.stopAtAccuracy) && target >= t.stopAtAccuracy) stop = true;
        }

        /** A non-finite quantity inside an update: stop with the last good weights. */
        void diverge(String what) {
            net.parameters().copyFrom(lastGood);
            throw new TrainingDivergedException(String.format("%s diverged at epoch %s: %s; the network holds the weights of the last good evaluation (epoch %s)",
                    phase.name(), fmt(epochsDone + 1), what, fmt(lastGoodEpoch)), history);
        }

        Trainer.Result result(StepRule.StateDict state) {
            return new Trainer.Result(history, steps, weightsUpdated, seconds, stop && !Double.isNaN(t.stopAtAccuracy) && weightsUpdated < t.weightBudget,
                    List.copyOf(notes), state, plannedWeights, 0);
        }

        static String fmt(double e) { return e == Math.rint(e) ? String.valueOf((long) e) : String.format("%.2f", e); }

        static void copy(MemorySegment from, MemorySegment to, long floats) { MemorySegment.copy(from, 0, to, 0, floats * Float.BYTES); }
    }

    /** Configuration; every setter checks its argument. */
    public static final class Builder {
        private final Network net;
        private final Dataset train;
        private final Algorithm algorithm;
        private Dataset validation, test;
        private Kernels kernels = Kernels.best();
        private int batch = 200, epochs = 10, evalPoints;
        private long seed, weightBudget = Long.MAX_VALUE;
        private double stopAtAccuracy = Double.NaN;
        private boolean evaluateTrainLoss = true;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Checkpoint resumeFrom;
        private Checkpoint.Sink checkpointSink;
        private int checkpointEvery = 1;

        Builder(Network net, Dataset train, Algorithm algorithm) {
            this.net = Objects.requireNonNull(net, "network");
            this.train = Objects.requireNonNull(train, "training set");
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        }

        /**
         * The held-out test set: evaluated and recorded, never used for a choice.
         *
         * @param d the test set
         * @return this builder
         */
        public Builder test(Dataset d) { this.test = d; return this; }
        /**
         * The validation split (read by {@link #stopAtAccuracy} when given).
         *
         * @param d the validation split
         * @return this builder
         */
        public Builder validation(Dataset d) { this.validation = d; return this; }
        /**
         * The kernels to compute with (default {@link Kernels#best()}).
         *
         * @param k the kernels
         * @return this builder
         */
        public Builder kernels(Kernels k) { this.kernels = Objects.requireNonNull(k, "kernels"); return this; }
        /**
         * Shuffling seed (AM-Adam's minibatches; ADMM is deterministic given the network).
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) { this.seed = s; return this; }
        /**
         * Adds a listener that sees every evaluation (and the run's start and end).
         *
         * @param l the listener
         * @return this builder
         */
        public Builder listener(TrainingListener l) { this.listeners.add(Objects.requireNonNull(l, "listener")); return this; }
        /**
         * Whether evaluations compute the loss over the whole training set (default on).
         *
         * @param on whether to evaluate the training loss
         * @return this builder
         */
        public Builder evaluateTrainLoss(boolean on) { this.evaluateTrainLoss = on; return this; }

        /**
         * AM-Adam's minibatch (default 200, the authors'); ADMM uses every example at once.
         *
         * @param b the minibatch size (at least 1)
         * @return this builder
         */
        public Builder batchSize(int b) {
            this.batch = Args.batch(b);
            return this;
        }

        /**
         * Epochs (ADMM: iterations; each updates every weight once from every example).
         *
         * @param e the number of epochs (at least 1)
         * @return this builder
         */
        public Builder epochs(int e) {
            if (e < 1) throw new IllegalArgumentException("epochs must be at least 1, found " + e);
            this.epochs = e;
            return this;
        }

        /**
         * Evaluate at {@code k} points evenly spaced in weights updated over the planned budget (0: once per epoch).
         *
         * @param k the number of evaluation points (at least 0)
         * @return this builder
         */
        public Builder evaluateAtPoints(int k) {
            this.evalPoints = Args.evalPoints(k);
            return this;
        }

        /**
         * Stop once this many scalar weight updates have been made.
         *
         * @param budget the largest number of weights updated
         * @return this builder
         */
        public Builder stopAtWeightsUpdated(long budget) {
            this.weightBudget = Args.budget(budget);
            return this;
        }

        /**
         * Stop once validation accuracy (test accuracy without a validation split) reaches this value.
         *
         * @param acc the accuracy that ends the run, in (0, 1]
         * @return this builder
         */
        public Builder stopAtAccuracy(double acc) {
            this.stopAtAccuracy = Args.accuracy(acc);
            return this;
        }

        /**
         * AM-Adam: continue from a checkpoint taken at an epoch's end; the network must hold the
         * weights saved with it. With the same seed and settings the result equals an
         * uninterrupted run's (the shuffles are replayed, Adam's moments and μ restored).
         * ADMM refuses (its state is per-example).
         *
         * @param from the checkpoint
         * @return this builder
         */
        public Builder resume(Checkpoint from) {
            this.resumeFrom = Objects.requireNonNull(from, "checkpoint");
            return this;
        }

        /**
         * AM-Adam: hand a {@link Checkpoint} to {@code sink} every {@code everyEpochs} epochs and at the end of the run. ADMM refuses.
         *
         * @param everyEpochs how many epochs between checkpoints (at least 1)
         * @param sink receives each checkpoint
         * @return this builder
         */
        public Builder checkpoints(int everyEpochs, Checkpoint.Sink sink) {
            this.checkpointEvery = Args.checkpointEvery(everyEpochs);
            this.checkpointSink = Objects.requireNonNull(sink, "checkpoint sink");
            return this;
        }

        /**
         * Checks the configuration as a whole.
         *
         * @return the trainer
         * @throws IllegalArgumentException when settings contradict each other or the data
         */
        public AuxiliaryTrainer build() { return new AuxiliaryTrainer(this); }
    }
}
