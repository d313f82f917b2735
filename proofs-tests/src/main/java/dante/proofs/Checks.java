package dante.proofs;

import dante.proofs.Instances.Glm;
import dante.proofs.Instances.Hidden;
import dante.proofs.Instances.Layer;
import dante.proofs.Instances.Logistic;
import dante.proofs.Instances.Ngd;
import dante.proofs.Instances.SigmoidGlm;
import dante.proofs.Instances.Softmax;

/**
 * Each statement as a function of one instance ({@link Instances} draws them): the instance's
 * ratio to the stated bound (≤ 1 means the statement holds there; +∞ means no κ at all works),
 * whether the statement applies to it (the corrected statements hold on a region), and whether
 * ê is differentiable there (no pre-activation exactly at a kink), so that a witness kept for a
 * refutation does not depend on the subgradient chosen at a kink (docs/MATH.md §6.11).
 */
public final class Checks {
    private Checks() {}

    /**
     * The instance's ratio to the statement's bound; {@code applies} false when it lies outside the statement's region.
     *
     * @param ratio the ratio (≤ 1: the statement holds here; +∞: no κ works)
     * @param applies whether the instance lies in the statement's region
     * @param smooth whether ê is differentiable there (no pre-activation at a kink)
     */
    public record Finding(double ratio, boolean applies, boolean smooth) {
        static Finding of(double ratio, boolean smooth) { return new Finding(ratio, true, smooth); }
        static Finding outside(boolean smooth) { return new Finding(0, false, smooth); }
    }

    private static boolean offKinks(double[] w, double[][] x) {
        for (double[] xi : x) if (Slqc.dot(w, xi) == 0) return false;
        return true;
    }

    private static double[] minus(double[] p, double[] q) {
        double[] d = new double[p.length];
        for (int j = 0; j < d.length; j++) d[j] = p[j] - q[j];
        return d;
    }

    // ------------------------------------------------------------ GLM

    /**
     * Theorem 1: the idealized GLM with generalized ReLU is (ε, 2b³W/a, w*)-SLQC on B(0, W).
     *
     * @param p the instance
     * @return the finding
     */
    public static Finding theorem1(Glm p) {
        double[] grad = new double[p.w().length];
        double loss = Objectives.glm(p.a(), p.b(), p.x(), p.y(), p.w(), grad);
        double kappa = 2 * p.b() * p.b() * p.b() * p.W() / p.a();
        return Finding.of(Slqc.kappaRequired(loss, Slqc.squaredErrorMargin(p.b(), p.W()), grad, p.w(), p.wStar()) / kappa, offKinks(p.w(), p.x()));
    }

    /**
     * Theorem 1, sub-lemma (i): ⟨∇ê, w − w*⟩ ≥ (2a/b)·ê. Ratio = (2a/b)ê / ⟨∇ê, w − w*⟩.
     *
     * @param p the instance
     * @return the finding
     */
    public static Finding theorem1Inner(Glm p) {
        double[] grad = new double[p.w().length];
        double loss = Objectives.glm(p.a(), p.b(), p.x(), p.y(), p.w(), grad);
        double inner = Slqc.dot(grad, minus(p.w(), p.wStar())), lower = 2 * p.a() / p.b() * loss;
        double ratio = loss <= Slqc.squaredErrorMargin(p.b(), p.W()) ? 0 : (inner > 0 ? lower / inner : Double.POSITIVE_INFINITY);
        return Finding.of(ratio, offKinks(p.w(), p.x()));
    }

    /**
     * Theorem 1, sub-lemma (ii): ‖∇ê‖ ≤ 4b²W.
     *
     * @param p the instance
     * @return the finding
     */
    public static Finding theorem1GradientBound(Glm p) {
        double[] grad = new double[p.w().length];
        Objectives.glm(p.a(), p.b(), p.x(), p.y(), p.w(), grad);
        return Finding.of(Slqc.norm(grad) / (4 * p.b() * p.b() * p.W()), offKinks(p.w(), p.x()));
    }

