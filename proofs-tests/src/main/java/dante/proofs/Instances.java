package dante.proofs;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The statements' instances as jqwik arbitraries, so that jqwik can shrink them: every
 * number comes from a shrinkable arbitrary (components in [−1, 1] with three decimals, sizes
 * from integer ranges, choices from lists whose first element is the simplest), and the
 * hard region is built by combinators on top (a point's norm is exactly its radius half the
 * time, some inputs are projected onto a unit's kink, w is sometimes −w*, a goes down to
 * 10⁻³·b). Dimensions are drawn as a size plus components for the largest size, truncated:
 * once shrinking has zeroed the trailing components, the smaller size is the same instance,
 * so a witness can shrink to fewer dimensions without being redrawn.
 */
public final class Instances {
    private Instances() {}

    /** An instance of a statement: its numbers, printable as a witness. */
    public interface Instance {
        /** {@return the instance's numbers in one line, as a witness is printed} */
        String describe();
    }

    // ------------------------------------------------------------ building blocks

    /** Components for a ball point, whether it lies on the sphere, and its radius fraction otherwise. */
    record Point(double[] raw, boolean sphere, double frac) {
        /** The first {@code d} components scaled to norm {@code radius} (on the sphere) or radius·frac^(1/d); a zero direction stays 0. */
        double[] at(int d, double radius) { return scaled(Arrays.copyOf(raw, d), radius); }

        double[] scaled(double[] v, double radius) {
            double n = Slqc.norm(v);
            if (n == 0) return v;
            double target = sphere ? radius : radius * Math.pow(frac, 1.0 / v.length);
            for (int j = 0; j < v.length; j++) v[j] *= target / n;
            return v;
        }
    }

