package dante.core.train;

import java.util.Locale;

/**
 * The cells of the table in docs/ARCHITECTURE.md as presets: a schedule crossed with a step rule.
 * Backprop baselines train every layer every step; DANTE and its variants alternate.
 */
public enum Method {
    /** Backprop with plain SGD. */
    SGD("sgd", false),
    /** Backprop with heavy-ball momentum. */
    MOMENTUM("momentum", false),
    /** Backprop with Nesterov momentum. */
    NESTEROV("nesterov", false),
    /** Backprop with Adam. */
    ADAM("adam", false),
    /** Backprop with Adagrad. */
    ADAGRAD("adagrad", false),
    /** Backprop with RMSProp. */
    RMSPROP("rmsprop", false),
    /** Backprop with SNGD's normalized step (every layer normalized separately). */
    NORMALIZED_BACKPROP("sngd-backprop", false),
    /** Round-robin over layers, each solved by SNGD (the paper's DANTE). */
    DANTE("dante", true),
    /** Round-robin with normalized momentum steps (Table 1, DANTE+Momentum). */
    DANTE_MOMENTUM("dante-momentum", true),
    /** Round-robin with plain SGD steps inside the alternation (Table 2). */
    SGD_ALTMIN("sgd-altmin", true),
    /** Round-robin with Adam steps inside the alternation, Adam's moments fresh in every phase (the factorial's sixth cell: alternation × Adam). */
    ADAM_ALTMIN("adam-altmin", true),
    /** Outside-in autoencoder pairs with SNGD (Algorithm 3). */
    DANTE_AE("dante-ae", true),
    /** Choromanska et al.'s online alternating minimization with codes, Adam on the weights ({@link AuxiliaryTrainer.AmAdam}). */
    AM_ADAM("am-adam", true),
    /** Taylor et al.'s ADMM, full batch, closed-form sub-problems ({@link AuxiliaryTrainer.Admm}); its "learning rate" is the penalty β. */
    ADMM("admm", true);

    private final String spec;
    private final boolean alternating;

    Method(String spec, boolean alternating) { this.spec = spec; this.alternating = alternating; }

    /** {@return the name {@link #parse} reads back} */
    public String spec() { return spec; }
    /**
     * {@return whether the method alternates over layers (or auxiliary variables) rather than training all layers at once}
     */
    public boolean alternating() { return alternating; }

    /**
     * What the method's "learning rate" slot means in labels: "beta" for admm (its penalty β; it has no rate), "lr" otherwise.
     *
     * @return "beta" or "lr"
     */
    public String rateLabel() { return this == ADMM ? "beta" : "lr"; }

    /**
     * Whether the method runs on {@link AuxiliaryTrainer} (auxiliary variables) rather than on the {@link Trainer}'s schedules and step rules.
     *
     * @return true for am-adam and admm
     */
    public boolean auxiliary() { return this == AM_ADAM || this == ADMM; }

    /**
     * Reads a method by its spec.
     *
     * @param s the spec, e.g. "dante"
     * @return the method
     * @throws IllegalArgumentException naming every accepted spec
     */
    public static Method parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        for (Method m : values()) if (m.spec.equals(k)) return m;
        StringBuilder all = new StringBuilder();
        for (Method m : values()) all.append(all.isEmpty() ? "" : ", ").append(m.spec);
        throw new IllegalArgumentException("method '" + s + "': expected one of " + all);
    }

    /**
     * Hyperparameters; each method reads the ones it needs.
     *
     * @param learningRate the base learning rate
     * @param momentum momentum for momentum, nesterov and dante-momentum
     * @param epochs epochs of joint (backprop) training
     * @param epochsPerLayer T: SNGD epochs per layer (or pair) in each DANTE round
     * @param rounds DANTE rounds
     * @param epsilon stop the alternation when the training loss changes by less than this over a round (0: off)
     * @param order the round-robin order
     */
    public record Hyper(float learningRate, float momentum, int epochs, int epochsPerLayer, int rounds,
                        double epsilon, AlternatingSchedule.Order order) {
        /** {@return rate 0.01, momentum 0.9, 5 epochs, T = 1, 5 rounds, no ε rule, bottom-up} */
        public static Hyper defaults() { return new Hyper(0.01f, 0.9f, 5, 1, 5, 0, AlternatingSchedule.Order.BOTTOM_UP); }
        /**
         * The same with another learning rate.
         *
         * @param lr the learning rate
         * @return the changed copy
         */
        public Hyper withLearningRate(float lr) { return new Hyper(lr, momentum, epochs, epochsPerLayer, rounds, epsilon, order); }
        /**
         * The same with another number of epochs.
         *
         * @param e the epochs
         * @return the changed copy
         */
        public Hyper withEpochs(int e) { return new Hyper(learningRate, momentum, e, epochsPerLayer, rounds, epsilon, order); }
        /**
         * The same with another number of rounds.
         *
         * @param r the rounds
         * @return the changed copy
         */
        public Hyper withRounds(int r) { return new Hyper(learningRate, momentum, epochs, epochsPerLayer, r, epsilon, order); }
        /**
         * The same with another T.
         *
         * @param t the epochs per layer per round
         * @return the changed copy
         */
        public Hyper withEpochsPerLayer(int t) { return new Hyper(learningRate, momentum, epochs, t, rounds, epsilon, order); }
    }

    /**
     * The step rule this method trains with under {@code h}.
     *
     * @param h the hyperparameters
     * @return the step rule
     * @throws IllegalArgumentException for admm, which takes no gradient steps
     */
    public StepRule stepRule(Hyper h) {
        float lr = h.learningRate();
        return switch (this) {
            case SGD, SGD_ALTMIN -> new StepRule.Sgd(lr);
            case MOMENTUM -> new StepRule.Momentum(lr, h.momentum(), false);
            case NESTEROV -> new StepRule.Momentum(lr, h.momentum(), true);
            case ADAM, ADAM_ALTMIN -> new StepRule.Adam(lr);
            case ADAGRAD -> new StepRule.Adagrad(lr);
            case RMSPROP -> new StepRule.RmsProp(lr);
            case NORMALIZED_BACKPROP, DANTE, DANTE_AE -> new StepRule.Normalized(lr);
            case DANTE_MOMENTUM -> new StepRule.NormalizedMomentum(lr, h.momentum());
            case AM_ADAM -> new StepRule.Adam(lr);          // what its weight sub-problems take
            case ADMM -> throw new IllegalArgumentException("admm takes no gradient steps: its sub-problems are solved in closed form (see AuxiliaryTrainer.Admm)");
        };
    }

    /**
     * The schedule this method trains with under {@code h}.
     *
     * @param depth the network's layers
     * @param h the hyperparameters
     * @return the schedule
     */
    public Schedule schedule(int depth, Hyper h) {
        return switch (this) {
            case DANTE, DANTE_MOMENTUM, SGD_ALTMIN, ADAM_ALTMIN -> new AlternatingSchedule(depth, h.epochsPerLayer(), h.rounds(), h.epsilon(), h.order());
            case DANTE_AE -> new OutsideInSchedule(depth, h.epochsPerLayer(), h.rounds());
            default -> Schedule.joint(depth, h.epochs());
        };
    }
}