    /**
     * Corollary 1 (standard ReLU, κ = 2W): +∞ when no κ works (a dead unit: ∇ê = 0 while ê > 0).
     *
     * @param p the instance
     * @return the finding
     */
    public static Finding corollary1(Glm p) {
        double[] grad = new double[p.w().length];
        double loss = Objectives.glm(0, p.b(), p.x(), p.y(), p.w(), grad);
        return Finding.of(Slqc.kappaRequired(loss, Slqc.squaredErrorMargin(p.b(), p.W()), grad, p.w(), p.wStar()) / (2 * p.W()), offKinks(p.w(), p.x()));
    }

    /** ê_act(w) = (1/m) Σ over the examples active at w (⟨w, x_i⟩ > 0) of r_i²: the part of ê a ReLU gradient can see. */
    static double activeLoss(Glm p) {
        double s = 0;
        for (int i = 0; i < p.x().length; i++) {
            double z = Slqc.dot(p.w(), p.x()[i]);
            if (z > 0) { double r = Objectives.phi(0, p.b(), z) - p.y()[i]; s += r * r; }
        }
        return s / p.x().length;
    }

    /**
     * Corollary 1 corrected: with θ(w) = ê_act(w)/ê(w) the share of the error on examples active
     * at w, ê is (ε, 2b²W/√θ, w*)-SLQC at every w ∈ B(0, W) with θ > 0; where no example is dead
     * (θ = 1) this is the published κ = 2W (b = 1). Proof: ⟨∇ê, w − w*⟩ ≥ 2ê_act (each active
     * term is (2/m)·r_i·b(z_i − z_i*) ≥ (2/m)r_i², the dead ones are 0) and ‖∇ê‖ ≤ 2b·√ê_act
     * (Cauchy–Schwarz over the active terms), so κ_req ≤ b·ê/√ê_act = b√(ê/θ) ≤ 2b²W/√θ.
     * Ratio = κ_req·√θ/(2b²W); outside the region (θ = 0: all the error on dead examples).
     *
     * @param p the instance
     * @return the finding (outside the region when θ = 0)
     */
    public static Finding corollary1Corrected(Glm p) {
        double[] grad = new double[p.w().length];
        double loss = Objectives.glm(0, p.b(), p.x(), p.y(), p.w(), grad), active = activeLoss(p);
        double margin = Slqc.squaredErrorMargin(p.b(), p.W());
        boolean smooth = offKinks(p.w(), p.x());
        if (loss <= margin) return Finding.of(0, smooth);
        if (active <= margin) return Finding.outside(smooth);                   // θ = 0 to working precision
        double kappaReq = Slqc.kappaRequired(loss, margin, grad, p.w(), p.wStar());
        return Finding.of(kappaReq * Math.sqrt(active / loss) / (2 * p.b() * p.b() * p.W()), smooth);
    }

    /**
     * The corrected Corollary 1's inner-product step: ⟨∇ê, w − w*⟩ ≥ 2·ê_act(w). Ratio = 2ê_act / ⟨∇ê, w − w*⟩.
     *
     * @param p the instance
     * @return the finding
     */
    public static Finding corollary1ActiveInner(Glm p) {
        double[] grad = new double[p.w().length];
        Objectives.glm(0, p.b(), p.x(), p.y(), p.w(), grad);
        double active = activeLoss(p), inner = Slqc.dot(grad, minus(p.w(), p.wStar()));
        double ratio = active <= Slqc.squaredErrorMargin(p.b(), p.W()) ? 0 : (inner > 0 ? 2 * active / inner : Double.POSITIVE_INFINITY);
        return Finding.of(ratio, offKinks(p.w(), p.x()));
    }

