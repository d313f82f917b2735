package dante.core.train;

/**
 * Which layers train, in which order, for how long. The trainer asks for the next phase
 * after each one, passing the training loss measured at its end, so a schedule can stop on
 * |Δf| < ε. DANTE and backprop differ only here and in the {@link StepRule}.
 */
public interface Schedule {

    /** The phase after {@code previous} (null at the start), or null when training is over. */
    Phase next(Phase previous, double trainLossAfterPrevious);

    /** Human-readable, for logs and summaries. */
    String describe();

    /** Backpropagation: every layer every step, for {@code epochs} epochs. */
    static Schedule joint(int depth, int epochs) { return new Joint(depth, epochs); }

    record Joint(int depth, int epochs) implements Schedule {
        public Joint {
            if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, found " + epochs);
        }

        @Override
        public Phase next(Phase previous, double loss) {
            if (previous != null) return null;
            int[] all = new int[depth];
            for (int i = 0; i < depth; i++) all[i] = i;
            return new Phase(0, 0, "joint", all, epochs);
        }

        @Override
        public String describe() { return "joint (all layers every step), " + epochs + " epochs"; }
    }
}
