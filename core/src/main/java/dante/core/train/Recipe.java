package dante.core.train;

import java.util.Objects;

import dante.core.data.Dataset;
import dante.core.nn.Network;

/**
 * A method with every parameter it reads: the one way a run is assembled, whichever trainer
 * runs it. The command line, the benchmarks, Spark and the examples all build runs here, so a
 * method means the same thing everywhere.
 *
 * <pre>{@code
 * Trainer.Result r = Recipe.of(Method.DANTE, Method.Hyper.defaults().withLearningRate(0.3f))
 *         .run(net, train, RunSettings.builder().validation(val).seed(1).build());
 * }</pre>
 *
 * <p>Gradient methods read {@code hyper}, the learning-rate schedule and the iterate rule;
 * {@link Method#AM_ADAM} reads {@code amAdam} and {@link Method#ADMM} reads {@code admm} (its
 * penalty β is ADMM's own parameter, not a learning rate); both read {@code hyper.epochs()}.
 * What a hyperparameter grid varies is {@link #tuned()}: β for ADMM, the learning rate for
 * every other method.
 *
 * @param method the method
 * @param hyper the gradient methods' hyperparameters (rate, momentum, epochs, T, rounds, ε, order)
 * @param lrSchedule how the rate changes over the run (gradient methods and am-adam; admm, which has no rate, refuses any but constant when it runs)
 * @param iterate which iterate a normalized phase returns
 * @param probeSize best-probe: rows in the probe sample
 * @param probeEvery best-probe: steps between scores (0: four times an epoch)
 * @param carryState keep the step rule's state across phases
 * @param evalEverySteps evaluate every N steps (0: once per epoch or at the settings' points; gradient methods only)
 * @param admm ADMM's hyperparameters
 * @param amAdam AM-Adam's hyperparameters
 */
