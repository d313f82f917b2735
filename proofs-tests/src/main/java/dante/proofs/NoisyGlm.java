package dante.proofs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Theorem 2 (noisy GLM, generalized ReLU) as a statement about probability over samples:
 * at a fixed w ∈ B(0, W) whose population excess e(w) − e(w*) is just above ε, draw m
 * samples y = φ(⟨w*, x⟩) + ξ (x uniform in the unit ball, ξ uniform in [−ν, ν]) and ask
 * whether ê is (ε, κ, w*)-SLQC at w: ê(w) − ê(w*) ≤ ε, or ⟨∇ê, w − w*⟩ ≥ (ε/κ)‖∇ê‖.
 * Checked with the published κ = 2b³W/a and with docs/MATH.md's corrected κ' = 2b²(2bW + 1)/a,
 * at docs/MATH.md's sample size m = ⌈32W²b²(2a + b)² ln(1/δ)/(a²ε²)⌉.
 */
public final class NoisyGlm {
    private NoisyGlm() {}

    /**
     * The setting of one Theorem 2 experiment and how often each constant held.
     *
     * @param a the activation's slope for x ≤ 0
     * @param b its slope for x &gt; 0
     * @param W the radius
     * @param noise ν, the noise's half-width
     * @param eps ε
     * @param delta δ
     * @param m the sample size
     * @param excess the population excess ê(w) − ê(w*) at w
     * @param runs the number of samples drawn
     * @param publishedHolds how often the published κ held
     * @param correctedHolds how often the corrected κ' held
     */
    public record Outcome(double a, double b, double W, double noise, double eps, double delta, int m, double excess,
                          int runs, int publishedHolds, int correctedHolds) {
        /** {@return the share of samples where the published κ held} */
        public double publishedRate() { return (double) publishedHolds / runs; }
        /** {@return the share of samples where the corrected κ' held} */
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

    /**
     * Theorem 2 at docs/MATH.md's sample size.
     *
     * @param runs the number of samples drawn
     * @param seed the seed
     * @return the outcome
     */
    public static Outcome experiment(int runs, long seed) { return experiment(runs, seed, 0); }

    /**
     * With {@code samples} > 0, that many samples per run instead of docs/MATH.md's sample size.
     *
     * @param runs the number of samples drawn
     * @param seed the seed
     * @param samples the sample size, or 0 for docs/MATH.md's
     * @return the outcome
     */
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

    // ------------------------------------------------------------ adversarial search (docs/MATH.md §6.3)

    /** How inputs are drawn: uniform in the unit ball, uniform on the sphere, or half of them on ±w*'s direction. */
    enum Inputs { BALL, SPHERE, SPIKE }

    /**
     * Bounded noise |ξ| ≤ 1: mean zero given x (uniform in [−1, 1], ±1, or +1 with probability
     * 1/5 and −1/4 otherwise), or ALIGNED = sign(⟨x, e_d⟩), a function of x orthogonal to w − w*
     * that turns the gradient away from w − w*: a control outside the noisy GLM's assumption
     * E[y | x] = φ⟨w*, x⟩, to show the search can find failures when there are any.
     */
    enum Noise {
        UNIFORM, SIGNS, SKEWED, ALIGNED;

        boolean withinAssumptions() { return this != ALIGNED; }
    }

    /** How w leaves w*: shrunk along w* (w = (1 − t)·w*), or rotated on the sphere ‖w‖ = W. */
    enum Path { SHRINK, ROTATE }

    /**
     * One setting of the search: everything but the samples.
     *
     * @param d the dimension
     * @param a the activation's slope for x ≤ 0 (b = 1)
     * @param inputs how inputs are drawn
     * @param noise the noise's law
     * @param path how w leaves w*
     * @param rho the population excess over ε, as a fraction
     */
    public record Setting(int d, double a, Inputs inputs, Noise noise, Path path, double rho) {
        /** {@return the setting in one line} */
        public String describe() { return String.format("d=%d a=%s b=1 W=1 x:%s noise:%s w:%s excess=(1+%s)ε", d, a, inputs, noise, path, rho); }
    }

    /**
     * What the setting gave over its runs: failure counts of the two constants and the smallest slack seen (≥ 1 means condition 2 held).
     *
     * @param setting the setting
     * @param m the sample size
     * @param excess the population excess at w
     * @param runs the samples drawn
     * @param condition1Failed in how many condition 1 failed (so condition 2 was asked)
     * @param publishedFails in how many the published κ failed
     * @param correctedFails in how many κ' failed
     * @param minSlack the smallest slack
     */
    public record Probe(Setting setting, int m, double excess, int runs, int condition1Failed, int publishedFails, int correctedFails, double minSlack) {
        /** {@return the share of samples where the published κ failed} */
        public double publishedRate() { return (double) publishedFails / runs; }
        /** {@return the share of samples where κ' failed} */
        public double correctedRate() { return (double) correctedFails / runs; }
    }

    static final double EPS = 0.1, DELTA = 0.1;

    static double[] draw(SplittableRandom r, Setting s, double[] wStar) {
        double[] x = ballPoint(r, s.d());
        switch (s.inputs()) {
            case SPHERE -> { double n = Slqc.norm(x); for (int j = 0; j < x.length; j++) x[j] /= n; }
            case SPIKE -> { if (r.nextBoolean()) { double sign = r.nextBoolean() ? 1 : -1; for (int j = 0; j < x.length; j++) x[j] = sign * wStar[j] / Slqc.norm(wStar); } }
            case BALL -> { }
        }
        return x;
    }

    static double noise(SplittableRandom r, Noise n, double[] x) {
        return switch (n) {
            case UNIFORM -> 2 * r.nextDouble() - 1;
            case SIGNS -> r.nextBoolean() ? 1 : -1;
            case SKEWED -> r.nextInt(5) == 0 ? 1 : -0.25;
            case ALIGNED -> Math.signum(x[x.length - 1]);
        };
    }

    static double[] along(Setting s, double[] wStar, double t) {
        double[] w = new double[s.d()];
        if (s.path() == Path.SHRINK || s.d() == 1) {
            for (int j = 0; j < w.length; j++) w[j] = (1 - t) * wStar[j];
        } else {                                                        // rotate by angle t·π/2 towards e_perp, ‖w‖ stays W
            double[] u = new double[s.d()];
            u[0] = wStar[1]; u[1] = -wStar[0];
            double un = Slqc.norm(u);
            for (int j = 0; j < w.length; j++) w[j] = Math.cos(t * Math.PI / 2) * wStar[j] + Math.sin(t * Math.PI / 2) * u[j] / un * Slqc.norm(wStar);
        }
        return w;
    }

    static double populationExcess(Setting s, double[] w, double[] wStar, long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double[] x = draw(r, s, wStar);
            double dlt = Objectives.phi(s.a(), 1, Slqc.dot(w, x)) - Objectives.phi(s.a(), 1, Slqc.dot(wStar, x));
            sum += dlt * dlt;
        }
        return sum / n;
    }

