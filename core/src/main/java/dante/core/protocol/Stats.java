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
     * The two-sided p-value of Student's t statistic: P(|T| ≥ |t|) with {@code df} degrees of
     * freedom, from the regularized incomplete beta function I_{df/(df+t²)}(df/2, 1/2).
     *
     * @param t the statistic (±∞ gives 0, NaN gives NaN)
     * @param df degrees of freedom (at least 1)
     * @return the p-value
     */
    public static double tTwoSidedP(double t, int df) {
        if (df < 1) throw new IllegalArgumentException("degrees of freedom must be at least 1, found " + df);
        if (Double.isNaN(t)) return Double.NaN;
        if (Double.isInfinite(t)) return 0;
        return regularizedBeta(df / (df + t * t), df / 2.0, 0.5);
    }

    /**
     * Holm's step-down procedure: which of the hypotheses with p-values {@code p} are rejected
     * with the family-wise error held at {@code alpha}. A NaN p-value is never rejected and
     * counts in the family.
     *
     * @param p the p-values
     * @param alpha the family-wise level, e.g. 0.05
     * @return per hypothesis, whether it is rejected
     */
    public static boolean[] holm(double[] p, double alpha) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Double.compare(Double.isNaN(p[x]) ? 2 : p[x], Double.isNaN(p[y]) ? 2 : p[y]));
        boolean[] reject = new boolean[p.length];
        for (int k = 0; k < order.length; k++) {
            double q = p[order[k]];
            if (Double.isNaN(q) || q > alpha / (p.length - k)) break;
            reject[order[k]] = true;
        }
        return reject;
    }

    /** I_x(a, b) by its continued fraction (Numerical Recipes §6.4), to about 1e-12. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        return x < (a + 1) / (a + b + 2) ? front * betaFraction(x, a, b) / a : 1 - front * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        double tiny = 1e-300, c = 1, d = 1 - (a + b) * x / (a + 1);
        if (Math.abs(d) < tiny) d = tiny;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 300; m++) {
            int m2 = 2 * m;
            double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + num * d;
            c = 1 + num / c;
            if (Math.abs(d) < tiny) d = tiny;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            h *= d * c;
            num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + num * d;
            c = 1 + num / c;
            if (Math.abs(d) < tiny) d = tiny;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-14) break;
        }
        return h;
    }

    /** ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms; relative error below 1e-14). */
    static double logGamma(double x) {
        if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
                12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        x -= 1;
        double s = c[0], t = x + 7.5;
        for (int i = 1; i < 9; i++) s += c[i] / (x + i);
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
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