    static Arbitrary<double[]> components(int size) {
        return Arbitraries.doubles().between(-1, 1).ofScale(3).list().ofSize(size)
                .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static Arbitrary<Point> point(int size) {
        return Combinators.combine(components(size), Arbitraries.of(true, false), Arbitraries.doubles().between(0, 1).ofScale(3))
                .as(Point::new);
    }

    /** One in five true: how often an input is put on a kink, or w opposite w*. */
    static Arbitrary<Boolean> sometimes() { return Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true)); }

    /** An input point and whether to move it onto a unit's kink (orthogonal to a weight vector). */
    record Input(Point point, boolean kink) {
        /** ‖x‖ ≤ 1; when {@code kink}, d > 1 and ref ≠ 0, x is projected so that ⟨ref, x⟩ = 0. */
        double[] at(int d, double[] ref) {
            double[] x = point.at(d, 1);
            double rr = Slqc.dot(ref, ref);
            if (kink && d > 1 && rr > 0) {
                double c = Slqc.dot(x, ref) / rr;
                for (int j = 0; j < d; j++) x[j] -= c * ref[j];
                double n = Slqc.norm(x);
                if (n > 1) for (int j = 0; j < d; j++) x[j] /= n;
            }
            return x;
        }
    }

    static Arbitrary<List<Input>> inputs(int size, int maxCount) {
        return Combinators.combine(point(size), sometimes()).as(Input::new).list().ofMinSize(1).ofMaxSize(maxCount);
    }

    static double[][] inputs(List<Input> in, int d, double[] ref) {
        double[][] x = new double[in.size()][];
        for (int i = 0; i < x.length; i++) x[i] = in.get(i).at(d, ref);
        return x;
    }

    /** The generalized ReLU's slopes: b = 1 or in [1, 3]; a/b from a list reaching 10⁻³ or uniform in [10⁻³, 0.991]; a = 0 for ReLU. */
    record Slopes(double a, double b) {}

    static Arbitrary<Slopes> slopes(boolean relu) {
        Arbitrary<Double> b = Arbitraries.oneOf(Arbitraries.just(1.0), Arbitraries.doubles().between(1, 3).ofScale(3));
        Arbitrary<Double> ratio = Arbitraries.oneOf(Arbitraries.of(0.1, 0.5, 0.01, 1e-3), Arbitraries.doubles().between(1e-3, 0.991).ofScale(3));
        return Combinators.combine(b, ratio).as((bb, q) -> new Slopes(relu ? 0 : bb * q, bb));
    }

    static Arbitrary<Double> radius() { return Arbitraries.of(1.0, 0.5, 2.0, 5.0); }

    static String vec(double[] v) { return Arrays.toString(v); }

    /**
     * The input coordinates worth keeping: those where some input or some weight is non-zero. A
     * coordinate that is 0 in every input and every weight contributes nothing to any loss,
     * gradient, inner product or norm, so dropping it gives the same instance in fewer
     * dimensions (shrinking zeroes components but cannot reorder them). At least one is kept.
     */
    static int[] usedCoordinates(int d, double[][] x, IntPredicate weightsZeroAt) {
        int[] keep = IntStream.range(0, d).filter(j -> !weightsZeroAt.test(j) || Arrays.stream(x).anyMatch(xi -> xi[j] != 0)).toArray();
        return keep.length == 0 ? new int[] {0} : keep;
    }

    static double[] columns(double[] v, int rows, int d, int[] keep) {
        double[] out = new double[rows * keep.length];
        for (int k = 0; k < rows; k++) for (int q = 0; q < keep.length; q++) out[k * keep.length + q] = v[k * d + keep[q]];
        return out;
    }

    static double[][] columns(double[][] x, int[] keep) {
        double[][] out = new double[x.length][keep.length];
        for (int i = 0; i < x.length; i++) for (int q = 0; q < keep.length; q++) out[i][q] = x[i][keep[q]];
        return out;
    }

    static String mat(double[][] v) { return Arrays.deepToString(v); }

    // ------------------------------------------------------------ GLM (Theorem 1, Corollary 1, NGD lemma)

    /**
     * The idealized GLM: y_i = φ(⟨w*, x_i⟩), ‖w‖, ‖w*‖ ≤ W, ‖x_i‖ ≤ 1.
     *
     * @param a the activation's slope for x ≤ 0
     * @param b its slope for x &gt; 0
     * @param W the radius of the ball
     * @param x the inputs, one per row
     * @param wStar the generating weights
     * @param w the point checked
     * @param y the targets
     */
    public record Glm(double a, double b, double W, double[][] x, double[] wStar, double[] w, double[] y) implements Instance {
        @Override public String toString() { return describe(); }

        public String describe() { return String.format("a=%s b=%s W=%s w*=%s w=%s x=%s", a, b, W, vec(wStar), vec(w), mat(x)); }
    }

    static final int GLM_D = 6, GLM_M = 10;

    /**
     * Idealized GLM instances in the hard region.
     *
     * @param relu whether the activation is the standard ReLU (Corollary 1) rather than a generalized ReLU
     * @return the arbitrary
     */
    public static Arbitrary<Glm> glm(boolean relu) {
        return Combinators.combine(Arbitraries.integers().between(1, GLM_D), slopes(relu), radius(), point(GLM_D), point(GLM_D), sometimes(), inputs(GLM_D, GLM_M))
                .as((d, s, W, ps, pw, far, in) -> {
                    double[] wStar = ps.at(d, W), w = pw.at(d, W);
                    if (far) for (int j = 0; j < d; j++) w[j] = -wStar[j];
                    double[][] x0 = inputs(in, d, w);
                    int[] keep = usedCoordinates(d, x0, j -> wStar[j] == 0 && w[j] == 0);
                    double[][] x = columns(x0, keep);
                    double[] ws = columns(wStar, 1, d, keep), wv = columns(w, 1, d, keep);
                    double[] y = new double[x.length];
                    for (int i = 0; i < x.length; i++) y[i] = Objectives.phi(s.a(), s.b(), Slqc.dot(ws, x[i]));
                    return new Glm(s.a(), s.b(), W, x, ws, wv, y);
                });
    }

    /**
     * The NGD lemma's instance: a GLM and ε as a fraction of ê(w).
     *
     * @param glm the GLM
     * @param epsFraction ε as a fraction of ê(w)
     */
    public record Ngd(Glm glm, double epsFraction) implements Instance {
        @Override public String toString() { return describe(); }

        public String describe() { return glm.describe() + " eps=" + epsFraction + "·ê(w)"; }
    }

    /** {@return NGD lemma instances: a generalized-ReLU GLM and ε} */
    public static Arbitrary<Ngd> ngd() {
        return Combinators.combine(glm(false), Arbitraries.doubles().between(0.05, 0.95).ofScale(3)).as(Ngd::new);
    }

    // ------------------------------------------------------------ one layer, c outputs (Theorem 3, Corollary 2)

    /**
     * W [c×d] row-major, y_i = φ(W* x_i); {@code perUnit}: each row in its own ball of radius W, else the Frobenius ball.
     *
     * @param a the activation's slope for x ≤ 0
     * @param b its slope for x &gt; 0
     * @param W the radius
     * @param c the number of outputs
     * @param perUnit whether each row has its own ball
     * @param x the inputs, one per row
     * @param wStar the generating weights, flattened
     * @param w the point checked, flattened
     * @param y the targets, one row per input
     */
    public record Layer(double a, double b, double W, int c, boolean perUnit, double[][] x, double[] wStar, double[] w, double[][] y) implements Instance {
        @Override public String toString() { return describe(); }

        public String describe() {
            return String.format("a=%s b=%s W=%s c=%d%s W*=%s W=%s x=%s", a, b, W, c, perUnit ? " (per unit)" : "", vec(wStar), vec(w), mat(x));
        }
    }

    /**
     * One-layer instances (Theorem 3, Corollary 2).
     *
     * @param minC the fewest outputs
     * @param maxC the most outputs
     * @param maxD the largest input dimension
     * @param maxM the most inputs
     * @param perUnit per-unit balls instead of the Frobenius ball
     * @param relu whether the activation is the standard ReLU
     * @return the arbitrary
     */
    public static Arbitrary<Layer> layer(int minC, int maxC, int maxD, int maxM, boolean perUnit, boolean relu) {
        Arbitrary<int[]> shape = Combinators.combine(Arbitraries.integers().between(minC, maxC), Arbitraries.integers().between(1, maxD))
                .as((c, d) -> new int[] {c, d});
        return Combinators.combine(shape, slopes(relu), radius(), weights(maxC, maxD, perUnit), weights(maxC, maxD, perUnit), sometimes(), inputs(maxD, maxM))
                .as((cd, s, W, ps, pw, far, in) -> {
                    int c = cd[0];
                    double[] wStar = ps.at(c, cd[1], W), w = pw.at(c, cd[1], W);
                    if (far) for (int q = 0; q < w.length; q++) w[q] = -wStar[q];
                    double[][] x0 = inputs(in, cd[1], Arrays.copyOf(w, cd[1]));
                    int[] keep = usedCoordinates(cd[1], x0, j -> IntStream.range(0, c).allMatch(k -> wStar[k * cd[1] + j] == 0 && w[k * cd[1] + j] == 0));
                    int d = keep.length;
                    double[][] x = columns(x0, keep);
                    double[] ws = columns(wStar, c, cd[1], keep), wv = columns(w, c, cd[1], keep);
                    double[][] y = new double[x.length][c];
                    for (int i = 0; i < x.length; i++) for (int k = 0; k < c; k++) {
                        double z = 0;
                        for (int j = 0; j < d; j++) z += ws[k * d + j] * x[i][j];
                        y[i][k] = Objectives.phi(s.a(), s.b(), z);
                    }
                    return new Layer(s.a(), s.b(), W, c, perUnit, x, ws, wv, y);
                });
    }

    /** A c×d weight matrix drawn for the largest shape: in one Frobenius ball, or each row in its own ball. */
    interface Weights {
        double[] at(int c, int d, double radius);
    }

    static Arbitrary<Weights> weights(int maxC, int maxD, boolean perUnit) {
        if (!perUnit) return point(maxC * maxD).map(p -> (c, d, radius) -> {
            double[] v = new double[c * d];
            for (int k = 0; k < c; k++) for (int j = 0; j < d; j++) v[k * d + j] = p.raw()[k * maxD + j];
            return p.scaled(v, radius);
        });
        return point(maxD).list().ofSize(maxC).map(rows -> (c, d, radius) -> {
            double[] v = new double[c * d];
            for (int k = 0; k < c; k++) System.arraycopy(rows.get(k).at(d, radius), 0, v, k * d, d);
            return v;
        });
    }

    // ------------------------------------------------------------ Hazan's sigmoid GLM

    /**
     * Hazan's idealized sigmoid GLM: y_i = σ(⟨w*, x_i⟩).
     *
     * @param W the radius
     * @param x the inputs, one per row
     * @param wStar the generating weights
     * @param w the point checked
     * @param y the targets
     */
    public record SigmoidGlm(double W, double[][] x, double[] wStar, double[] w, double[] y) implements Instance {
        @Override public String toString() { return describe(); }

        public String describe() { return String.format("W=%s w*=%s w=%s x=%s", W, vec(wStar), vec(w), mat(x)); }
    }

    /** {@return sigmoid GLM instances, W from 0.5 to 8} */
    public static Arbitrary<SigmoidGlm> sigmoidGlm() {
        return Combinators.combine(Arbitraries.integers().between(1, GLM_D), Arbitraries.of(1.0, 0.5, 2.0, 4.0, 8.0), point(GLM_D), point(GLM_D),
                        sometimes(), inputs(GLM_D, GLM_M))
                .as((d, W, ps, pw, far, in) -> {
                    double[] wStar = ps.at(d, W), w = pw.at(d, W);
                    if (far) for (int j = 0; j < d; j++) w[j] = -wStar[j];
                    double[][] x = inputs(in, d, w);
                    double[] y = new double[x.length];
                    for (int i = 0; i < x.length; i++) y[i] = Objectives.sigmoid(Slqc.dot(wStar, x[i]));
                    return new SigmoidGlm(W, x, wStar, w, y);
                });
    }

    // ------------------------------------------------------------ hidden layer, outer layer fixed (Theorems 4 and 5)

    /**
     * W1 [d×n] as w1[j·n + h], a fixed outer layer w2 [c×n], y_ik = φ(Σ_h w2_kh φ(⟨W1*_h, x_i⟩)).
     *
     * @param a the activations' slope for x ≤ 0
     * @param b their slope for x &gt; 0
     * @param w2 the fixed outer layer, c×n
     * @param w1Star the generating hidden layer, flattened
     * @param w1 the point checked, flattened
     * @param x the inputs, one per row
     * @param y the targets, one row per input
     */
    public record Hidden(double a, double b, double[][] w2, double[] w1Star, double[] w1, double[][] x, double[][] y) implements Instance {
        @Override public String toString() { return describe(); }

        int c() { return w2.length; }
        int n() { return w2[0].length; }
        public String describe() {
            return String.format("c=%d a=%s b=%s W2=%s W1*=%s W1=%s x=%s", c(), a, b, mat(w2), vec(w1Star), vec(w1), mat(x));
        }
    }

    static final int HID_D = 3, HID_N = 3, HID_M = 3;

    /** The outer layer: entries in [−2, 2] with three decimals, shrinking towards 1 (a plain sum of the units), all made non-negative half the time. */
    static Arbitrary<double[][]> outer(int c) {
        return Combinators.combine(Arbitraries.doubles().between(-2, 2).ofScale(3).shrinkTowards(1).list().ofSize(c * HID_N), Arbitraries.of(true, false))
                .as((l, positive) -> {
                    double[][] w2 = new double[c][HID_N];
                    for (int k = 0; k < c; k++) for (int h = 0; h < HID_N; h++) {
                        double v = l.get(k * HID_N + h);
                        w2[k][h] = positive ? Math.abs(v) : v;
                    }
                    return w2;
                });
    }

    static double[] hiddenWeights(double[] raw, int d, int n) {
        double[] v = new double[d * n];
        for (int j = 0; j < d; j++) for (int h = 0; h < n; h++) v[j * n + h] = raw[j * HID_N + h];
        return v;
    }

    static double[][] truncate(double[][] w2, int c, int n) {
        double[][] out = new double[c][];
        for (int k = 0; k < c; k++) out[k] = Arrays.copyOf(w2[k], n);
        return out;
    }

    /** The same instance without input coordinates that are 0 in every input and in W1 and W1* (see {@link #usedCoordinates}). */
    static Hidden compact(double a, double b, double[][] w2, double[] w1Star, double[] w1, double[][] x) {
        int d = x[0].length, n = w2[0].length;
        int[] keep = usedCoordinates(d, x, j -> IntStream.range(0, n).allMatch(h -> w1Star[j * n + h] == 0 && w1[j * n + h] == 0));
        double[] ws = new double[keep.length * n], wv = new double[keep.length * n];
        for (int q = 0; q < keep.length; q++) for (int h = 0; h < n; h++) {
            ws[q * n + h] = w1Star[keep[q] * n + h];
            wv[q * n + h] = w1[keep[q] * n + h];
        }
        double[][] xs = columns(x, keep);
        return new Hidden(a, b, w2, ws, wv, xs, teacherOutputs(a, b, xs, ws, w2));
    }

    static double[][] teacherOutputs(double a, double b, double[][] x, double[] w1Star, double[][] w2) {
        double[][] y = new double[x.length][w2.length];
        for (int i = 0; i < x.length; i++) for (int k = 0; k < w2.length; k++) y[i][k] = Checks.outputOf(a, b, x[i], w1Star, w2[k]);
        return y;
    }

    /**
     * Theorems 4 (c = 1) and 5 (c from minC to maxC): W1, W1* in the unit Frobenius ball, b = 1, a ∈ {0.1, 0.01, 0.3}.
     *
     * @param minC the fewest outputs
     * @param maxC the most outputs
     * @return the arbitrary
     */
    public static Arbitrary<Hidden> hidden(int minC, int maxC) {
        Arbitrary<int[]> shape = Combinators.combine(Arbitraries.integers().between(1, HID_D), Arbitraries.integers().between(1, HID_N),
                Arbitraries.integers().between(minC, maxC)).as((d, n, c) -> new int[] {d, n, c});
        return Combinators.combine(shape, Arbitraries.of(0.1, 0.01, 0.3), outer(maxC), point(HID_D * HID_N), point(HID_D * HID_N),
                        point(HID_D).list().ofMinSize(1).ofMaxSize(HID_M))
                .as((s, a, w2full, ps, pw, xs) -> {
                    int d = s[0], n = s[1];
                    double[][] w2 = truncate(w2full, s[2], n);
                    double[] w1Star = ps.scaled(hiddenWeights(ps.raw(), d, n), 1), w1 = pw.scaled(hiddenWeights(pw.raw(), d, n), 1);
                    double[][] x = new double[xs.size()][];
                    for (int i = 0; i < x.length; i++) x[i] = xs.get(i).at(d, 1);
                    return compact(a, 1, w2, w1Star, w1, x);
                });
    }

    /**
     * Theorems 4–5 inside the region of the corrected statement: W1 = W1* + t·D with t the
     * largest step (times a fraction in [0, 1]) along the direction D at which no hidden unit
     * has changed side of its kink on any input; some inputs put unit 0 of W1* exactly on its
     * kink, and a fraction of 1 puts units of W1 exactly on theirs.
     *
     * @param minC the fewest outputs
     * @param maxC the most outputs
     * @return the arbitrary
     */
    public static Arbitrary<Hidden> hiddenSamePattern(int minC, int maxC) {
        Arbitrary<int[]> shape = Combinators.combine(Arbitraries.integers().between(1, HID_D), Arbitraries.integers().between(1, HID_N),
                Arbitraries.integers().between(minC, maxC)).as((d, n, c) -> new int[] {d, n, c});
        return Combinators.combine(shape, Arbitraries.of(0.1, 0.01, 0.3), outer(maxC), point(HID_D * HID_N), point(HID_D * HID_N),
                        Arbitraries.doubles().between(0, 1).ofScale(3), inputs(HID_D, HID_M))
                .as((s, a, w2full, ps, pd, frac, in) -> {
                    int d = s[0], n = s[1];
                    double[][] w2 = truncate(w2full, s[2], n);
                    double[] w1Star = ps.scaled(hiddenWeights(ps.raw(), d, n), 1);
                    double[] dir = hiddenWeights(pd.raw(), d, n);
                    double dn = Slqc.norm(dir);
                    if (dn > 0) for (int q = 0; q < dir.length; q++) dir[q] /= dn;
                    double[] unit0 = new double[d];
                    for (int j = 0; j < d; j++) unit0[j] = w1Star[j * n];
                    double[][] x = inputs(in, d, unit0);
                    double t = Math.min(2, largestSamePatternStep(w1Star, dir, x, n)) * frac;
                    double[] w1 = new double[d * n];
                    for (int q = 0; q < w1.length; q++) w1[q] = w1Star[q] + t * dir[q];
                    return compact(a, 1, w2, w1Star, w1, x);
                });
    }

    /** The largest t ≥ 0 such that every u_ih(t) = ⟨W1*_h + t·D_h, x_i⟩ stays on the side of its kink where u*_ih lies (u* > 0 may not reach 0). */
    static double largestSamePatternStep(double[] w1Star, double[] dir, double[][] x, int n) {
        double t = Double.POSITIVE_INFINITY;
        int d = x[0].length;
        for (double[] xi : x) for (int h = 0; h < n; h++) {
            double u = 0, v = 0;
            for (int j = 0; j < d; j++) { u += w1Star[j * n + h] * xi[j]; v += dir[j * n + h] * xi[j]; }
            if (u > 0 && v < 0) t = Math.min(t, -u / v * (1 - 1e-9));
            else if (u < 0 && v > 0) t = Math.min(t, -u / v);
        }
        return t;
    }

    // ------------------------------------------------------------ convex losses (Theorems 6 and 7)

    /**
     * Logistic regression (Theorem 6) with binary labels.
     *
     * @param W the radius
     * @param x the inputs, one per row
     * @param y the labels, 0 or 1
     * @param wStar the comparison point
     * @param w the point checked
     */
    public record Logistic(double W, double[][] x, double[] y, double[] wStar, double[] w) implements Instance {
        @Override public String toString() { return describe(); }

        public String describe() { return String.format("W=%s w*=%s w=%s y=%s x=%s", W, vec(wStar), vec(w), vec(y), mat(x)); }
    }

    /** {@return logistic regression instances} */
    public static Arbitrary<Logistic> logistic() {
        return Combinators.combine(Arbitraries.integers().between(1, GLM_D), radius(), point(GLM_D), point(GLM_D), inputs(GLM_D, GLM_M),
                        Arbitraries.integers().between(0, 1).list().ofSize(GLM_M))
                .as((d, W, ps, pw, in, labels) -> {
                    double[][] x = inputs(in, d, new double[d]);
                    double[] y = new double[x.length];
                    for (int i = 0; i < y.length; i++) y[i] = labels.get(i);
                    return new Logistic(W, x, y, ps.at(d, W), pw.at(d, W));
                });
    }

    /**
     * Softmax regression (Theorem 7) with one-hot labels.
     *
     * @param W the radius
     * @param c the number of classes
     * @param x the inputs, one per row
     * @param labels the classes
     * @param wStar the comparison point, flattened c×d
     * @param w the point checked, flattened c×d
     */
    public record Softmax(double W, int c, double[][] x, int[] labels, double[] wStar, double[] w) implements Instance {
        @Override public String toString() { return describe(); }

        public String describe() { return String.format("c=%d W=%s W*=%s W=%s labels=%s x=%s", c, W, vec(wStar), vec(w), Arrays.toString(labels), mat(x)); }
    }

    /** {@return softmax regression instances} */
    public static Arbitrary<Softmax> softmax() {
        int maxD = 5, maxC = 5, maxM = 8;
        return Combinators.combine(Arbitraries.integers().between(2, maxC), Arbitraries.integers().between(1, maxD), radius(), point(maxC * maxD),
                        point(maxC * maxD), inputs(maxD, maxM), Arbitraries.integers().between(0, maxC - 1).list().ofSize(maxM))
                .as((c, d, W, ps, pw, in, labels) -> {
                    double[][] x = inputs(in, d, new double[d]);
                    int[] k = new int[x.length];
                    for (int i = 0; i < k.length; i++) k[i] = labels.get(i) % c;
                    return new Softmax(W, c, x, k, ps.scaled(Arrays.copyOf(ps.raw(), c * d), W), pw.scaled(Arrays.copyOf(pw.raw(), c * d), W));
                });
    }
}
