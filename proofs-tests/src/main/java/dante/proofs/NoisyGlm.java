package dante.proofs;

import java.util.SplittableRandom;

/**
 * Theorem 2 (noisy GLM, generalized ReLU) as a statement about probability over samples:
 * at a fixed w ∈ B(0, W) whose population excess e(w) − e(w*) is just above ε, draw m
 * samples y = φ(⟨w*, x⟩) + ξ (x uniform in the unit ball, ξ uniform in [−ν, ν]) and ask
 * whether ê is (ε, κ, w*)-SLQC at w: ê(w) − ê(w*) ≤ ε, or ⟨∇ê, w − w*⟩ ≥ (ε/κ)‖∇ê‖.
 * Checked with the published κ = 2b³W/a and with MATH.md's corrected κ' = 2b²(2bW + 1)/a,
 * at MATH.md's sample size m = ⌈32W²b²(2a + b)² ln(1/δ)/(a²ε²)⌉.
 */
public final class NoisyGlm {
    private NoisyGlm() {}

    public record Outcome(double a, double b, double W, double noise, double eps, double delta, int m, double excess,
                          int runs, int publishedHolds, int correctedHolds) {
        public double publishedRate() { return (double) publishedHolds / runs; }
        public double correctedRate() { return (double) correctedHolds / runs; }
    }

    static double[] ballPoint(SplittableRandom r, int d) {
        double[] v = new double[d];
        double n = 0;
        for (int j = 0; j < d; j++) { v[j] = Draws.gaussian(r); n += v[j] * v[j]; }
        double s = Math.pow(r.nextDouble(), 1.0 / d) / Math.sqrt(n);
        for (int j = 0; j < d; j++) v[j] *= s;
        return v;
    }

    /** E[(φ⟨w, x⟩ − φ⟨w*, x⟩)²] by Monte Carlo. */
    static double excess(double a, double b, double[] w, double[] wStar, SplittableRandom r, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double[] x = ballPoint(r, w.length);
            double dlt = Objectives.phi(a, b, Slqc.dot(w, x)) - Objectives.phi(a, b, Slqc.dot(wStar, x));
            s += dlt * dlt;
        }
        return s / n;
    }

    public static Outcome experiment(int runs, long seed) { return experiment(runs, seed, 0); }

    /** With {@code samples} > 0, that many samples per run instead of MATH.md's sample size. */
    public static Outcome experiment(int runs, long seed, int samples) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = 3;
        double a = 0.5, b = 1, W = 1, noise = 0.5, eps = 0.1, delta = 0.1;
        double[] wStar = Draws.inBall(r, d, W);
        double sc = W / Slqc.norm(wStar);
        for (int j = 0; j < d; j++) wStar[j] *= sc;                      // ‖w*‖ = W
        // w = (1 − t)·w* with t chosen so that the population excess is 1.05 ε
        double lo = 0, hi = 2;
        double[] w = new double[d];
        for (int it = 0; it < 40; it++) {
            double t = (lo + hi) / 2;
            for (int j = 0; j < d; j++) w[j] = (1 - t) * wStar[j];
            if (excess(a, b, w, wStar, new SplittableRandom(seed + 1), 200_000) < 1.05 * eps) lo = t; else hi = t;
        }
        double t = (lo + hi) / 2;
        for (int j = 0; j < d; j++) w[j] = (1 - t) * wStar[j];
        double ex = excess(a, b, w, wStar, new SplittableRandom(seed + 2), 200_000);
        int m = samples > 0 ? samples
                : (int) Math.ceil(32 * W * W * b * b * (2 * a + b) * (2 * a + b) * Math.log(1 / delta) / (a * a * eps * eps));
        double kappa = 2 * b * b * b * W / a, kappaFixed = 2 * b * b * (2 * b * W + 1) / a;
        int published = 0, corrected = 0;
        double[][] x = new double[m][];
        double[] y = new double[m], grad = new double[d], g2 = new double[d];
        for (int run = 0; run < runs; run++) {
            SplittableRandom s = r.split();
            for (int i = 0; i < m; i++) {
                x[i] = ballPoint(s, d);
                y[i] = Objectives.phi(a, b, Slqc.dot(wStar, x[i])) + (2 * s.nextDouble() - 1) * noise;
            }
            double fw = Objectives.glm(a, b, x, y, w, grad), fz = Objectives.glm(a, b, x, y, wStar, g2);
            double[] diff = new double[d];
            for (int j = 0; j < d; j++) diff[j] = w[j] - wStar[j];
            double inner = Slqc.dot(grad, diff), gn = Slqc.norm(grad);
            boolean cond1 = fw - fz <= eps;
            if (cond1 || (gn > 0 && inner >= eps / kappa * gn)) published++;
            if (cond1 || (gn > 0 && inner >= eps / kappaFixed * gn)) corrected++;
        }
        return new Outcome(a, b, W, noise, eps, delta, m, ex, runs, published, corrected);
    }
}
