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
     */
    Phase next(Phase previous, TrainingHistory history);

    /** Human-readable, for logs and summaries. */
    String describe();

    /** Whether {@link #next} reads the training loss at the end of each phase (a stopping rule), so the trainer must record it. */
    default boolean needsPhaseEndLoss() { return false; }

    /** Backpropagation: every layer every step, for {@code epochs} epochs. */
    static Schedule joint(int depth, int epochs) { return new Joint(depth, epochs); }

    /** DANTE round-robin: one layer at a time, T epochs each, for a number of rounds. */
    static Schedule alternating(int depth, int epochsPerLayer, int rounds, AlternatingSchedule.Order order) {
        return new AlternatingSchedule(depth, epochsPerLayer, rounds, order);
    }

    /** DANTE for autoencoders (Algorithm 3): outside-in pairs, each alternated like Algorithm 2. */
    static Schedule outsideIn(int depth, int epochsPerLayer, int roundsPerPair) {
        return new OutsideInSchedule(depth, epochsPerLayer, roundsPerPair);
    }

    record Joint(int depth, int epochs) implements Schedule {
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
