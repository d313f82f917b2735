package dante.proofs;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One random instance per call for each statement, drawn to reach the hard region
 * (‖w‖ = W and ‖w*‖ = W, inputs on the unit sphere, units exactly at the kink, small a).
 * Each returns the instance's ratio to the stated constant (≤ 1 means the statement holds
 * there; +∞ means no κ at all works) and a description to print when it does not.
 */
public final class Checks {
    private Checks() {}

    /** The instance's ratio to the statement's bound, and what it was. */
    public record Finding(double ratio, String instance) {}

    // ------------------------------------------------------------ generators

    static double pick(SplittableRandom r, double... values) { return values[r.nextInt(values.length)]; }

    static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** A random vector of norm exactly {@code radius} (half the time) or uniform in the ball. */
    static double[] inBall(SplittableRandom r, int d, double radius) {
        double[] v = new double[d];
        for (int j = 0; j < d; j++) v[j] = gaussian(r);
        double n = Slqc.norm(v), target = r.nextBoolean() ? radius : radius * Math.pow(r.nextDouble(), 1.0 / d);
        for (int j = 0; j < d; j++) v[j] *= target / n;
        return v;
    }

    /** Inputs with ‖x‖ ≤ 1, some on the sphere, some exactly orthogonal to {@code w} (the kink). */
    static double[][] inputs(SplittableRandom r, int m, int d, double[] w) {
        double[][] x = new double[m][];
        double ww = Slqc.dot(w, w);
        for (int i = 0; i < m; i++) {
            x[i] = inBall(r, d, 1);
            if (d > 1 && ww > 0 && r.nextInt(5) == 0) {
                double c = Slqc.dot(x[i], w) / ww;
                for (int j = 0; j < d; j++) x[i][j] -= c * w[j];
                double n = Slqc.norm(x[i]);
                if (n > 1) for (int j = 0; j < d; j++) x[i][j] /= n;
            }
        }
        return x;
    }

    record Glm(double a, double b, double W, double[][] x, double[] wStar, double[] w, double[] y) {
        String describe() {
            return String.format("a=%s b=%s W=%s w*=%s w=%s x=%s", a, b, W, Arrays.toString(wStar), Arrays.toString(w), Arrays.deepToString(x));
        }
    }

    static Glm glm(SplittableRandom r, boolean relu) {
        int d = 1 + r.nextInt(6), m = 1 + r.nextInt(10);
        double b = r.nextBoolean() ? 1 : 1 + 2 * r.nextDouble();
        double a = relu ? 0 : b * pick(r, 1e-3, 1e-2, 0.1, 0.5, r.nextDouble() * 0.99 + 1e-3);
        double W = pick(r, 0.5, 1, 2, 5);
        double[] wStar = inBall(r, d, W), w = inBall(r, d, W);
        if (r.nextInt(5) == 0) for (int j = 0; j < d; j++) w[j] = -wStar[j];      // the far side
        double[][] x = inputs(r, m, d, w);
        double[] y = new double[m];
        for (int i = 0; i < m; i++) y[i] = Objectives.phi(a, b, Slqc.dot(wStar, x[i]));
        return new Glm(a, b, W, x, wStar, w, y);
    }

    // ------------------------------------------------------------ statements

    /** Theorem 1: the idealized GLM with generalized ReLU is (ε, 2b³W/a, w*)-SLQC on B(0, W). */
    public static Finding theorem1(SplittableRandom r) {
        Glm p = glm(r, false);
        double[] grad = new double[p.w.length];
        double loss = Objectives.glm(p.a, p.b, p.x, p.y, p.w, grad);
        double kappa = 2 * p.b * p.b * p.b * p.W / p.a;
        return new Finding(Slqc.kappaRequired(loss, Slqc.squaredErrorMargin(p.b, p.W), grad, p.w, p.wStar) / kappa, p.describe());
    }

    /** Theorem 1, sub-lemma (i): ⟨∇ê, w − w*⟩ ≥ (2a/b)·ê. Ratio = (2a/b)ê / ⟨∇ê, w − w*⟩. */
    public static Finding theorem1Inner(SplittableRandom r) {
        Glm p = glm(r, false);
        double[] grad = new double[p.w.length], diff = new double[p.w.length];
        double loss = Objectives.glm(p.a, p.b, p.x, p.y, p.w, grad);
        for (int j = 0; j < diff.length; j++) diff[j] = p.w[j] - p.wStar[j];
        double inner = Slqc.dot(grad, diff), lower = 2 * p.a / p.b * loss;
        double ratio = loss <= Slqc.squaredErrorMargin(p.b, p.W) ? 0 : (inner > 0 ? lower / inner : Double.POSITIVE_INFINITY);
        return new Finding(ratio, p.describe());
    }