    /** docs/MATH.md §2.2's sample size for the corrected statement: ⌈32W²b²(2a + b)² ln(1/δ)/(a²ε²)⌉ with b = W = 1. */
    static int mathSampleSize(double a) { return (int) Math.ceil(32 * (2 * a + 1) * (2 * a + 1) * Math.log(1 / DELTA) / (a * a * EPS * EPS)); }

    /**
     * Runs one setting: w* = e₁ (‖w*‖ = W = 1), w on the setting's path with population excess
     * (1 + ρ)ε, then {@code runs} samples of size m, each asking whether ê is (ε, κ, w*)-SLQC at w
     * with the published κ = 2b³W/a and with κ' = 2b²(2bW + 1)/a.
     *
     * @param s the setting
     * @param m the sample size
     * @param runs the samples drawn
     * @param seed the seed
     * @return the probe
     */
    public static Probe probe(Setting s, int m, int runs, long seed) {
        double[] wStar = new double[s.d()];
        wStar[0] = 1;
        double lo = 0, hi = 1, target = (1 + s.rho()) * EPS;
        for (int it = 0; it < 30; it++) {
            double t = (lo + hi) / 2;
            if (populationExcess(s, along(s, wStar, t), wStar, seed, 20_000) < target) lo = t; else hi = t;
        }
        double[] w = along(s, wStar, (lo + hi) / 2);
        double excess = populationExcess(s, w, wStar, seed + 1, 200_000);
        double kappa = 2 / s.a(), kappaFixed = 2 * (2 + 1) / s.a();
        int cond1 = 0, published = 0, corrected = 0;
        double minSlack = Double.POSITIVE_INFINITY;
        double[][] x = new double[m][];
        double[] y = new double[m], grad = new double[s.d()], g2 = new double[s.d()], diff = new double[s.d()];
        for (int j = 0; j < diff.length; j++) diff[j] = w[j] - wStar[j];
        SplittableRandom r = new SplittableRandom(seed + 2);
        for (int run = 0; run < runs; run++) {
            for (int i = 0; i < m; i++) {
                x[i] = draw(r, s, wStar);
                y[i] = Objectives.phi(s.a(), 1, Slqc.dot(wStar, x[i])) + noise(r, s.noise(), x[i]);
            }
            double fw = Objectives.glm(s.a(), 1, x, y, w, grad), fz = Objectives.glm(s.a(), 1, x, y, wStar, g2);
            if (fw - fz <= EPS) continue;                                   // condition 1 holds: SLQC at w for any κ
            cond1++;
            double inner = Slqc.dot(grad, diff), gn = Slqc.norm(grad);
            double slack = gn == 0 ? Double.POSITIVE_INFINITY : inner / (EPS / kappa * gn);
            minSlack = Math.min(minSlack, slack);
            if (!(slack >= 1)) published++;
            if (!(inner >= EPS / kappaFixed * gn)) corrected++;
        }
        return new Probe(s, m, excess, runs, cond1, published, corrected, minSlack);
    }