public record Recipe(Method method, Method.Hyper hyper, LearningRateSchedule lrSchedule, IterateRule iterate, int probeSize, int probeEvery,
                     boolean carryState, int evalEverySteps, AuxiliaryTrainer.Admm admm, AuxiliaryTrainer.AmAdam amAdam) {
    /** Checks what applies to the method. */
    public Recipe {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(hyper, "hyperparameters");
        Objects.requireNonNull(lrSchedule, "learning-rate schedule");
        Objects.requireNonNull(iterate, "iterate rule");
        Objects.requireNonNull(admm, "admm hyperparameters");
        Objects.requireNonNull(amAdam, "am-adam hyperparameters");
        if (probeSize < 1) throw new IllegalArgumentException("probe sample must have at least 1 row, found " + probeSize);
        if (probeEvery < 0) throw new IllegalArgumentException("probe cadence must be ≥ 0 steps, found " + probeEvery);
        if (evalEverySteps < 0) throw new IllegalArgumentException("evaluation interval must be ≥ 0 steps, found " + evalEverySteps);
        if (method.auxiliary() && evalEverySteps > 0) {
            throw new IllegalArgumentException("--eval-every: " + method.spec() + " evaluates once per epoch or at --eval-points");
        }
    }

    /**
     * The method under {@code hyper}, everything else at its default: constant rate, the last
     * iterate, a fresh step-rule state per phase, the authors' defaults for AM-Adam (at
     * {@code hyper}'s rate) and ADMM.
     *
     * @param method the method
     * @param hyper its hyperparameters
     * @return the recipe
     */
    public static Recipe of(Method method, Method.Hyper hyper) {
        return new Recipe(method, hyper, LearningRateSchedule.CONSTANT, IterateRule.LAST, 2048, 0, false, 0,
                AuxiliaryTrainer.Admm.defaults(), AuxiliaryTrainer.AmAdam.defaults().withLearningRate(hyper.learningRate()));
    }

    /**
     * {@return the value a hyperparameter grid varies: ADMM's β, every other method's learning rate}
     */
    public float tuned() { return method == Method.ADMM ? (float) admm.beta() : method == Method.AM_ADAM ? amAdam.learningRate() : hyper.learningRate(); }

    /**
     * The same with the grid's value set: β for ADMM, the learning rate (both of AM-Adam's) otherwise.
     *
     * @param value the new value
     * @return the changed copy
     */
    public Recipe withTuned(float value) {
        return switch (method) {
            case ADMM -> new Recipe(method, hyper, lrSchedule, iterate, probeSize, probeEvery, carryState, evalEverySteps, admm.withBeta(value), amAdam);
            case AM_ADAM -> new Recipe(method, hyper, lrSchedule, iterate, probeSize, probeEvery, carryState, evalEverySteps, admm, amAdam.withLearningRate(value));
            default -> new Recipe(method, hyper.withLearningRate(value), lrSchedule, iterate, probeSize, probeEvery, carryState, evalEverySteps, admm, amAdam);
        };
    }

    /**
     * The same under another learning-rate schedule.
     *
     * @param s the schedule
     * @return the changed copy
     */
    public Recipe withLearningRateSchedule(LearningRateSchedule s) {
        return new Recipe(method, hyper, s, iterate, probeSize, probeEvery, carryState, evalEverySteps, admm, amAdam);
    }

    /** {@return the auxiliary-variable algorithm of am-adam or admm} @throws IllegalArgumentException for the other methods */
    public AuxiliaryTrainer.Algorithm algorithm() {
        return switch (method) {
            case ADMM -> admm;
            case AM_ADAM -> amAdam;
            default -> throw new IllegalArgumentException(method.spec() + " is not an auxiliary-variable method");
        };
    }

    /**
     * {@return the step rule a gradient method takes (am-adam: the Adam of its weight sub-problems)} @throws IllegalArgumentException for admm
     */
    public StepRule stepRule() { return method == Method.AM_ADAM ? new StepRule.Adam(amAdam.learningRate()) : method.stepRule(hyper); }

    /**
     * {@return whether the method takes normalized steps (the iterate rule applies only then)}
     */
    public boolean normalized() { return !method.auxiliary() && stepRule().normalized(); }

    /**
     * One line for a run's summary: the step rule with its rate, or the algorithm with its hyperparameters.
     *
     * @return e.g. "sngd(lr=0.3)"
     */
    public String describeRule() { return method.auxiliary() ? algorithm().describe() : stepRule().describe(); }

    /**
     * One line for a run's summary: the schedule of phases as a run under {@code budget} takes
     * it ({@link Schedule#fitTo}), or the auxiliary algorithm's epochs.
     *
     * @param net the network
     * @param n the training examples
     * @param batch the minibatch
     * @param budget the run's budget of weights updated (Long.MAX_VALUE: none)
     * @return e.g. "round-robin bottom-up, T=1, 5 rounds"
     */
    public String describeSchedule(Network net, int n, int batch, long budget) {
        if (method.auxiliary()) return hyper.epochs() + (method == Method.ADMM ? " full-batch iterations" : " epochs at batch " + batch);
        return BudgetPlan.fit(net, method.schedule(net.depth(), hyper), n, batch, budget).describe();
    }

    /**
     * Refuses, with one message, a run whose buffers the machine cannot hold; call it before
     * initializing a large network.
     *
     * @param net the network (its sizes)
     * @param batch the minibatch
     * @param examples the training examples
     */
    public void requireMemory(Network net, int batch, int examples) {
        if (method == Method.ADMM) AdmmRun.check(net, examples);
        else BudgetPlan.requireMemory(net, stepRule(), batch, examples);
    }

    /**
     * Trains {@code net} in place on rows held here.
     *
     * @param net the network, initialized
     * @param train the training set
     * @param settings held-out sets, kernels, batch, seed, evaluations, budget, listeners, checkpoints
     * @return what the run did
     * @throws TrainingDivergedException when it diverged (it carries the partial result; the network holds the last good weights)
     */
    public Trainer.Result run(Network net, Dataset train, RunSettings settings) {
        if (method.auxiliary()) return AuxiliaryTrainer.builder(net, train, algorithm()).settings(settings).epochs(hyper.epochs())
                .learningRateSchedule(lrSchedule).build().run();
        return gradient(Trainer.builder(net, train), net, settings).build().run();
    }

    /**
     * Trains {@code net} in place on rows held elsewhere (gradient methods only).
     *
     * @param net the network, initialized (on the driver)
     * @param rows the training rows and the computation on them
     * @param settings as for local rows
     * @return what the run did
     * @throws IllegalArgumentException for am-adam and admm, whose per-example variables live with the rows
     */
    public Trainer.Result run(Network net, DistributedRows rows, RunSettings settings) {
        if (method.auxiliary()) throw new IllegalArgumentException(method.spec() + " runs on local rows only (its per-example variables live with the rows)");
        return gradient(Trainer.builder(net, rows), net, settings).build().run();
    }

    private Trainer.Builder gradient(Trainer.Builder b, Network net, RunSettings settings) {
        return b.settings(settings).stepRule(stepRule()).learningRateSchedule(lrSchedule).schedule(method.schedule(net.depth(), hyper))
                .evaluateEverySteps(evalEverySteps).iterate(iterate).probe(probeSize, probeEvery).carryState(carryState);
    }
}
