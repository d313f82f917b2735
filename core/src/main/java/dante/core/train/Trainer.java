package dante.core.train;

import java.util.List;

import dante.core.data.Dataset;
import dante.core.nn.Network;

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
 * <p>Guard: a NaN or infinite loss or gradient, or an evaluated loss that is not finite or ran
 * away ({@link Recorder}), stops training with a {@link TrainingDivergedException} naming where
 * and carrying the partial result; the network is put back to the weights of the last good
 * evaluation.
 *
 * <p>This class holds the configuration; a run is a {@link TrainerRun} (the loops), with a
 * {@link FrozenCache}, an {@link IterateSelector} per phase, a {@link BudgetPlan} and the
 * {@link Recorder} it extends. {@link Recipe} builds trainers from a {@link Method}.
 */
public final class Trainer {
    final Network net;
    final Dataset train;
    final DistributedRows remote;
    final RunSettings settings;
    final StepRule rule;
    final LearningRateSchedule lrSchedule;
    final Schedule schedule;
    final IterateRule iterate;
    final int evalEverySteps, probeSize, probeEvery;
    final long cacheBudgetBytes;
    final boolean carryState;

    private Trainer(Builder b) {
        this.net = b.net;
        this.train = b.train;
        this.remote = b.remote;
        this.settings = b.settings();
        this.rule = b.rule;
        this.lrSchedule = b.lrSchedule;
        this.schedule = b.schedule != null ? b.schedule : Schedule.joint(net.depth(), 1);
        this.iterate = b.iterate;
        this.evalEverySteps = b.evalEverySteps;
        this.probeSize = b.probeSize;
        this.probeEvery = b.probeEvery;
        this.cacheBudgetBytes = b.cacheBudgetBytes;
        this.carryState = b.carryState;
        if (evalEverySteps > 0 && settings.evalPoints() > 0) {
            throw new IllegalArgumentException("evaluate every N steps or at K points of the budget, not both (found " + evalEverySteps + " steps and " + settings.evalPoints() + " points)");
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
        if (settings.validation() != null) Args.fits(net, settings.validation(), "validation set");
        if (settings.test() != null) Args.fits(net, settings.test(), "test set");
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
     * Trains until the schedule ends (or the accuracy target is met) and returns what it did.
     *
     * @return the history, the step rule's state and the step count
     * @throws TrainingDivergedException when a loss or gradient is NaN or infinite, or a loss runs away; it carries the partial result
     * @throws IllegalArgumentException when the machine cannot hold the run's buffers
     */
    public Result run() {
        int n = remote != null ? remote.size() : train.size();
        BudgetPlan.requireMemory(net, rule, settings.batch(), n);
        Schedule s = BudgetPlan.fit(net, schedule, n, settings.batch(), settings.weightBudget());
        return new TrainerRun(this, s, BudgetPlan.of(net, s, n, settings.batch(), settings.weightBudget())).go();
    }

    /** Configuration: the settings every run takes ({@link RunSettings.Builder}) and the schedule, step rule and iterate rule; every setter checks its argument. */
    public static final class Builder extends RunSettings.Builder<Builder> {
        private final Network net;
        private final Dataset train;
        private final DistributedRows remote;
        private StepRule rule = new StepRule.Sgd(0.01f);
        private LearningRateSchedule lrSchedule = LearningRateSchedule.CONSTANT;
        private Schedule schedule;
        private IterateRule iterate = IterateRule.LAST;
        private int evalEverySteps = 0, probeSize = 2048, probeEvery = 0;
        private long cacheBudgetBytes = 1L << 30;
        private boolean carryState = false;

        Builder(Network net, Dataset train, DistributedRows remote) {
            super(64);
            this.net = java.util.Objects.requireNonNull(net, "network");
            this.train = train;
            this.remote = remote;
        }

        @Override
        Builder self() { return this; }

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
         * Checks the configuration as a whole.
         *
         * @return the trainer
         * @throws IllegalArgumentException when settings contradict each other or the data
         */
        public Trainer build() { return new Trainer(this); }
    }
}
