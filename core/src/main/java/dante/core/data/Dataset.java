package dante.core.data;

import dante.kernels.FloatMatrix;
import dante.kernels.MatrixArena;

/**
 * Examples as two off-heap matrices, features {@code [n, d]} and targets {@code [n, c]},
 * plus class labels when the task is classification (targets are then one-hot). Owns its
 * memory; close it when done.
 */
public final class Dataset implements AutoCloseable {
    private final String name;
    private final MatrixArena arena;
    private final FloatMatrix features, targets;
    private final int[] labels;
    private final int classes;
    private boolean moved;          // its memory now belongs to the dataset partition() returned

    private Dataset(String name, MatrixArena arena, FloatMatrix features, FloatMatrix targets, int[] labels, int classes) {
        if (features.rows() != targets.rows()) {
            throw new IllegalArgumentException(name + ": " + features.rows() + " feature rows but " + targets.rows() + " target rows");
        }
        if (labels != null && labels.length != features.rows()) {
            throw new IllegalArgumentException(name + ": " + features.rows() + " rows but " + labels.length + " labels");
        }
        this.name = name;
        this.arena = arena;
        this.features = features;
        this.targets = targets;
        this.labels = labels;
        this.classes = classes;
    }

    /**
     * A regression set: copies {@code x} ({@code n×d}, row-major) and {@code y} ({@code n×c}).
     *
     * @param name the set's name, used in messages
     * @param x the features, {@code n·d} floats
     * @param n the number of examples
     * @param d the number of features
     * @param y the targets, {@code n·c} floats
     * @param c the number of targets per example
     * @return the data set, off-heap
     */
    public static Dataset regression(String name, float[] x, int n, int d, float[] y, int c) {
        MatrixArena arena = new MatrixArena();
        return new Dataset(name, arena, arena.copyOf(x, n, d), arena.copyOf(y, n, c), null, 0);
    }

    /**
     * A classification set with one-hot targets; labels must lie in {@code [0, classes)}.
     *
     * @param name the set's name, used in messages
     * @param x the features, {@code n·d} floats
     * @param n the number of examples
     * @param d the number of features
     * @param labels one label per example
     * @param classes the number of classes
     * @return the data set, off-heap
     */
    public static Dataset classification(String name, float[] x, int n, int d, int[] labels, int classes) {
        if (classes < 1) throw new IllegalArgumentException(name + ": classes must be at least 1, found " + classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of example " + i + " is outside 0.." + (classes - 1));
            }
        }
        MatrixArena arena = new MatrixArena();
        FloatMatrix t = arena.allocate(n, classes);
        for (int i = 0; i < n; i++) t.set(i, labels[i], 1f);
        return new Dataset(name, arena, arena.copyOf(x, n, d), t, labels.clone(), classes);
    }

    /**
     * Takes ownership of matrices already allocated in {@code arena}.
     *
     * @param name the set's name, used in messages
     * @param arena the arena that holds the matrices; closing the data set closes it
     * @param features n×d
     * @param targets n×c
     * @param labels one label per example, or null for regression
     * @param classes the number of classes (0 for regression)
     * @return the data set
     */
    public static Dataset wrap(String name, MatrixArena arena, FloatMatrix features, FloatMatrix targets, int[] labels, int classes) {
        return new Dataset(name, arena, features, targets, labels, classes);
    }

    /**
     * Rows {@code [from, to)} as a new dataset (copied).
     *
     * @param sliceName the new set's name
     * @param from the first row
     * @param to one past the last row
     * @return the new data set
     */
    public Dataset slice(String sliceName, int from, int to) {
        if (from < 0 || to < from || to > size()) {
            throw new IllegalArgumentException(name + ": rows [" + from + ", " + to + ") are not a range of 0.." + size());
        }
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) rows[i] = from + i;
        return select(sliceName, rows);
    }

    /**
     * The given rows, in that order, as a new dataset (copied).
     *
     * @param subsetName the new set's name
     * @param rows the indices of the rows to take (repeats allowed)
     * @return the new data set
     */
    public Dataset select(String subsetName, int[] rows) {
        for (int r : rows) if (r < 0 || r >= size()) throw new IllegalArgumentException(name + ": row " + r + " is outside 0.." + (size() - 1));
        MatrixArena a = new MatrixArena();
        FloatMatrix f = a.allocate(rows.length, featureCount()), t = a.allocate(rows.length, targetCount());
        int[] lab = labels == null ? null : new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            f.row(i).copyFrom(features.row(rows[i]));
            t.row(i).copyFrom(targets.row(rows[i]));
            if (lab != null) lab[i] = labels[rows[i]];
        }
        return new Dataset(subsetName, a, f, t, lab, classes);
    }

    /**
     * Splits this dataset without a second copy of its rows: the rows where {@code held[i]}
     * are copied, in order, into a new dataset, and the others are moved, in order, to the
     * front of this dataset's own memory, which the returned kept set takes over (the
     * held-out rows' old place stays allocated until it is closed). Returns {kept, held}.
     * This dataset is consumed: do not use it afterwards; closing it does nothing. If the
     * copy fails, this dataset is left as it was.
     *
     * @param keptName the name of the rows kept
     * @param heldName the name of the rows held out
     * @param held one flag per row: true to hold the row out
     * @return {kept, held}
     */
    public Dataset[] partition(String keptName, String heldName, boolean[] held) {
        if (moved) throw new IllegalStateException(name + " was already partitioned");
        int n = size();
        if (held.length != n) throw new IllegalArgumentException(name + ": " + held.length + " held-out flags for " + n + " rows");
        int nh = 0;
        for (boolean h : held) if (h) nh++;
        int[] heldRows = new int[nh];
        for (int i = 0, b = 0; i < n; i++) if (held[i]) heldRows[b++] = i;
        Dataset out = select(heldName, heldRows);
        int nk = n - nh;
        int[] keptLabels = labels == null ? null : new int[nk];
        for (int i = 0, a = 0; i < n; i++) {
            if (held[i]) continue;
            if (a != i) {                                   // a < i: row a was already moved or held out
                features.row(a).copyFrom(features.row(i));
                targets.row(a).copyFrom(targets.row(i));
            }
            if (keptLabels != null) keptLabels[a] = labels[i];
            a++;
        }
        moved = true;
        return new Dataset[] {new Dataset(keptName, arena, features.rowRange(0, nk), targets.rowRange(0, nk), keptLabels, classes), out};
    }

    /** {@return the set's name, used in messages} */
    public String name() { return name; }
    /** {@return the number of examples} */
    public int size() { return features.rows(); }
    /** {@return the number of features per example} */
    public int featureCount() { return features.cols(); }
    /** {@return the number of targets per example (the classes for classification)} */
    public int targetCount() { return targets.cols(); }
    /** {@return the features, one example per row (not a copy)} */
    public FloatMatrix features() { return features; }
    /** {@return the targets, one example per row; one-hot for classification (not a copy)} */
    public FloatMatrix targets() { return targets; }
    /**
     * Class labels, or null for regression. Not a copy: do not modify.
     *
     * @return the labels, or null
     */
    public int[] labels() { return labels; }
    /** {@return whether the set has class labels} */
    public boolean isClassification() { return labels != null; }
    /** {@return the number of classes, 0 for regression} */
    public int classes() { return classes; }

    @Override
    public void close() { if (!moved) arena.close(); }

    @Override
    public String toString() {
        return name + ": " + size() + " examples, " + featureCount() + " features, "
                + (isClassification() ? classes + " classes" : targetCount() + " targets");
    }
}
