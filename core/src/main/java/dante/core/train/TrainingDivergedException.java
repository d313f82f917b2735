package dante.core.train;

/**
 * Training produced a NaN or infinite loss or gradient. The message names the epoch, step
 * and layer; the network holds the last good weights (see {@link Trainer}), and the history
 * up to that point is attached.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient TrainingHistory history;

    /**
     * A run diverged.
     *
     * @param message names the epoch, step and layer
     * @param history the evaluations before it
     */
    public TrainingDivergedException(String message, TrainingHistory history) {
        super(message);
        this.history = history;
    }

    /** {@return the evaluations recorded before the divergence} */
    public TrainingHistory history() { return history; }
}
