package dante.datasets;

import java.util.Locale;

import dante.core.data.Dataset;
import dante.kernels.FloatMatrix;

/**
 * How regression targets are scaled for training, fitted on the training part and applied to
 * every part: {@code y' = (f(y) − shift) / scale}, where {@code f} is the identity or
 * {@code log1p} (for targets such as burned area that span orders of magnitude). Losses are then
 * reported in the scaled units; {@link #invert} turns a prediction back into the file's units.
 * A constant target gets scale 1, so it is shifted but never divided by zero.
 *
 * @param kind "none", "standardize" or "minmax"
 * @param log1p whether {@code log1p} is applied first
 * @param shift what is subtracted
 * @param scale what the difference is divided by
 */
public record TargetScaling(String kind, boolean log1p, double shift, double scale) {
    /** The specs {@link #fit} reads. */
    public static final String SPECS = "none, standardize, minmax, log1p+standardize or log1p+minmax";

    /**
     * Fits {@code spec} on {@code train}'s targets (every target column pooled).
     *
     * @param spec "none", "standardize", "minmax", optionally after "log1p+"
     * @param train the training part
     * @return the fitted scaling
     * @throws IllegalArgumentException for another spec, or log1p on targets ≤ −1
     */
    public static TargetScaling fit(String spec, Dataset train) {
        if (train.isClassification()) throw new IllegalArgumentException("--target-scale applies to regression targets; " + train.name() + " holds classes");
        String s = spec.trim().toLowerCase(Locale.ROOT);
        boolean log = s.startsWith("log1p+");
        String kind = log ? s.substring(6) : s;
        if (!kind.equals("none") && !kind.equals("standardize") && !kind.equals("minmax") || log && kind.equals("none")) {
            throw new IllegalArgumentException("--target-scale: expected " + SPECS + ", found '" + spec + "'");
        }
        FloatMatrix y = train.targets();
        double sum = 0, sq = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        long n = 0;
        for (int i = 0; i < y.rows(); i++) {
            for (int j = 0; j < y.cols(); j++) {
                double v = forward(y.get(i, j), log, train.name());
                sum += v;
                sq += v * v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                n++;
            }
        }
        double mean = n == 0 ? 0 : sum / n, sd = n < 2 ? 0 : Math.sqrt(Math.max(0, (sq - n * mean * mean) / (n - 1)));
        return switch (kind) {
            case "none" -> new TargetScaling("none", false, 0, 1);
            case "standardize" -> new TargetScaling(s, log, mean, sd > 1e-30 ? sd : 1);             // a spread float cannot divide by: constant
            default -> new TargetScaling(s, log, min, max - min > 1e-30 ? max - min : 1);
        };
    }

    private static double forward(double v, boolean log, String where) {
        if (!log) return v;
        if (!(v > -1)) throw new IllegalArgumentException("--target-scale log1p: " + where + " has a target " + v + " ≤ −1, whose log1p is undefined");
        return Math.log1p(v);
    }

    /**
     * Scales {@code d}'s targets in place.
     *
     * @param d the data set (regression)
     * @return {@code d}
     */
    public Dataset apply(Dataset d) {
        if (kind.equals("none")) return d;
        FloatMatrix y = d.targets();
        for (int i = 0; i < y.rows(); i++) for (int j = 0; j < y.cols(); j++) y.set(i, j, (float) ((forward(y.get(i, j), log1p, d.name()) - shift) / scale));
        return d;
    }

    /**
     * A scaled value back in the data's own units.
     *
     * @param scaled a value in the scaled units
     * @return it in the data's units
     */
    public double invert(double scaled) {
        double v = scaled * scale + shift;
        return log1p ? Math.expm1(v) : v;
    }

    /**
     * "minmax (shift 103.4, scale 37.6)" for reports.
     *
     * @return the description
     */
    public String describe() {
        return kind.equals("none") ? "none" : String.format(Locale.ROOT, "%s (shift %.6g, scale %.6g)", kind, shift, scale);
    }
}
