package dante.core.train;

/**
 * DANTE's alternation for classifiers and regressors (docs/MATH.md §3): in each round every layer
 * in turn is the only trainable one, for T epochs; rounds repeat up to a cap, or until the
 * training loss changes by less than ε from one round to the next. With two layers and
 * top-down order this is Algorithm 2 (the outer layer W2 first); the paper's deep networks
 * use bottom-up round-robin.
 *
 * @param depth the network's layers
 * @param epochsPerLayer T, epochs per layer per round
 * @param rounds the cap on rounds
 * @param epsilon the stopping rule's threshold on the training loss's change (0: off)
 * @param order which layer each round starts with
 */
public record AlternatingSchedule(int depth, int epochsPerLayer, int rounds, double epsilon, Order order) implements Schedule {

    /** Which layer a round starts with. */
    public enum Order {
        /** From the input layer up. */
        BOTTOM_UP,
        /** From the output layer down (Algorithm 2 with two layers). */
        TOP_DOWN
    }

    /**
     * Checks the arguments.
     *
     * @throws IllegalArgumentException naming the first out of range
     */
    public AlternatingSchedule {
        if (depth < 1) throw new IllegalArgumentException("depth must be at least 1, found " + depth);
        if (epochsPerLayer < 1) throw new IllegalArgumentException("T (epochs per layer) must be at least 1, found " + epochsPerLayer);
        if (rounds < 1) throw new IllegalArgumentException("rounds must be at least 1, found " + rounds);
        if (!(epsilon >= 0)) throw new IllegalArgumentException("epsilon must be ≥ 0, found " + epsilon);
    }

    /**
     * A fixed number of rounds, no stopping rule.
     *
     * @param depth the network's layers
     * @param epochsPerLayer T, epochs per layer per round
     * @param rounds the number of rounds
     * @param order which layer each round starts with
     */
    public AlternatingSchedule(int depth, int epochsPerLayer, int rounds, Order order) {
        this(depth, epochsPerLayer, rounds, 0, order);
    }

    @Override
    public Phase next(Phase previous, TrainingHistory history) {
        int index = previous == null ? 0 : previous.index() + 1;
        int round = index / depth, slot = index % depth;
        if (round >= rounds) return null;
        if (slot == 0 && round > 0 && epsilon > 0) {
            double now = lossAtEndOfPhase(history, index - 1), before = lossAtEndOfPhase(history, index - 1 - depth);
            if (Math.abs(now - before) < epsilon) return null;
        }
        int layer = order == Order.BOTTOM_UP ? slot : depth - 1 - slot;
        return new Phase(index, round, "round " + (round + 1) + ", layer " + layer, new int[] {layer}, epochsPerLayer);
    }

    /** Training loss recorded at the end of phase {@code index} (index −1: before training). */
    static double lossAtEndOfPhase(TrainingHistory history, int index) {
        double loss = Double.NaN;
        for (HistoryRow r : history.rows()) if (r.phase() == index) loss = r.trainLoss();
        return loss;
    }

    @Override
    public boolean needsPhaseEndLoss() { return epsilon > 0; }

    @Override
    public String describe() {
        return "alternating " + (order == Order.BOTTOM_UP ? "bottom-up" : "top-down") + ", T = " + epochsPerLayer
                + " epoch(s) per layer, " + rounds + " round(s)" + (epsilon > 0 ? ", stop when |Δf| < " + epsilon : "");
    }
}
