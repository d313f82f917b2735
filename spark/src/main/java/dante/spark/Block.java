package dante.spark;

import java.io.Serializable;

/**
 * One partition's rows: features [rows × width] and targets [rows × outputs] row-major, the
 * class labels when there are classes, and the global index of the first row (a partition's
 * rows are consecutive in the training set's order, so row i of the block is row start + i).
 */
record Block(long start, int rows, int width, float[] x, int outputs, float[] y, int[] labels) implements Serializable {
    Block {
        if (x.length != (long) rows * width || y.length != (long) rows * outputs || (labels != null && labels.length != rows)) {
            throw new IllegalArgumentException("block of " + rows + " rows: " + x.length + " features for width " + width + ", " + y.length + " targets for " + outputs);
        }
    }

    /** The same rows with other features (a frozen layer's output). */
    Block withFeatures(float[] features, int newWidth) { return new Block(start, rows, newWidth, features, outputs, y, labels); }
}
