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

    /**
     * Where training is, for progress bars. {@code stepsPerEpoch} and {@code epochsInPhase}
     * size the bar. One instance per run, updated in place before each call to
     * {@link #stepped} so that a step allocates nothing: read it during the call and copy
     * what you keep.
     */
    final class Progress {
        private Phase phase;
        private int epochInPhase, epochsInPhase, stepInEpoch, stepsPerEpoch;
        private double minibatchLoss, seconds;
        private long samplesSeen;

        public Progress(Phase phase, int epochInPhase, int epochsInPhase, int stepInEpoch, int stepsPerEpoch,
                        double minibatchLoss, long samplesSeen, double seconds) {
            set(phase, epochInPhase, epochsInPhase, stepInEpoch, stepsPerEpoch, minibatchLoss, samplesSeen, seconds);
        }

        void set(Phase phase, int epochInPhase, int epochsInPhase, int stepInEpoch, int stepsPerEpoch,
                 double minibatchLoss, long samplesSeen, double seconds) {
            this.phase = phase;
            this.epochInPhase = epochInPhase;
            this.epochsInPhase = epochsInPhase;
            this.stepInEpoch = stepInEpoch;
            this.stepsPerEpoch = stepsPerEpoch;
            this.minibatchLoss = minibatchLoss;
            this.samplesSeen = samplesSeen;
            this.seconds = seconds;
        }

        public Phase phase() { return phase; }
        public int epochInPhase() { return epochInPhase; }
        public int epochsInPhase() { return epochsInPhase; }
        public int stepInEpoch() { return stepInEpoch; }
        public int stepsPerEpoch() { return stepsPerEpoch; }
        public double minibatchLoss() { return minibatchLoss; }
        public long samplesSeen() { return samplesSeen; }
        public double seconds() { return seconds; }

        @Override
        public String toString() {
            return "Progress[phase=" + (phase == null ? "-" : phase.name()) + ", epoch " + (epochInPhase + 1) + "/" + epochsInPhase + ", step " + (stepInEpoch + 1) + "/"
                    + stepsPerEpoch + ", loss=" + minibatchLoss + ", samples=" + samplesSeen + ", seconds=" + seconds + "]";
        }
    }
}
