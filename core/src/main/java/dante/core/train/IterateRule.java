package dante.core.train;

import java.util.Locale;

/**
 * Which iterate a phase under a normalized step rule returns (docs/MATH.md §3, §6.7).
 * {@link #LAST} is DANTE's Algorithm 1. {@link #BEST_MINIBATCH} is Hazan's SNGD, the iterate
 * of lowest loss on its own minibatch: what Theorem 8 covers, but at small batches a choice
 * made by sampling noise. {@link #BEST_PROBE} scores candidates at a fixed cadence on a fixed
 * sample of the training data (the phase's own objective), the final iterate always among them.
 * Weights rolled back by a best rule still count as updated.
 */
public enum IterateRule {
    /** The phase's last iterate (Algorithm 1). */
    LAST("last"),
    /** The iterate of lowest loss on a fixed sample of the training data, scored at a fixed cadence. */
    BEST_PROBE("best-probe"),
    /** The iterate of lowest loss on its own minibatch (Hazan's SNGD). */
    BEST_MINIBATCH("best-minibatch");

    private final String spec;

    IterateRule(String spec) { this.spec = spec; }

    /** {@return the name {@link #parse} reads back} */
    public String spec() { return spec; }

    /**
     * Reads an iterate rule by name.
     *
     * @param s "last", "best-probe" or "best-minibatch"
     * @return the rule
     * @throws IllegalArgumentException for another name
     */
    public static IterateRule parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        for (IterateRule r : values()) if (r.spec.equals(k)) return r;
        throw new IllegalArgumentException("iterate rule '" + s + "': expected last, best-probe or best-minibatch");
    }
}
