package dante.core.train;

/**
 * Training produced a NaN or infinite loss or gradient, or a loss that ran away. The message
 * names where (epoch, step, phase, layer) and what; the network holds the weights of the last
 * good evaluation, and {@link #partial()} is what the run did up to the divergence.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Trainer.Result partial;

    /**
     * A run diverged.
     *
     * @param message names where and what
     * @param partial the run up to the divergence: every evaluation, the counters when it stopped, the planned budget
     */
    public TrainingDivergedException(String message, Trainer.Result partial) {
        super(message);
        this.partial = java.util.Objects.requireNonNull(partial, "partial result");
    }

    /**
     * {@return the run up to the divergence: its history (the last row may be the evaluation
     * that saw it), steps, weights updated and seconds when it stopped, its planned budget; no
     * step-rule state}
     */
    public Trainer.Result partial() { return partial; }

    /** {@return the evaluations recorded before the divergence} */
    public TrainingHistory history() { return partial.history(); }
}
