package dante.core.train;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.DoubleSupplier;

import dante.core.nn.Network;

/**
 * Which iterate a phase returns: tracks the phase's candidates under its {@link IterateRule}
 * and restores the chosen one at the phase's end. Candidates are copied into a parameter slab
 * sized once per run; under {@link IterateRule#LAST} (and for rules that are not normalized,
 * where the rule does not apply) nothing is copied.
 */
final class IterateSelector {
    private final Phase phase;
    private final int[] layers;
    private final IterateRule mode;
    private final boolean normalized;
    private final int cadence;
    private final Network net;
    private final MemorySegment bestSlab;
    private final DoubleSupplier probeLoss;
    private double bestScore = Double.POSITIVE_INFINITY, lastScore = Double.NaN;
    private long bestStep = -1, lastScored = -1, stepsDone;

    /**
     * @param rule the run's iterate rule (applied only when {@code normalized})
     * @param cadence best-probe: steps between scores
     * @param bestSlab where candidates are kept (null under the last-iterate rule)
     * @param probeLoss best-probe: the phase's objective on the probe rows at the current weights
     */
    IterateSelector(Phase phase, IterateRule rule, boolean normalized, int cadence, Network net, MemorySegment bestSlab, DoubleSupplier probeLoss) {
        this.phase = phase;
        this.layers = phase.layers();
        this.mode = normalized ? rule : IterateRule.LAST;
        this.normalized = normalized;
        this.cadence = cadence;
        this.net = net;
        this.bestSlab = bestSlab;
        this.probeLoss = probeLoss;
    }

    /** Hazan's rule: the iterate about to be stepped from, scored by its own minibatch loss. */
    void beforeStep(double minibatchLoss, long phaseStep) {
        if (mode == IterateRule.BEST_MINIBATCH && minibatchLoss < bestScore) keep(minibatchLoss, phaseStep);
    }

    /** Best-probe: every {@code cadence} steps of the phase, the current iterate on the probe sample. */
    void afterStep(long phaseStep) {
        stepsDone = phaseStep;
        if (mode == IterateRule.BEST_PROBE && phaseStep % cadence == 0) {
            double score = probeLoss.getAsDouble();
            lastScored = phaseStep;
            lastScore = score;
            if (score < bestScore) keep(score, phaseStep);
        }
    }

    private void keep(double score, long phaseStep) {
        bestScore = score;
        bestStep = phaseStep;
        for (int l : layers) copyLayer(net, net.slab(), bestSlab, l);
    }

    /**
     * Restores the chosen iterate (the final one for LAST, and on ties under best-probe), notes
     * it under a normalized rule and tells the listeners that the phase ended.
     */
    void finish(List<String> notes, List<TrainingListener> listeners) {
        long total = stepsDone;
        if (mode == IterateRule.BEST_PROBE && total > 0) {
            double finalScore = lastScored == total ? lastScore : probeLoss.getAsDouble();
            if (finalScore <= bestScore) { bestScore = finalScore; bestStep = total; }
        }
        TrainingListener.IterateChoice choice;
        if (mode == IterateRule.LAST || bestStep < 0 || bestStep == total) {
            choice = new TrainingListener.IterateChoice(mode, total, total, mode == IterateRule.LAST ? Double.NaN : bestScore);
        } else {
            for (int l : layers) copyLayer(net, bestSlab, net.slab(), l);
            choice = new TrainingListener.IterateChoice(mode, bestStep, total, bestScore);
        }
        if (normalized) {
            notes.add("phase " + phase.index() + " (" + phase.name() + "): " + mode.spec() + " returned the iterate after step "
                    + choice.step() + " of " + total + (Double.isNaN(choice.score()) ? "" : " (" + (mode == IterateRule.BEST_PROBE ? "probe" : "minibatch") + " loss " + choice.score() + ")"));
        }
        for (TrainingListener li : listeners) li.phaseEnded(phase, choice);
    }

    private static void copyLayer(Network net, MemorySegment from, MemorySegment to, int l) {
        long off = net.layer(l).offset() * Float.BYTES;
        MemorySegment.copy(from, off, to, off, (long) net.layer(l).parameterCount() * Float.BYTES);
    }
}
