package dante.core.train;

/** Hooks for progress displays and logs; every method has a no-op default. */
public interface TrainingListener {
    /** A phase begins. */
    default void phaseStarted(Phase phase, int totalEpochsSoFar) {}

    /** After each step: where we are and the minibatch loss. Called on the training thread; keep it cheap. */
    default void stepped(Progress progress) {}

    /** A phase ended and returned the iterate {@code choice} describes (before its end-of-phase evaluation). */
    default void phaseEnded(Phase phase, IterateChoice choice) {}

    /** An evaluation was recorded. */
    default void evaluated(HistoryRow row) {}

    /**
     * The iterate a phase returned: the one after {@code step} of the phase's {@code steps}
     * steps, with its score under the rule (minibatch or probe loss; NaN for the last iterate).
     */
    record IterateChoice(IterateRule rule, long step, long steps, double score) {}

    /** Where training is, for progress bars. {@code stepsPerEpoch} and {@code epochsInPhase} size the bar. */
    record Progress(Phase phase, int epochInPhase, int epochsInPhase, int stepInEpoch, int stepsPerEpoch,
                    double minibatchLoss, long samplesSeen, double seconds) {}
}
