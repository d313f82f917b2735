package dante.core.train;

/** Hooks for progress displays and logs; every method has a no-op default. */
public interface TrainingListener {
    /** A phase begins. */
    default void phaseStarted(Phase phase, int totalEpochsSoFar) {}

    /** After each step: where we are and the minibatch loss. Called on the training thread; keep it cheap. */
    default void stepped(Progress progress) {}

    /** An evaluation was recorded. */
    default void evaluated(HistoryRow row) {}

    /** Where training is, for progress bars. {@code stepsPerEpoch} and {@code epochsInPhase} size the bar. */
    record Progress(Phase phase, int epochInPhase, int epochsInPhase, int stepInEpoch, int stepsPerEpoch,
                    double minibatchLoss, long samplesSeen, double seconds) {}
}
