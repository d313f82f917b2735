package dante.core.train;

/** Hooks for progress displays and logs; every method has a no-op default. */
public interface TrainingListener {
    /**
     * A phase begins.
     *
     * @param phase the phase
     * @param totalEpochsSoFar epochs completed in the run before it
     */
    default void phaseStarted(Phase phase, int totalEpochsSoFar) {}

    /**
     * After each step: where we are and the minibatch loss. Called on the training thread; keep it cheap.
     *
     * @param progress the run's progress, updated in place (copy what you keep)
     */
    default void stepped(Progress progress) {}

    /**
     * A phase ended and returned the iterate {@code choice} describes (before its end-of-phase evaluation).
     *
     * @param phase the phase
     * @param choice which iterate it returned
     */
    default void phaseEnded(Phase phase, IterateChoice choice) {}

    /**
     * An evaluation was recorded.
     *
     * @param row the evaluation
     */
    default void evaluated(HistoryRow row) {}

    /**
     * The iterate a phase returned: the one after {@code step} of the phase's {@code steps}
     * steps, with its score under the rule (minibatch or probe loss; NaN for the last iterate).
     *
     * @param rule the iterate rule
     * @param step the step after which the iterate was taken (0: the phase's starting point)
     * @param steps the phase's steps
     * @param score its score, or NaN
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

        /**
         * A snapshot, for listeners that call {@link #stepped} themselves (tests, other trainers).
         *
         * @param phase the phase
         * @param epochInPhase the epoch within the phase, from 0
         * @param epochsInPhase the phase's epochs
         * @param stepInEpoch the step just taken within the epoch, from 0
         * @param stepsPerEpoch steps in one epoch
         * @param minibatchLoss the loss of the step's minibatch
         * @param samplesSeen examples processed in the run so far
         * @param seconds training seconds so far
         */
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

        /** {@return the current phase} */
        public Phase phase() { return phase; }
        /** {@return the epoch within the phase, from 0} */
        public int epochInPhase() { return epochInPhase; }
        /** {@return the phase's epochs} */
        public int epochsInPhase() { return epochsInPhase; }
        /** {@return the step just taken within the epoch, from 0} */
        public int stepInEpoch() { return stepInEpoch; }
        /** {@return the steps in one epoch} */
        public int stepsPerEpoch() { return stepsPerEpoch; }
        /** {@return the loss of the step's minibatch (before the step)} */
        public double minibatchLoss() { return minibatchLoss; }
        /** {@return examples processed in the run so far} */
        public long samplesSeen() { return samplesSeen; }
        /** {@return training seconds so far (evaluations excluded)} */
        public double seconds() { return seconds; }

        @Override
        public String toString() {
            return "Progress[phase=" + (phase == null ? "-" : phase.name()) + ", epoch " + (epochInPhase + 1) + "/" + epochsInPhase + ", step " + (stepInEpoch + 1) + "/"
                    + stepsPerEpoch + ", loss=" + minibatchLoss + ", samples=" + samplesSeen + ", seconds=" + seconds + "]";
        }
    }
}
