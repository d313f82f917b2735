package dante.core.train;

import java.util.Arrays;

/**
 * One stretch of training in which a fixed set of layers is trainable, for a number of
 * epochs. {@code round} counts alternation rounds (0 for a joint schedule).
 */
public record Phase(int index, int round, String name, int[] layers, int epochs) {
    public Phase {
        if (layers.length == 0) throw new IllegalArgumentException("a phase needs at least one trainable layer");
        if (epochs < 1) throw new IllegalArgumentException("phase " + name + ": epochs must be at least 1, found " + epochs);
        layers = layers.clone();
        Arrays.sort(layers);
    }

    public int lowestLayer() { return layers[0]; }

    /** "all", or the trainable layer indices joined with '+' ("2", "0+3"). */
    public String layerLabel(int depth) {
        if (layers.length == depth) return "all";
        StringBuilder sb = new StringBuilder();
        for (int l : layers) sb.append(sb.isEmpty() ? "" : "+").append(l);
        return sb.toString();
    }

    public boolean[] mask(int depth) {
        boolean[] m = new boolean[depth];
        for (int l : layers) m[l] = true;
        return m;
    }

    @Override
    public int[] layers() { return layers.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof Phase p && p.index == index && p.round == round && p.name.equals(name)
                && Arrays.equals(p.layers, layers) && p.epochs == epochs;
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(layers) + index; }

    @Override
    public String toString() { return "Phase[" + index + " " + name + " layers=" + Arrays.toString(layers) + " epochs=" + epochs + "]"; }
}
