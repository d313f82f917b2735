package dante.core.train;

import java.util.Objects;

/**
 * Where a run stood at the end of an epoch: everything besides the network's weights that
 * continuing it needs. A run resumed from a checkpoint (with the weights the network had then)
 * ends with the weights of an uninterrupted run: the shuffles already drawn are replayed, the
 * step rule's state and the learning-rate schedule's place are restored.
 *
 * @param epochs epochs (or phase epochs) completed
 * @param weightsUpdated weights updated so far
 * @param seconds training seconds so far
 * @param learningRate the learning rate in force
 * @param history the evaluations so far
 * @param state the step rule's state (velocities, moments)
 */
public record Checkpoint(long epochs, long weightsUpdated, double seconds, float learningRate,
                         TrainingHistory history, StepRule.StateDict state) {
    /**
     * Checks the checkpoint.
     *
     * @throws IllegalArgumentException for negative counts or seconds, or an empty history
     * @throws NullPointerException when the history or the state is missing
     */
    public Checkpoint {
        if (epochs < 0) throw new IllegalArgumentException("checkpoint: epochs must be ≥ 0, found " + epochs);
        if (weightsUpdated < 0) throw new IllegalArgumentException("checkpoint: weights updated must be ≥ 0, found " + weightsUpdated);
        if (!(seconds >= 0) || Double.isInfinite(seconds)) throw new IllegalArgumentException("checkpoint: seconds must be a non-negative number, found " + seconds);
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(state, "state");
        if (history.isEmpty()) throw new IllegalArgumentException("checkpoint: the training history is empty");
    }

    /**
     * A checkpoint from a history whose last row ends an epoch (what {@code train} wrote before checkpoints existed).
     *
     * @param history the history
     * @param state the step rule's state
     * @return the checkpoint
     * @throws IllegalArgumentException when the history is empty or does not end at an epoch's end
     */
    public static Checkpoint ofHistory(TrainingHistory history, StepRule.StateDict state) {
        HistoryRow last = history.last();
        if (last == null) throw new IllegalArgumentException("cannot resume: the training history is empty");
        if (last.epoch() != Math.rint(last.epoch()) || last.epoch() < 0) {
            throw new IllegalArgumentException("cannot resume: the history ends at epoch " + last.epoch() + ", not at the end of an epoch");
        }
        float lr = Double.isNaN(last.learningRate()) ? Float.NaN : (float) last.learningRate();
        return new Checkpoint((long) last.epoch(), last.weightsUpdated(), last.seconds(), lr, history, state);
    }

    /** Receives a checkpoint at the end of every N-th epoch and at the end of the run; the network holds the weights that go with it. */
    @FunctionalInterface
    public interface Sink {
        /**
         * Saves a checkpoint (atomically, or the run can be lost).
         *
         * @param checkpoint the checkpoint
         * @param net the network, holding the weights that go with it
         */
        void save(Checkpoint checkpoint, dante.core.nn.Network net);
    }
}
