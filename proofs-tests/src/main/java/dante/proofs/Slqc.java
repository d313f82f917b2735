package dante.proofs;

/**
 * Definitions 1 and 4 in closed form (docs/MATH.md §1): the smallest κ that makes f
 * (ε, κ, z)-SLQC at x for every ε > 0 is κ_req = Δ·‖∇f‖ / ⟨∇f, x − z⟩ with Δ = f(x) − f(z);
 * 0 when Δ ≤ 0, +∞ when ⟨∇f, x − z⟩ ≤ 0 &lt; Δ. Matrices are flattened (Frobenius).
 * A Δ within {@code margin} of 0 counts as 0 (condition 1 holds to working precision), so
 * rounding never decides a verdict.
 */
public final class Slqc {
    private Slqc() {}

    /**
     * The smallest κ for which f is (ε, κ, z)-SLQC at x for every ε &gt; 0 (see the class comment).
     *
     * @param delta Δ = f(x) − f(z)
     * @param margin how close to 0 a Δ counts as 0
     * @param grad ∇f(x)
     * @param x the point
     * @param z the comparison point
     * @return κ_req, 0 or +∞
     */
    public static double kappaRequired(double delta, double margin, double[] grad, double[] x, double[] z) {
        if (!(delta > margin)) return 0;
        double inner = 0, norm = 0;
        for (int i = 0; i < grad.length; i++) {
            inner += grad[i] * (x[i] - z[i]);
            norm += grad[i] * grad[i];
        }
        if (!(inner > 0)) return Double.POSITIVE_INFINITY;
        return delta * Math.sqrt(norm) / inner;
    }

    /** The rounding allowance for a squared-error objective whose residuals are of size b·W. */
    static double squaredErrorMargin(double b, double W) { return 1e-24 * (1 + b * b * W * W); }

    /** The rounding allowance for a difference of two O(f) values. */
    static double differenceMargin(double fx, double fz) { return 1e-12 * (Math.abs(fx) + Math.abs(fz)) + 1e-300; }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
