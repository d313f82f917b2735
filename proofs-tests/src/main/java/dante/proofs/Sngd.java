package dante.proofs;

import java.util.SplittableRandom;

/**
 * Theorem 8 (Hazan's SNGD theorem as DANTE states it, docs/MATH.md §2.1) on the idealized
 * generalized-ReLU GLM of Theorem 1: with κ = 2b³W/a, η = ε/κ, T ≥ κ²‖w₁ − w*‖²/ε² and
 * minibatches of b ≥ M² log(4T/δ)/(2ε²) drawn with replacement, the iterate with the lowest
 * minibatch loss has f ≤ f* + 3ε (here f* = 0) with probability ≥ 1 − 2δ. This class runs it
 * in double; {@link ShippedSngd} runs the same setting through core's trainer in float.
 */
public final class Sngd {
    private Sngd() {}

    /**
     * The setting of one experiment and how many seeded runs met the bound.
     *
     * @param d the dimension
     * @param m the number of examples
     * @param a the activation's slope for x ≤ 0
     * @param b its slope for x &gt; 0
     * @param W the radius
     * @param eps ε
     * @param delta δ
     * @param steps T
     * @param batch the minibatch size
     * @param runs the number of runs
     * @param successes how many met f ≤ 3ε
     * @param worstFinalLoss the largest final loss
     */
    public record Outcome(int d, int m, double a, double b, double W, double eps, double delta, int steps, int batch,
                          int runs, int successes, double worstFinalLoss) {
        /** {@return the share of runs that met the bound} */
        public double successRate() { return (double) successes / runs; }
        /** {@return whether the share is at least 1 − 2δ, as the theorem promises} */
        public boolean holds() { return successRate() >= 1 - 2 * delta; }
    }

    /**
     * The theorem's instance: d = 3 inputs in the unit ball, m = 200 examples of a teacher
     * w* in the ball of radius W, a = 0.5, b = 1, W = 1, ε = 0.1, δ = 0.1, w₁ = 0, and the
     * η, T and minibatch size the theorem asks for; {@code setup} is where the runs' own
     * generators split from.
     */
    record Setting(int d, int m, double a, double b, double W, double eps, double delta, double eta, int steps, int batch,
                   double[] wStar, double[][] x, double[] y, SplittableRandom setup) {
        static Setting of(long seed) {
            SplittableRandom setup = new SplittableRandom(seed);
            int d = 3, m = 200;
            double a = 0.5, b = 1, W = 1, eps = 0.1, delta = 0.1;
            double kappa = 2 * b * b * b * W / a, eta = eps / kappa;
            double[] wStar = Draws.inBall(setup, d, W);
            double[][] x = new double[m][];
            double[] y = new double[m];
            for (int i = 0; i < m; i++) { x[i] = Draws.inBall(setup, d, 1); y[i] = Objectives.phi(a, b, Slqc.dot(wStar, x[i])); }
            double dist = Slqc.norm(wStar);                                    // w₁ = 0
            int steps = (int) Math.ceil(kappa * kappa * dist * dist / (eps * eps));
            double bound = 2 * b * W;                                         // |φ(⟨w, x⟩) − y| ≤ 2bW on B(0, W)
            double M = bound * bound;
            int batch = (int) Math.ceil(M * M * Math.log(4.0 * steps / delta) / (2 * eps * eps));
            return new Setting(d, m, a, b, W, eps, delta, eta, steps, batch, wStar, x, y, setup);
        }

        Outcome outcome(int runs, int successes, double worst) {
            return new Outcome(d, m, a, b, W, eps, delta, steps, batch, runs, successes, worst);
        }
    }

    /**
     * Theorem 8 in double: {@code runs} seeded runs of a setting drawn from {@code seed}.
     *
     * @param runs the number of runs
     * @param seed the seed of the setting and the runs
     * @return how many runs met the bound
     */
    public static Outcome experiment(int runs, long seed) {
        Setting s = Setting.of(seed);
        int d = s.d(), m = s.m();
        int successes = 0;
        double worst = 0;
        double[] grad = new double[d], fullGrad = new double[d];
        for (int run = 0; run < runs; run++) {
            SplittableRandom r = s.setup().split();
            double[] w = new double[d], best = new double[d];
            double bestLoss = Double.POSITIVE_INFINITY;
            for (int t = 0; t < s.steps(); t++) {
                java.util.Arrays.fill(grad, 0);
                double loss = 0;
                for (int k = 0; k < s.batch(); k++) {
                    int i = r.nextInt(m);
                    double z = Slqc.dot(w, s.x()[i]), res = Objectives.phi(s.a(), s.b(), z) - s.y()[i];
                    loss += res * res;
                    double c = 2 * res * Objectives.g(s.a(), s.b(), z);
                    for (int j = 0; j < d; j++) grad[j] += c * s.x()[i][j];
                }
                loss /= s.batch();
                if (loss < bestLoss) { bestLoss = loss; System.arraycopy(w, 0, best, 0, d); }
                double gn = Slqc.norm(grad);
                if (gn == 0) continue;
                for (int j = 0; j < d; j++) w[j] -= s.eta() * grad[j] / gn;
            }
            double f = Objectives.glm(s.a(), s.b(), s.x(), s.y(), best, fullGrad);
            worst = Math.max(worst, f);
            if (f <= 3 * s.eps()) successes++;
        }
        return s.outcome(runs, successes, worst);
    }
}
