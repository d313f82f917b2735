package dante.datasets;

import dante.core.data.Dataset;
import dante.kernels.FloatMatrix;

/**
 * Feature scaling fitted on the training part only and then applied, unchanged, to any
 * part: standardization (zero mean, unit variance; constant columns are left centred) and
 * min-max scaling to [0, 1]. Applied in place.
 */
public final class Preprocessing {
    private final float[] shift, scale;

    private Preprocessing(float[] shift, float[] scale) { this.shift = shift; this.scale = scale; }

    /**
     * Standardization fitted on {@code train}: each column to mean 0 and standard deviation 1 (constant columns, and columns whose spread float cannot invert, only centred).
     *
     * @param train the training part
     * @return the transform
     */
    public static Preprocessing standardize(Dataset train) {
        FloatMatrix x = train.features();
        int d = x.cols(), n = x.rows();
        double[] mean = new double[d], sq = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += x.get(i, j);
        for (int j = 0; j < d; j++) mean[j] /= n;
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) { double v = x.get(i, j) - mean[j]; sq[j] += v * v; }
        float[] shift = new float[d], scale = new float[d];
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(sq[j] / n);
            shift[j] = (float) mean[j];
            float inv = (float) (1 / sd);
            scale[j] = sd > 0 && Float.isFinite(inv) ? inv : 1f;       // a spread below float's range (0 and 1e-40) counts as constant, not a scale of +Inf
        }
        return new Preprocessing(shift, scale);
    }

    /**
     * Min-max scaling fitted on {@code train}: each column to [0, 1] (constant columns only shifted).
     *
     * @param train the training part
     * @return the transform
     */
    public static Preprocessing minMax(Dataset train) {
        FloatMatrix x = train.features();
        int d = x.cols();
        float[] lo = new float[d], hi = new float[d];
        java.util.Arrays.fill(lo, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < x.rows(); i++) for (int j = 0; j < d; j++) { lo[j] = Math.min(lo[j], x.get(i, j)); hi[j] = Math.max(hi[j], x.get(i, j)); }
        float[] scale = new float[d];
        for (int j = 0; j < d; j++) {
            float inv = 1f / (hi[j] - lo[j]);
            scale[j] = hi[j] > lo[j] && Float.isFinite(inv) ? inv : 1f;   // a range too small for float counts as constant
        }
        return new Preprocessing(lo, scale);
    }

    /**
     * A transform with these columns' shifts and scales (e.g. read back from a model file).
     *
     * @param shift per column, what is subtracted
     * @param scale per column, what the difference is multiplied by
     * @return the transform
     * @throws IllegalArgumentException when the lengths differ or a value is not finite
     */
    public static Preprocessing of(float[] shift, float[] scale) {
        if (shift.length != scale.length) throw new IllegalArgumentException("scaling: " + shift.length + " shifts but " + scale.length + " scales");
        for (int j = 0; j < shift.length; j++) {
            if (!Float.isFinite(shift[j]) || !Float.isFinite(scale[j])) throw new IllegalArgumentException("scaling: column " + j + " has shift " + shift[j] + " and scale " + scale[j]);
        }
        return new Preprocessing(shift.clone(), scale.clone());
    }

    /** {@return a copy of the per-column shifts} */
    public float[] shift() { return shift.clone(); }
    /** {@return a copy of the per-column scales} */
    public float[] scale() { return scale.clone(); }

    /**
     * Scales one row in place, as {@link #apply} scales every row of a dataset.
     *
     * @param row one row of features
     */
    public void applyRow(float[] row) {
        if (row.length != shift.length) throw new IllegalArgumentException("a row of " + row.length + " features; this scaling was fitted on " + shift.length);
        for (int j = 0; j < row.length; j++) row[j] = (row[j] - shift[j]) * scale[j];
    }

    /**
     * x ← (x − shift)·scale, column by column.
     *
     * @param d the data set, scaled in place
     * @return {@code d}
     */
    public Dataset apply(Dataset d) {
        FloatMatrix x = d.features();
        if (x.cols() != shift.length) throw new IllegalArgumentException(d.name() + " has " + x.cols() + " features; this scaling was fitted on " + shift.length);
        for (int i = 0; i < x.rows(); i++) for (int j = 0; j < x.cols(); j++) x.set(i, j, (x.get(i, j) - shift[j]) * scale[j]);
        return d;
    }
}