    /**
     * The NGD descent lemma (Hazan Thm 4.1's core step) on Theorem 1's GLM: with κ = 2b³W/a,
     * ε &lt; ê(w) and η = ε/κ, ‖w − ηĝ − w*‖² ≤ ‖w − w*‖² − (ε/κ)². Ratio = 1 + (‖w' − w*‖² −
     * ‖w − w*‖² + (ε/κ)²)/(ε/κ)², less a rounding allowance: ≤ 1 exactly when the lemma holds.
     *
     * @param q the instance
     * @return the finding
     */
    public static Finding ngdDescent(Ngd q) {
        Glm p = q.glm();
        double[] grad = new double[p.w().length];
        double loss = Objectives.glm(p.a(), p.b(), p.x(), p.y(), p.w(), grad);
        double gn = Slqc.norm(grad);
        boolean smooth = offKinks(p.w(), p.x());
        if (loss <= Slqc.squaredErrorMargin(p.b(), p.W()) || gn == 0) return Finding.of(0, smooth);
        double kappa = 2 * p.b() * p.b() * p.b() * p.W() / p.a(), eps = loss * q.epsFraction(), eta = eps / kappa;
        double before = 0, after = 0;
        for (int j = 0; j < p.w().length; j++) {
            double o = p.w()[j] - p.wStar()[j], nw = p.w()[j] - eta * grad[j] / gn - p.wStar()[j];
            before += o * o;
            after += nw * nw;
        }
        double step = eta * eta, allowance = 1e-12 * (1 + before);
        return Finding.of(1 + (after - before + step - allowance) / step, smooth);
    }

    // ------------------------------------------------------------ one layer, c outputs

    private static boolean offKinks(Layer p) {
        int d = p.x()[0].length;
        for (double[] xi : p.x()) for (int k = 0; k < p.c(); k++) {
            double z = 0;
            for (int j = 0; j < d; j++) z += p.w()[k * d + j] * xi[j];
            if (z == 0) return false;
        }
        return true;
    }

    /** κ_req of ê at W divided by {@code kappa}, with the radius bounding ‖W − W*‖_F/2 given for the rounding allowance. */
    private static Finding layerRatio(Layer p, double a, double kappa, double radius) {
        double[] grad = new double[p.w().length];
        double loss = Objectives.layer(a, p.b(), p.x(), p.y(), p.w(), p.c(), grad);
        return Finding.of(Slqc.kappaRequired(loss, Slqc.squaredErrorMargin(p.b(), radius), grad, p.w(), p.wStar()) / kappa, offKinks(p));
    }

    /**
     * Theorem 3: one layer, c outputs, Frobenius ball: (ε, 2b³W/a, W*)-SLQC.
     *
     * @param p the instance
     * @return the finding
     */
    public static Finding theorem3(Layer p) { return layerRatio(p, p.a(), 2 * p.b() * p.b() * p.b() * p.W() / p.a(), p.W()); }

    /**
     * Theorem 3 with per-unit norms ‖w_k‖ ≤ W, against the published κ = 2b³W/a (docs/MATH.md §6.4: the proof needs √c).
     *
     * @param p the instance
     * @return the finding
     */
    public static Finding theorem3PerUnit(Layer p) {
        return layerRatio(p, p.a(), 2 * p.b() * p.b() * p.b() * p.W() / p.a(), p.W() * Math.sqrt(p.c()));
    }

    /**
     * The same instances against the corrected constant 2b³W√c/a.
     *
     * @param p the instance
     * @return the finding
     */
    public static Finding theorem3PerUnitCorrected(Layer p) {
        return layerRatio(p, p.a(), 2 * p.b() * p.b() * p.b() * p.W() * Math.sqrt(p.c()) / p.a(), p.W() * Math.sqrt(p.c()));
    }

    /**
     * Corollary 2: Theorem 3's one-layer multi-output net with standard ReLU, κ = 2W; +∞ when a dead unit leaves ∇ê = 0 &lt; ê.
     *
     * @param p the instance
     * @return the finding
     */
    public static Finding corollary2(Layer p) { return layerRatio(p, 0, 2 * p.W(), p.W()); }

