package dante.core.train;

/**
 * DANTE for deep autoencoders (Algorithm 3, docs/MATH.md §3): for a network of L layers (L even,
 * sizes symmetric), pair p = 0, 1, … couples layer p (encoder) with layer L−1−p (decoder) and
 * trains them as a one-hidden-layer autoencoder on a_p, the output of the encoder layers
 * below (already trained), farthest pair first. Inside a pair the two layers alternate as in
 * Algorithm 2 (encoder first, as in the authors' code), T epochs each, for a number of
 * rounds. No end-to-end fine-tuning. Under a budget shorter than the schedule, every phase
 * takes the same share of its steps ({@link #fitTo}): cut at the budget instead, the inner
 * pairs would never train.
 *
 * @param depth the network's layers (even)
 * @param epochsPerLayer T, epochs per layer per round
 * @param roundsPerPair the rounds of each pair
 * @param share the share of its steps each phase takes, in (0, 1]
 */
public record OutsideInSchedule(int depth, int epochsPerLayer, int roundsPerPair, double share) implements Schedule {
    /**
     * The whole schedule.
     *
     * @param depth the network's layers (even)
     * @param epochsPerLayer T, epochs per layer per round
     * @param roundsPerPair the rounds of each pair
     */
    public OutsideInSchedule(int depth, int epochsPerLayer, int roundsPerPair) { this(depth, epochsPerLayer, roundsPerPair, 1); }

    /**
     * Checks the arguments.
     *
     * @throws IllegalArgumentException for an odd depth, fewer than two layers, a count below 1 or a share outside (0, 1]
     */
    public OutsideInSchedule {
        if (depth < 2 || depth % 2 != 0) {
            throw new IllegalArgumentException("the outside-in schedule needs an even number of layers (an autoencoder), found " + depth);
        }
        if (epochsPerLayer < 1) throw new IllegalArgumentException("T (epochs per layer) must be at least 1, found " + epochsPerLayer);
        if (roundsPerPair < 1) throw new IllegalArgumentException("rounds per pair must be at least 1, found " + roundsPerPair);
        if (!(share > 0 && share <= 1)) throw new IllegalArgumentException("share must be in (0, 1], found " + share);
    }

    @Override
    public Phase next(Phase previous, TrainingHistory history) {
        int index = previous == null ? 0 : previous.index() + 1;
        int perPair = 2 * roundsPerPair;
        int pair = index / perPair, inPair = index % perPair;
        if (pair >= depth / 2) return null;
        int round = inPair / 2;
        int enc = pair, dec = depth - 1 - pair;
        int layer = inPair % 2 == 0 ? enc : dec;
        return new Phase(index, round, "pair (" + enc + ", " + dec + "), round " + (round + 1) + ", layer " + layer,
                new int[] {layer}, epochsPerLayer, new int[] {enc, dec}, share);
    }

    @Override
    public Schedule fitTo(double share) { return new OutsideInSchedule(depth, epochsPerLayer, roundsPerPair, this.share * share); }

    @Override
    public String describe() {
        return "outside-in autoencoder pairs, " + roundsPerPair + " round(s) per pair, T = " + epochsPerLayer + " epoch(s) per layer"
                + (share == 1 ? "" : String.format(java.util.Locale.ROOT, ", every phase cut to %.1f %% of its steps to fit the budget", 100 * share));
    }
}
