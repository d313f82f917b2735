package dante.core.protocol;

/** Means, sample standard deviations and Student-t quantiles over seeds; NaN entries are skipped. */
public final class Stats {
    private Stats() {}

    /** t_{0.975, df} for df = 1..30 (two-sided 95 %). */
    private static final double[] T975 = {12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004,
            2.262157, 2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024,
            2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272};

    /**
     * The 97.5 % quantile of Student's t with {@code df} degrees of freedom (exact to 6 digits up to 30, then a Cornish–Fisher expansion).
     *
     * @param df degrees of freedom (at least 1)
     * @return the quantile
     */
    public static double tQuantile975(int df) {
        if (df < 1) throw new IllegalArgumentException("degrees of freedom must be at least 1, found " + df);
        if (df <= T975.length) return T975[df - 1];
        double z = 1.959963984540054, z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
        return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384.0 * df * df * df);
    }

    /**
     * Counts the values that are not NaN.
     *
     * @param v the values
     * @return their number
     */
    public static int count(double[] v) {
        int n = 0;
        for (double x : v) if (!Double.isNaN(x)) n++;
        return n;
    }

    /**
     * The mean of the values that are not NaN.
     *
     * @param v the values
     * @return the mean, NaN when there are none
     */
    public static double mean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) if (!Double.isNaN(x)) { s += x; n++; }
        return n == 0 ? Double.NaN : s / n;
    }

    /**
     * Sample standard deviation (n − 1); NaN for fewer than two values.
     *
     * @param v the values (NaN ignored)
     * @return the standard deviation
     */
    public static double sd(double[] v) {
        int n = count(v);
        if (n < 2) return Double.NaN;
        double m = mean(v), s = 0;
        for (double x : v) if (!Double.isNaN(x)) s += (x - m) * (x - m);
        return Math.sqrt(s / (n - 1));
    }

    /**
     * The smallest value that is not NaN.
     *
     * @param v the values
     * @return the minimum, NaN when there are none
     */
    public static double min(double[] v) {
        double m = Double.NaN;
        for (double x : v) if (!Double.isNaN(x) && (Double.isNaN(m) || x < m)) m = x;
        return m;
    }

    /**
     * The largest value that is not NaN.
     *
     * @param v the values
     * @return the maximum, NaN when there are none
     */
    public static double max(double[] v) {
        double m = Double.NaN;
        for (double x : v) if (!Double.isNaN(x) && (Double.isNaN(m) || x > m)) m = x;
        return m;
    }
}
