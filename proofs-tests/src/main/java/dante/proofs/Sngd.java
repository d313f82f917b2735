package dante.proofs;

import java.util.SplittableRandom;

/**
 * Theorem 8 (Hazan's SNGD theorem as DANTE states it, MATH.md §2.1) on the idealized
 * generalized-ReLU GLM of Theorem 1: with κ = 2b³W/a, η = ε/κ, T ≥ κ²‖w₁ − w*‖²/ε² and
 * minibatches of b ≥ M² log(4T/δ)/(2ε²) drawn with replacement, the iterate with the lowest
 * minibatch loss has f ≤ f* + 3ε (here f* = 0) with probability ≥ 1 − 2δ.
 */
public final class Sngd {
    private Sngd() {}

    /** The setting of one experiment and how many seeded runs met the bound. */
    public record Outcome(int d, int m, double a, double b, double W, double eps, double delta, int steps, int batch,
                          int runs, int successes, double worstFinalLoss) {
        public double successRate() { return (double) successes / runs; }
        public boolean holds() { return successRate() >= 1 - 2 * delta; }
    }

    public static Outcome experiment(int runs, long seed) {
        SplittableRandom setup = new SplittableRandom(seed);
        int d = 3, m = 200;
        double a = 0.5, b = 1, W = 1, eps = 0.1, delta = 0.1;
        double kappa = 2 * b * b * b * W / a, eta = eps / kappa;
        double[] wStar = Checks.inBall(setup, d, W);
        double[][] x = new double[m][];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) { x[i] = Checks.inBall(setup, d, 1); y[i] = Objectives.phi(a, b, Slqc.dot(wStar, x[i])); }
        double dist = Slqc.norm(wStar);                                    // w₁ = 0
        int steps = (int) Math.ceil(kappa * kappa * dist * dist / (eps * eps));
        double bound = 2 * b * W;                                         // |φ(⟨w, x⟩) − y| ≤ 2bW on B(0, W)
        double M = bound * bound;
        int batch = (int) Math.ceil(M * M * Math.log(4.0 * steps / delta) / (2 * eps * eps));
        int successes = 0;
        double worst = 0;
        double[] grad = new double[d], fullGrad = new double[d];
        for (int run = 0; run < runs; run++) {
            SplittableRandom r = setup.split();
            double[] w = new double[d], best = new double[d];
            double bestLoss = Double.POSITIVE_INFINITY;
            for (int t = 0; t < steps; t++) {
                java.util.Arrays.fill(grad, 0);
                double loss = 0;
                for (int s = 0; s < batch; s++) {
                    int i = r.nextInt(m);
                    double z = Slqc.dot(w, x[i]), res = Objectives.phi(a, b, z) - y[i];
                    loss += res * res;
                    double c = 2 * res * Objectives.g(a, b, z);
                    for (int j = 0; j < d; j++) grad[j] += c * x[i][j];
                }
                loss /= batch;
                if (loss < bestLoss) { bestLoss = loss; System.arraycopy(w, 0, best, 0, d); }
                double gn = Slqc.norm(grad);
                if (gn == 0) continue;
                for (int j = 0; j < d; j++) w[j] -= eta * grad[j] / gn;
            }
            double f = Objectives.glm(a, b, x, y, best, fullGrad);
            worst = Math.max(worst, f);
            if (f <= 3 * eps) successes++;
        }
        return new Outcome(d, m, a, b, W, eps, delta, steps, batch, runs, successes, worst);
    }
}