    /**
     * Corollary 2 corrected, as Corollary 1's: θ = ê_act/ê over the (example, output) pairs
     * active at W; (ε, 2b²W/√θ, W*)-SLQC on the Frobenius ball wherever θ > 0 (‖∇ê‖_F ≤ 2b√ê_act,
     * ⟨∇ê, W − W*⟩ ≥ 2ê_act, ê ≤ b²‖W − W*‖²_F ≤ 4b²W²).
     *
     * @param p the instance
     * @return the finding (outside the region when θ = 0)
     */
    public static Finding corollary2Corrected(Layer p) {
        double[] grad = new double[p.w().length];
        double loss = Objectives.layer(0, p.b(), p.x(), p.y(), p.w(), p.c(), grad);
        int d = p.x()[0].length;
        double active = 0;
        for (int i = 0; i < p.x().length; i++) for (int k = 0; k < p.c(); k++) {
            double z = 0;
            for (int j = 0; j < d; j++) z += p.w()[k * d + j] * p.x()[i][j];
            if (z > 0) { double r = p.b() * z - p.y()[i][k]; active += r * r; }
        }
        active /= p.x().length;
        double margin = Slqc.squaredErrorMargin(p.b(), p.W());
        if (loss <= margin) return Finding.of(0, offKinks(p));
        if (active <= margin) return Finding.outside(offKinks(p));              // θ = 0 to working precision
        double kappaReq = Slqc.kappaRequired(loss, margin, grad, p.w(), p.wStar());
        return Finding.of(kappaReq * Math.sqrt(active / loss) / (2 * p.b() * p.b() * p.W()), offKinks(p));
    }

    // ------------------------------------------------------------ Hazan's sigmoid GLM

    /**
     * Hazan's idealized sigmoid GLM: (ε, e^W, w*)-SLQC on B(0, W) (docs/MATH.md §2.1).
     *
     * @param p the instance
     * @return the finding
     */
    public static Finding hazanSigmoid(SigmoidGlm p) {
        double[] grad = new double[p.w().length];
        double loss = Objectives.sigmoidGlm(p.x(), p.y(), p.w(), grad);
        return Finding.of(Slqc.kappaRequired(loss, 1e-24, grad, p.w(), p.wStar()) / Math.exp(p.W()), true);
    }

    // ------------------------------------------------------------ hidden layer, outer layer fixed

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

    private static double preActivation(double[] w1, double[] x, int n, int h) {
        double u = 0;
        for (int j = 0; j < x.length; j++) u += w1[j * n + h] * x[j];
        return u;
    }

    /** No hidden pre-activation and no output pre-activation exactly at 0 at W1. */
    private static boolean offKinks(Hidden p) {
        int n = p.n();
        for (double[] xi : p.x()) {
            double[] phi = new double[n];
            for (int h = 0; h < n; h++) {
                double u = preActivation(p.w1(), xi, n, h);
                if (u == 0) return false;
                phi[h] = Objectives.phi(p.a(), p.b(), u);
            }
            for (double[] row : p.w2()) if (Slqc.dot(row, phi) == 0) return false;
        }
        return true;
    }

    /**
     * Theorems 4 (c = 1) and 5 (c ≥ 2) state no recoverable κ, so the check asks whether any κ
     * works: ratio +∞ when ⟨∇ê, W1 − W1*⟩ ≤ 0 &lt; ê (κ_req = ∞), else 0 (some finite κ works here).
     *
     * @param p the instance
     * @return the finding
     */
    public static Finding hiddenLayer(Hidden p) {
        double[] grad = new double[p.w1().length];
        double loss = Objectives.hiddenOutputs(p.a(), p.b(), p.x(), p.y(), p.w1(), p.w2(), grad);
        double req = Slqc.kappaRequired(loss, Slqc.squaredErrorMargin(1, 3), grad, p.w1(), p.w1Star());
        return Finding.of(Double.isInfinite(req) ? req : 0, offKinks(p));
    }

    /**
     * The corrected Theorems 4–5's region: no hidden unit changes side of its kink between W1 and
     * W1* on any input, i.e. φ(u_ih) − φ(u*_ih) = g(u_ih)·(u_ih − u*_ih) with the subgradient
     * g(0) = a: u > 0 with u* ≥ 0, or u ≤ 0 with u* ≤ 0.
     */
    static boolean samePattern(Hidden p) {
        int n = p.n();
        for (double[] xi : p.x()) for (int h = 0; h < n; h++) {
            double u = preActivation(p.w1(), xi, n, h), uStar = preActivation(p.w1Star(), xi, n, h);
            if (u > 0 ? uStar < 0 : uStar > 0) return false;
        }
        return true;
    }

