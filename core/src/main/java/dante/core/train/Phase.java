package dante.core.train;

import java.util.Arrays;

/**
 * One stretch of training in which a fixed set of layers is trainable, for a number of
 * epochs. {@code round} counts alternation rounds (0 for a joint schedule).
 *
 * <p>{@code path} is null for the whole network. Otherwise it lists the layers the
 * phase's sub-problem runs through, and the target is that path's own input: this is
 * Algorithm 3's one-hidden-layer autoencoder (W_l, W_{L+1−l}) on a_{l−1}.
 *
 * <p>{@code share} below 1 shortens the phase to that share of its epochs' steps (at least
 * one): a schedule fitted to a budget shorter than itself ({@link Schedule#fitTo}).
 *
 * @param index the phase's index in the run
 * @param round the DANTE round it belongs to
 * @param name how reports name it, e.g. "layer 1"
 * @param layers the layers it trains
 * @param epochs its epochs
 * @param path the layers its sub-problem runs through (null: the whole network)
 * @param share the share of its epochs' steps it takes, in (0, 1]
 */
public record Phase(int index, int round, String name, int[] layers, int epochs, int[] path, double share) {
    /**
     * Checks the phase and sorts its layers.
     *
     * @throws IllegalArgumentException for no layers, epochs below 1, a share outside (0, 1], or a trainable layer off the path
     */
    public Phase {
        if (layers.length == 0) throw new IllegalArgumentException("a phase needs at least one trainable layer");
        if (epochs < 1) throw new IllegalArgumentException("phase " + name + ": epochs must be at least 1, found " + epochs);
        if (!(share > 0 && share <= 1)) throw new IllegalArgumentException("phase " + name + ": share must be in (0, 1], found " + share);
        layers = layers.clone();
        Arrays.sort(layers);
        if (path != null) {
            path = path.clone();
            for (int l : layers) {
                if (Arrays.stream(path).noneMatch(p -> p == l)) {
                    throw new IllegalArgumentException("phase " + name + ": trainable layer " + l + " is not on its path " + Arrays.toString(path));
                }
            }
        }
    }

    /**
     * A phase of whole epochs along a path (null: the whole network).
     *
     * @param index the phase's index in the run
     * @param round the DANTE round it belongs to
     * @param name how reports name it
     * @param layers the layers it trains
     * @param epochs its epochs
     * @param path the layers its sub-problem runs through (null: the whole network)
     */
    public Phase(int index, int round, String name, int[] layers, int epochs, int[] path) {
        this(index, round, name, layers, epochs, path, 1);
    }

    /**
     * A phase on the whole network.
     *
     * @param index the phase's index in the run
     * @param round the DANTE round it belongs to
     * @param name how reports name it
     * @param layers the layers it trains
     * @param epochs its epochs
     */
    public Phase(int index, int round, String name, int[] layers, int epochs) {
        this(index, round, name, layers, epochs, null);
    }

    /**
     * The minibatch steps the phase takes: its epochs' steps, times its share (at least one).
     *
     * @param stepsPerEpoch the steps of one epoch
     * @return the steps
     */
    public long steps(int stepsPerEpoch) {
        long whole = (long) epochs * stepsPerEpoch;
        return share == 1 ? whole : Math.max(1, (long) Math.floor(share * whole));
    }

    /**
     * Whether this phase trains a sub-path to reconstruct its own input.
     *
     * @return true for an autoencoder pair's phase
     */
    public boolean reconstructsPathInput() { return path != null; }

    /** {@return a copy of the path, or null for the whole network} */
    @Override
    public int[] path() { return path == null ? null : path.clone(); }

    /** {@return the lowest trainable layer (where backpropagation stops)} */
    public int lowestLayer() { return layers[0]; }

    /**
     * "all", or the trainable layer indices joined with '+' ("2", "0+3").
     *
     * @param depth the network's layers
     * @return the label
     */
    public String layerLabel(int depth) {
        if (layers.length == depth) return "all";
        StringBuilder sb = new StringBuilder();
        for (int l : layers) sb.append(sb.isEmpty() ? "" : "+").append(l);
        return sb.toString();
    }

    /**
     * The trainable layers as a mask.
     *
     * @param depth the network's layers
     * @return one flag per layer, true where it trains
     */
    public boolean[] mask(int depth) {
        boolean[] m = new boolean[depth];
        for (int l : layers) m[l] = true;
        return m;
    }

    /** {@return a copy of the trainable layers, ascending} */
    @Override
    public int[] layers() { return layers.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof Phase p && p.index == index && p.round == round && p.name.equals(name)
                && Arrays.equals(p.layers, layers) && p.epochs == epochs && Arrays.equals(p.path, path) && p.share == share;
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(layers) + index; }

    @Override
    public String toString() {
        return "Phase[" + index + " " + name + " layers=" + Arrays.toString(layers) + " epochs=" + epochs
                + (path == null ? "" : " path=" + Arrays.toString(path)) + (share == 1 ? "" : " share=" + share) + "]";
    }
}
