package dante.core.train;

/**
 * Which layers train, in which order, for how long. The trainer asks for the next phase
 * after each one, passing the training loss measured at its end, so a schedule can stop on
 * |Δf| &lt; ε. DANTE and backprop differ only here and in the {@link StepRule}.
 */
public interface Schedule {

    /**
     * The phase after {@code previous} (null at the start), or null when training is over.
     * {@code history} holds every evaluation so far, starting with one before training (phase −1).
     *
     * @param previous the phase that just ended, or null
     * @param history the evaluations so far
     * @return the next phase, or null
     */
    Phase next(Phase previous, TrainingHistory history);

    /**
     * Human-readable, for logs and summaries.
     *
     * @return the description
     */
    String describe();

    /**
     * Whether {@link #next} reads the training loss at the end of each phase (a stopping rule), so the trainer must record it.
     *
     * @return true for a schedule with a stopping rule on the training loss
     */
    default boolean needsPhaseEndLoss() { return false; }

    /**
     * This schedule fitted to {@code share} of its length in weights updated, for a budget
     * shorter than itself. The default keeps every phase whole and lets the budget end the run
     * (a joint run's one phase, an alternation's last rounds: what is dropped is more of what
     * was done). A schedule whose later phases train what the earlier ones do not (the
     * autoencoder's inner pairs) shortens every phase instead, so the budget reaches them all.
     * A schedule that keeps its phases whole returns itself.
     *
     * @param share the budget over the schedule's whole length, in (0, 1)
     * @return the schedule to run (this one when its phases stay whole)
     */
    default Schedule fitTo(double share) { return this; }

    /**
     * Backpropagation: every layer every step, for {@code epochs} epochs.
     *
     * @param depth the network's layers
     * @param epochs the number of epochs
     * @return the schedule
     */
    static Schedule joint(int depth, int epochs) { return new Joint(depth, epochs); }

    /**
     * DANTE round-robin: one layer at a time, T epochs each, for a number of rounds.
     *
     * @param depth the network's layers
     * @param epochsPerLayer T, epochs per layer per round
     * @param rounds the number of rounds
     * @param order which layer each round starts with
     * @return the schedule
     */
    static Schedule alternating(int depth, int epochsPerLayer, int rounds, AlternatingSchedule.Order order) {
        return new AlternatingSchedule(depth, epochsPerLayer, rounds, order);
    }

    /**
     * DANTE for autoencoders (Algorithm 3): outside-in pairs, each alternated like Algorithm 2.
     *
     * @param depth the network's layers (even: encoder and decoder)
     * @param epochsPerLayer T, epochs per layer per round
     * @param roundsPerPair the rounds of each pair
     * @return the schedule
     */
    static Schedule outsideIn(int depth, int epochsPerLayer, int roundsPerPair) {
        return new OutsideInSchedule(depth, epochsPerLayer, roundsPerPair);
    }

    /**
     * Backpropagation's schedule: one phase training every layer.
     *
     * @param depth the network's layers
     * @param epochs the number of epochs
     */
    record Joint(int depth, int epochs) implements Schedule {
        /**
         * Checks the arguments.
         *
         * @throws IllegalArgumentException for an epoch count below 1
         */
        public Joint {
            if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, found " + epochs);
        }

        @Override
        public Phase next(Phase previous, TrainingHistory history) {
            if (previous != null) return null;
            int[] all = new int[depth];
            for (int i = 0; i < depth; i++) all[i] = i;
            return new Phase(0, 0, "joint", all, epochs);
        }

        @Override
        public String describe() { return "joint (all layers every step), " + epochs + " epochs"; }
    }
}