    /**
     * Theorems 4–5 corrected: where no hidden unit changes side of its kink between W1 and W1*
     * (the outputs may), s_ik − s*_ik = ⟨∇s_ik, W1 − W1*⟩ exactly, so ⟨∇ê, W1 − W1*⟩ ≥ (2a/b)ê as
     * in Theorem 1; with ‖∇s_ik‖_F ≤ b‖w2_k‖ and |r_ik| ≤ b²‖w2_k‖·‖W1 − W1*‖_F this gives
     * κ = 2b⁵‖W2‖²_F·W/a for ‖W1‖_F, ‖W1*‖_F ≤ W (Theorem 1's 2W/a when b = 1, n = c = 1 and w2 = 1).
     * Here W = max(‖W1‖_F, ‖W1*‖_F); outside the region the statement does not apply.
     *
     * @param p the instance
     * @return the finding (outside the region when a unit changes side)
     */
    public static Finding hiddenLayerCorrected(Hidden p) {
        if (!samePattern(p)) return Finding.outside(offKinks(p));
        double[] grad = new double[p.w1().length];
        double loss = Objectives.hiddenOutputs(p.a(), p.b(), p.x(), p.y(), p.w1(), p.w2(), grad);
        double w2Sq = 0;
        for (double[] row : p.w2()) w2Sq += Slqc.dot(row, row);
        double W = Math.max(Slqc.norm(p.w1()), Slqc.norm(p.w1Star())), b5 = Math.pow(p.b(), 5);
        double kappa = 2 * b5 * w2Sq * W / p.a();
        double req = Slqc.kappaRequired(loss, Slqc.squaredErrorMargin(1, 3), grad, p.w1(), p.w1Star());
        return Finding.of(req == 0 ? 0 : req / kappa, offKinks(p));
    }

    /**
     * The corrected Theorems 4–5's inner-product step in the same region: ⟨∇ê, W1 − W1*⟩ ≥ (2a/b)ê. Ratio = (2a/b)ê / ⟨∇ê, W1 − W1*⟩.
     *
     * @param p the instance
     * @return the finding (outside the region when a unit changes side)
     */
    public static Finding hiddenLayerCorrectedInner(Hidden p) {
        if (!samePattern(p)) return Finding.outside(offKinks(p));
        double[] grad = new double[p.w1().length];
        double loss = Objectives.hiddenOutputs(p.a(), p.b(), p.x(), p.y(), p.w1(), p.w2(), grad);
        double inner = Slqc.dot(grad, minus(p.w1(), p.w1Star()));
        double ratio = loss <= Slqc.squaredErrorMargin(1, 3) ? 0 : (inner > 0 ? 2 * p.a() / p.b() * loss / inner : Double.POSITIVE_INFINITY);
        return Finding.of(ratio, offKinks(p));
    }

    // ------------------------------------------------------------ convex losses

    /**
     * Theorem 6: sigmoid + binary cross-entropy is (ε, 1, w*)-SLQC for binary labels, ‖x‖ ≤ 1 (convexity).
     *
     * @param p the instance
     * @return the finding
     */
    public static Finding theorem6(Logistic p) {
        double[] grad = new double[p.w().length], g2 = new double[p.w().length];
        double fw = Objectives.logistic(p.x(), p.y(), p.w(), grad), fz = Objectives.logistic(p.x(), p.y(), p.wStar(), g2);
        return Finding.of(Slqc.kappaRequired(fw - fz, Slqc.differenceMargin(fw, fz), grad, p.w(), p.wStar()), true);
    }

    /**
     * Theorem 7: softmax + cross-entropy is (ε, √2, W*)-SLQC for one-hot labels, ‖x‖ ≤ 1.
     *
     * @param p the instance
     * @return the finding
     */
    public static Finding theorem7(Softmax p) {
        double[] grad = new double[p.w().length], g2 = new double[p.w().length];
        double fw = Objectives.softmax(p.x(), p.labels(), p.w(), p.c(), grad), fz = Objectives.softmax(p.x(), p.labels(), p.wStar(), p.c(), g2);
        return Finding.of(Slqc.kappaRequired(fw - fz, Slqc.differenceMargin(fw, fz), grad, p.w(), p.wStar()) / Math.sqrt(2), true);
    }
}