    /** Theorem 1, sub-lemma (ii): ‖∇ê‖ ≤ 4b²W. */
    public static Finding theorem1GradientBound(SplittableRandom r) {
        Glm p = glm(r, false);
        double[] grad = new double[p.w.length];
        Objectives.glm(p.a, p.b, p.x, p.y, p.w, grad);
        return new Finding(Slqc.norm(grad) / (4 * p.b * p.b * p.W), p.describe());
    }

    /** Theorem 3: one layer, c outputs, Frobenius ball: (ε, 2b³W/a, W*)-SLQC. */
    public static Finding theorem3(SplittableRandom r) {
        int d = 1 + r.nextInt(5), c = 1 + r.nextInt(4), m = 1 + r.nextInt(8);
        double b = r.nextBoolean() ? 1 : 1 + 2 * r.nextDouble();
        double a = b * pick(r, 1e-3, 1e-2, 0.1, 0.5, r.nextDouble() * 0.99 + 1e-3), W = pick(r, 0.5, 1, 2, 5);
        double[] wStar = inBall(r, c * d, W), w = inBall(r, c * d, W);
        return layerFinding(r, a, b, W, c, m, wStar, w, 2 * b * b * b * W / a, Slqc.squaredErrorMargin(b, W), "");
    }

    /**
     * Draws m inputs for a one-layer, c-output teacher W* (row-major [c×d]) with activation
     * (a, b) and returns κ_req/κ of ê at W: the shared tail of Theorem 3 and Corollary 2.
     */
    private static Finding layerFinding(SplittableRandom r, double a, double b, double W, int c, int m,
                                        double[] wStar, double[] w, double kappa, double margin, String note) {
        int d = wStar.length / c;
        double[][] x = new double[m][];
        for (int i = 0; i < m; i++) x[i] = inBall(r, d, 1);
        double[][] y = new double[m][c];
        for (int i = 0; i < m; i++) for (int k = 0; k < c; k++) {
            double z = 0;
            for (int j = 0; j < d; j++) z += wStar[k * d + j] * x[i][j];
            y[i][k] = Objectives.phi(a, b, z);
        }
        double[] grad = new double[c * d];
        double loss = Objectives.layer(a, b, x, y, w, c, grad);
        return new Finding(Slqc.kappaRequired(loss, margin, grad, w, wStar) / kappa,
                String.format("a=%s b=%s W=%s c=%d%s W*=%s W=%s x=%s", a, b, W, c, note, Arrays.toString(wStar), Arrays.toString(w), Arrays.deepToString(x)));
    }

    /** Theorem 3 with per-unit norms ‖w_k‖ ≤ W instead of the Frobenius ball, against the published κ = 2b³W/a (MATH.md §6.4: the proof needs √c). */
    public static Finding theorem3PerColumn(SplittableRandom r) { return theorem3PerUnit(r, false); }

    /** The same instances against the corrected constant 2b³W√c/a. */
    public static Finding theorem3PerColumnCorrected(SplittableRandom r) { return theorem3PerUnit(r, true); }

    private static Finding theorem3PerUnit(SplittableRandom r, boolean corrected) {
        int d = 1 + r.nextInt(5), c = 2 + r.nextInt(4), m = 1 + r.nextInt(8);
        double b = r.nextBoolean() ? 1 : 1 + 2 * r.nextDouble();
        double a = b * pick(r, 1e-3, 1e-2, 0.1, 0.5, r.nextDouble() * 0.99 + 1e-3), W = pick(r, 0.5, 1, 2, 5);
        double[] wStar = new double[c * d], w = new double[c * d];
        for (int k = 0; k < c; k++) {
            System.arraycopy(inBall(r, d, W), 0, wStar, k * d, d);
            System.arraycopy(inBall(r, d, W), 0, w, k * d, d);
        }
        double kappa = 2 * b * b * b * W / a * (corrected ? Math.sqrt(c) : 1);
        return layerFinding(r, a, b, W, c, m, wStar, w, kappa, Slqc.squaredErrorMargin(b, W * Math.sqrt(c)), " (per unit)");
    }

