package dante.core.train;

import java.util.Objects;

import dante.core.data.Dataset;
import dante.core.nn.Network;

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
    final Dataset train;
    final RunSettings settings;
    final Algorithm algorithm;
    final int epochs;
    final LearningRateSchedule lrSchedule;

    private AuxiliaryTrainer(Builder b) {
        net = b.net;
        train = b.train;
        settings = b.settings();
        algorithm = b.algorithm;
        epochs = b.epochs;
        lrSchedule = b.lrSchedule;
        if (algorithm instanceof Admm && !(lrSchedule instanceof LearningRateSchedule.Constant)) {
            throw new IllegalArgumentException("--lr-schedule: admm has no learning rate (its penalty β is fixed), so only constant; found " + lrSchedule.describe());
        }
        if (lrSchedule.phaseLocal()) {
            throw new IllegalArgumentException("--lr-schedule: am-adam's run is one phase over every layer, so @phase means nothing; found " + lrSchedule.describe());
        }
        if ((settings.resumeFrom() != null || settings.checkpointSink() != null) && algorithm instanceof Admm) {
            throw new IllegalArgumentException("admm keeps no checkpoints: its state is a set of variables per training example; run it again");
        }
        Args.fits(net, train, "training set");
        if (settings.validation() != null) Args.fits(net, settings.validation(), "validation set");
        if (settings.test() != null) Args.fits(net, settings.test(), "test set");
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
     * @throws TrainingDivergedException when a loss or a variable is not finite, or a loss runs away; it carries the partial result
     */
    public Trainer.Result run() {
        BudgetPlan plan = BudgetPlan.of(net, algorithm, train.size(), settings.batch(), epochs, settings.weightBudget());
        return switch (algorithm) {
            case Admm a -> {
                AdmmRun.check(net, train.size());
                yield new AdmmRun(this, a, plan).go();
            }
            case AmAdam a -> {
                BudgetPlan.requireMemory(net, new StepRule.Adam(a.learningRate()), settings.batch(), train.size());
                yield new AmAdamRun(this, a, plan).go();
            }
        };
    }

    /**
     * What both algorithms' runs add to the {@link Recorder}: one phase over every layer, each
     * step updating every weight, evaluations at epochs' ends or budget points.
     */
    abstract static class Run extends Recorder {
        final AuxiliaryTrainer t;
        final Phase phase;

        Run(AuxiliaryTrainer t, BudgetPlan plan) {
            super(t.net, t.train, null, t.settings, plan);
            this.t = t;
            int[] all = new int[net.depth()];
            for (int l = 0; l < all.length; l++) all[l] = l;
            phase = new Phase(0, 0, t.algorithm instanceof Admm ? "admm" : "am-adam", all, t.epochs);
        }

        /** One update of every layer was made (a minibatch step, or an ADMM iteration). */
        void stepped(double loss, int stepInEpoch, int stepsPerEpoch, int epoch, long samples, double secs) {
            steps++;
            weightsUpdated += net.parameterCount();
            if (!listeners.isEmpty()) {
                progress.set(phase, epoch, t.epochs, stepInEpoch, stepsPerEpoch, loss, samples, secs);
                for (TrainingListener li : listeners) li.stepped(progress);
            }
            if (weightsUpdated >= settings.weightBudget()) stop = true;
        }

        /** After a step: records when a budget point was passed (not at an epoch's end, which records anyway). */
        void afterStep(double epoch, boolean epochEnds) {
            if (points.length > 0 && !epochEnds && pointPassed()) {
                passPoints();
                record(epoch);
            }
        }

        /** At an epoch's end: every epoch without points; with points, only when one was passed or the run ends. */
        void afterEpoch(boolean runEnds) {
            if (points.length == 0 || runEnds || pointPassed()) {
                passPoints();
                if (history.last() == null || history.last().weightsUpdated() != weightsUpdated) record(epochsDone);
            }
        }

        void record(double epoch) { record(0, "all", epoch); }

        /** A non-finite quantity inside an update: the exception to throw, the network back at the last good weights. */
        TrainingDivergedException diverged(String what) {
            return diverged("at epoch " + fmtEpoch(epochsDone + 1) + " (" + phase.name() + ")", what);
        }

        Trainer.Result result(StepRule.StateDict state) { return result(state, 0); }
    }

    /** Configuration: the settings every run takes ({@link RunSettings.Builder}; AM-Adam's minibatch defaults to 200, the authors') and the epochs; every setter checks its argument. */
    public static final class Builder extends RunSettings.Builder<Builder> {
        private final Network net;
        private final Dataset train;
        private final Algorithm algorithm;
        private int epochs = 10;
        private LearningRateSchedule lrSchedule = LearningRateSchedule.CONSTANT;

        Builder(Network net, Dataset train, Algorithm algorithm) {
            super(200);
            this.net = Objects.requireNonNull(net, "network");
            this.train = Objects.requireNonNull(train, "training set");
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        }

        @Override
        Builder self() { return this; }

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
         * How AM-Adam's Adam rates change over the run, as a factor of them, read before every
         * minibatch step (rounds are epochs here); it multiplies the algorithm's own halving
         * ({@link AmAdam#halveEvery()}), so giving both halves twice. ADMM has no rate: constant only.
         *
         * @param s the schedule (default constant)
         * @return this builder
         */
        public Builder learningRateSchedule(LearningRateSchedule s) {
            this.lrSchedule = Objects.requireNonNull(s, "learning-rate schedule");
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