    /**
     * Every setting of the grid: d ∈ {1, 3}, a ∈ {0.5, 0.9}, three input laws, four noises (ALIGNED needs d > 1), two paths (ROTATE needs d > 1), ρ = 0.01.
     *
     * @return the settings
     */
    public static List<Setting> grid() {
        List<Setting> out = new ArrayList<>();
        for (int d : new int[] {1, 3}) for (double a : new double[] {0.5, 0.9}) for (Inputs in : Inputs.values()) for (Noise n : Noise.values())
            for (Path p : Path.values()) {
                if (d == 1 && (p == Path.ROTATE || n == Noise.ALIGNED)) continue;
                out.add(new Setting(d, a, in, n, p, 0.01));
            }
        return out;
    }

    /**
     * The adversarial search: every grid setting at docs/MATH.md's sample size (condition 1 just
     * failing in the population, noise of the largest variance |ξ| ≤ 1 allows, and the input laws
     * and paths that make ⟨∇ê, w − w*⟩ smallest against ‖∇ê‖), ranked by the published κ's
     * failure rate, then by the smallest slack seen; then, for the tightest setting within the
     * assumptions, the sample size halved until both constants fail in more than δ of the runs.
     *
     * @param ranked every setting's probe, tightest first
     * @param shrinkingM the tightest setting's probes at halved sample sizes
     */
    public record Search(List<Probe> ranked, List<Probe> shrinkingM) {}

    /**
     * Runs the search.
     *
     * @param runs samples per setting
     * @param seed the seed
     * @param settings the settings
     * @param minM the smallest sample size tried
     * @return the probes
     */
    public static Search adversarial(int runs, long seed, List<Setting> settings, int minM) {
        List<Probe> probes = new ArrayList<>();
        for (Setting s : settings) probes.add(probe(s, mathSampleSize(s.a()), runs, seed));
        probes.sort(java.util.Comparator.comparingDouble((Probe p) -> -p.publishedRate()).thenComparingDouble(Probe::minSlack));
        List<Probe> smaller = new ArrayList<>();
        Setting tightest = probes.stream().filter(p -> p.setting().noise().withinAssumptions()).findFirst().orElseThrow().setting();
        for (int m = mathSampleSize(tightest.a()) / 2; m >= minM; m /= 2) {
            Probe p = probe(tightest, m, runs, seed);
            smaller.add(p);
            if (p.publishedRate() > DELTA && p.correctedRate() > DELTA) break;
        }
        return new Search(probes, smaller);
    }
}