    /** Hazan's idealized sigmoid GLM: (ε, e^W, w*)-SLQC on B(0, W) (MATH.md §2.1). */
    public static Finding hazanSigmoid(SplittableRandom r) {
        int d = 1 + r.nextInt(6), m = 1 + r.nextInt(10);
        double W = pick(r, 0.5, 1, 2, 4, 8);
        double[] wStar = inBall(r, d, W), w = inBall(r, d, W);
        if (r.nextInt(5) == 0) for (int j = 0; j < d; j++) w[j] = -wStar[j];
        double[][] x = new double[m][];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) { x[i] = inBall(r, d, 1); y[i] = Objectives.sigmoid(Slqc.dot(wStar, x[i])); }
        double[] grad = new double[d];
        double loss = Objectives.sigmoidGlm(x, y, w, grad);
        return new Finding(Slqc.kappaRequired(loss, 1e-24, grad, w, wStar) / Math.exp(W),
                String.format("W=%s w*=%s w=%s", W, Arrays.toString(wStar), Arrays.toString(w)));
    }

    /** Corollary 2: Theorem 3's one-layer multi-output net with standard ReLU; +∞ when a dead unit leaves ∇ê = 0 < ê. */
    public static Finding corollary2(SplittableRandom r) {
        int d = 1 + r.nextInt(4), c = 1 + r.nextInt(3), m = 1 + r.nextInt(6);
        double W = pick(r, 0.5, 1, 2, 5);
        double[] wStar = inBall(r, c * d, W), w = inBall(r, c * d, W);
        if (r.nextInt(3) == 0) for (int j = 0; j < w.length; j++) w[j] = -wStar[j];
        return layerFinding(r, 0, 1, W, c, m, wStar, w, 2 * W, Slqc.squaredErrorMargin(1, W), " (ReLU)");
    }

    /** Corollary 1 (standard ReLU): +∞ when no κ works (a dead unit: ∇ê = 0 while ê > 0). */
    public static Finding corollary1(SplittableRandom r) {
        Glm p = glm(r, true);
        double[] grad = new double[p.w.length];
        double loss = Objectives.glm(0, p.b, p.x, p.y, p.w, grad);
        return new Finding(Slqc.kappaRequired(loss, Slqc.squaredErrorMargin(p.b, p.W), grad, p.w, p.wStar) / (2 * p.W), p.describe());
    }

    /** Theorem 4: hidden layer W1 with w2 fixed; +∞ when ⟨∇ê, W1 − W1*⟩ ≤ 0 < ê, which no κ survives. */
    public static Finding theorem4(SplittableRandom r) {
        int d = 1 + r.nextInt(3), n = 1 + r.nextInt(3), m = 1 + r.nextInt(3);
        double b = 1, a = pick(r, 0.01, 0.1, 0.3);
        double[] w2 = new double[n];
        boolean positive = r.nextBoolean();
        for (int h = 0; h < n; h++) w2[h] = positive ? Math.abs(gaussian(r)) : gaussian(r);
        double[] w1Star = inBall(r, d * n, 1), w1 = inBall(r, d * n, 1);
        double[][] x = new double[m][];
        for (int i = 0; i < m; i++) x[i] = inBall(r, d, 1);
        double[] y = new double[m], grad = new double[d * n];
        for (int i = 0; i < m; i++) y[i] = outputOf(a, b, x[i], w1Star, w2);
        double loss = Objectives.hidden(a, b, x, y, w1, w2, grad);
        return new Finding(Slqc.kappaRequired(loss, Slqc.squaredErrorMargin(1, 3), grad, w1, w1Star),
                String.format("a=%s b=1 w2=%s W1*=%s W1=%s x=%s", a, Arrays.toString(w2), Arrays.toString(w1Star), Arrays.toString(w1), Arrays.deepToString(x)));
    }

    /**
     * Theorem 5 on its own: Theorem 4 with c = 2..4 outputs (W2 fixed, c×n), so a refutation
     * here is not Theorem 4's single-output case again; +∞ when ⟨∇ê, W1 − W1*⟩ ≤ 0 < ê.
     */
    public static Finding theorem5(SplittableRandom r) {
        int d = 1 + r.nextInt(3), n = 1 + r.nextInt(3), m = 1 + r.nextInt(3), c = 2 + r.nextInt(3);
        double b = 1, a = pick(r, 0.01, 0.1, 0.3);
        boolean positive = r.nextBoolean();
        double[][] w2 = new double[c][n];
        for (double[] row : w2) for (int h = 0; h < n; h++) row[h] = positive ? Math.abs(gaussian(r)) : gaussian(r);
        double[] w1Star = inBall(r, d * n, 1), w1 = inBall(r, d * n, 1);
        double[][] x = new double[m][], y = new double[m][c];
        for (int i = 0; i < m; i++) {
            x[i] = inBall(r, d, 1);
            for (int k = 0; k < c; k++) y[i][k] = outputOf(a, b, x[i], w1Star, w2[k]);
        }
        double[] grad = new double[d * n];
        double loss = Objectives.hiddenOutputs(a, b, x, y, w1, w2, grad);
        return new Finding(Slqc.kappaRequired(loss, Slqc.squaredErrorMargin(1, 3), grad, w1, w1Star),
                String.format("c=%d a=%s b=1 W2=%s W1*=%s W1=%s x=%s", c, a, Arrays.deepToString(w2), Arrays.toString(w1Star), Arrays.toString(w1), Arrays.deepToString(x)));
    }

    static double outputOf(double a, double b, double[] x, double[] w1, double[] w2) {
        int n = w2.length, d = x.length;
        double s = 0;
        for (int h = 0; h < n; h++) {
            double u = 0;
            for (int j = 0; j < d; j++) u += w1[j * n + h] * x[j];
            s += w2[h] * Objectives.phi(a, b, u);
        }
        return Objectives.phi(a, b, s);
    }

    /** Theorem 6: sigmoid + binary cross-entropy is (ε, 1, w*)-SLQC for binary labels, ‖x‖ ≤ 1 (convexity). */
    public static Finding theorem6(SplittableRandom r) {
        int d = 1 + r.nextInt(6), m = 1 + r.nextInt(10);
        double W = pick(r, 0.5, 1, 2, 5);
        double[] wStar = inBall(r, d, W), w = inBall(r, d, W);
        double[][] x = new double[m][];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) { x[i] = inBall(r, d, 1); y[i] = r.nextInt(2); }
        double[] grad = new double[d], g2 = new double[d];
        double fw = Objectives.logistic(x, y, w, grad), fz = Objectives.logistic(x, y, wStar, g2);
        return new Finding(Slqc.kappaRequired(fw - fz, Slqc.differenceMargin(fw, fz), grad, w, wStar) / 1.0,
                String.format("w*=%s w=%s y=%s", Arrays.toString(wStar), Arrays.toString(w), Arrays.toString(y)));
    }

    /** Theorem 7: softmax + cross-entropy is (ε, √2, W*)-SLQC for one-hot labels, ‖x‖ ≤ 1. */
    public static Finding theorem7(SplittableRandom r) {
        int d = 1 + r.nextInt(5), c = 2 + r.nextInt(4), m = 1 + r.nextInt(8);
        double W = pick(r, 0.5, 1, 2, 5);
        double[] wStar = inBall(r, c * d, W), w = inBall(r, c * d, W);
        double[][] x = new double[m][];
        int[] k = new int[m];
        for (int i = 0; i < m; i++) { x[i] = inBall(r, d, 1); k[i] = r.nextInt(c); }
        double[] grad = new double[c * d], g2 = new double[c * d];
        double fw = Objectives.softmax(x, k, w, c, grad), fz = Objectives.softmax(x, k, wStar, c, g2);
        return new Finding(Slqc.kappaRequired(fw - fz, Slqc.differenceMargin(fw, fz), grad, w, wStar) / Math.sqrt(2),
                String.format("c=%d W*=%s W=%s labels=%s", c, Arrays.toString(wStar), Arrays.toString(w), Arrays.toString(k)));
    }

    /**
     * The NGD descent lemma (Hazan Thm 4.1's core step) on Theorem 1's GLM: with κ = 2b³W/a,
     * ε < ê(w) and η = ε/κ, ‖w − ηĝ − w*‖² ≤ ‖w − w*‖² − (ε/κ)². Ratio = 1 + (‖w' − w*‖² −
     * ‖w − w*‖² + (ε/κ)²)/(ε/κ)², less a rounding allowance: ≤ 1 exactly when the lemma holds.
     */
    public static Finding ngdDescent(SplittableRandom r) {
        Glm p = glm(r, false);
        double[] grad = new double[p.w.length];
        double loss = Objectives.glm(p.a, p.b, p.x, p.y, p.w, grad);
        double gn = Slqc.norm(grad);
        if (loss <= Slqc.squaredErrorMargin(p.b, p.W) || gn == 0) return new Finding(0, p.describe());
        double kappa = 2 * p.b * p.b * p.b * p.W / p.a, eps = loss * (0.05 + 0.9 * r.nextDouble()), eta = eps / kappa;
        double before = 0, after = 0;
        for (int j = 0; j < p.w.length; j++) {
            double o = p.w[j] - p.wStar[j], nw = p.w[j] - eta * grad[j] / gn - p.wStar[j];
            before += o * o;
            after += nw * nw;
        }
        double step = eta * eta, allowance = 1e-12 * (1 + before);
        return new Finding(1 + (after - before + step - allowance) / step, p.describe());
    }
}
