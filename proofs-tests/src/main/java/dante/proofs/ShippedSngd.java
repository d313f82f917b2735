package dante.proofs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dante.core.data.Dataset;
import dante.core.nn.Activation;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.train.IterateRule;
import dante.core.train.Schedule;
import dante.core.train.StepRule;
import dante.core.train.Trainer;
import dante.core.train.TrainingListener;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;

/**
 * Theorem 8 through the code users run: core's {@link Trainer} with its normalized step
 * ({@link StepRule.Normalized}) and Hazan's best-minibatch rule ({@link IterateRule#BEST_MINIBATCH}),
 * float kernels, on the {@link Sngd} setting (same teacher, η, T, minibatch size). Minibatches
 * with replacement are one epoch over T·b rows drawn with replacement from the m examples (the
 * trainer's shuffle permutes independent draws, so its consecutive minibatches are still
 * independent draws). Also {@link #algorithm1Agreement}: one SNGD phase of the trainer on a GLM
 * layer follows Algorithm 1's iterates in double, step by step.
 */
public final class ShippedSngd {
    private ShippedSngd() {}

    /** The network of the theorem: one generalized-ReLU unit without bias, MSE, starting at w₁ = 0. */
    static Network glmUnit(Sngd.Setting s) {
        return Network.builder(s.d()).dense(1, Activation.generalizedRelu((float) s.a(), (float) s.b()), false).loss(Loss.MSE).build();
    }

    /**
     * Theorem 8 through core's trainer: {@code runs} seeded runs of the setting {@link Sngd} draws from {@code seed}.
     *
     * @param runs the number of runs
     * @param seed the seed of the setting and the runs
     * @return how many runs met the bound
     */
    public static Sngd.Outcome experiment(int runs, long seed) {
        Sngd.Setting s = Sngd.Setting.of(seed);
        int d = s.d(), rows = s.steps() * s.batch();
        int successes = 0;
        double worst = 0;
        double[] fullGrad = new double[d];
        Kernels k = Kernels.best();
        for (int run = 0; run < runs; run++) {
            SplittableRandom r = s.setup().split();
            try (MatrixArena arena = new MatrixArena(); Network net = glmUnit(s)) {
                FloatMatrix x = arena.allocate(rows, d), y = arena.allocate(rows, 1);
                for (int i = 0; i < rows; i++) {
                    int e = r.nextInt(s.m());
                    for (int j = 0; j < d; j++) x.set(i, j, (float) s.x()[e][j]);
                    y.set(i, 0, (float) s.y()[e]);
                }
                try (Dataset draws = Dataset.wrap("draws", arena, x, y, null, 0)) {
                    Trainer.builder(net, draws).kernels(k).stepRule(new StepRule.Normalized((float) s.eta())).schedule(Schedule.joint(1, 1))
                            .batchSize(s.batch()).iterate(IterateRule.BEST_MINIBATCH).seed(r.nextLong()).evaluateTrainLoss(false).build().run();
                }
                double[] best = new double[d];
                for (int j = 0; j < d; j++) best[j] = net.layer(0).weight().get(0, j);
                double f = Objectives.glm(s.a(), s.b(), s.x(), s.y(), best, fullGrad);
                worst = Math.max(worst, f);
                if (f <= 3 * s.eps()) successes++;
            }
        }
        return s.outcome(runs, successes, worst);
    }

    /**
     * How far the trainer's iterates were from Algorithm 1's in double: the largest |w_float − w_double| over every step, and the steps compared.
     *
     * @param steps the steps compared
     * @param batch the minibatch size
     * @param maxDifference the largest difference per weight
     * @param stepLength the step length η, for scale
     */
    public record Agreement(int steps, int batch, double maxDifference, double stepLength) {}

    /**
     * One phase of core's trainer (normalized step, last iterate, batch {@code batch}) on the
     * setting's m examples for {@code epochs} epochs, the weights read after every step,
     * against Algorithm 1 in double on the same minibatches (the trainer's seeded shuffle,
     * replayed: Fisher–Yates from the last index down with {@code SplittableRandom(seed)}).
     *
     * @param seed the seed of the data and the shuffle
     * @param batch the minibatch size
     * @param epochs the number of epochs
     * @return the agreement
     */
    public static Agreement algorithm1Agreement(long seed, int batch, int epochs) {
        Sngd.Setting s = Sngd.Setting.of(seed);
        int d = s.d(), m = s.m();
        List<float[]> iterates = new ArrayList<>();
        try (MatrixArena arena = new MatrixArena(); Network net = glmUnit(s)) {
            FloatMatrix x = arena.allocate(m, d), y = arena.allocate(m, 1);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < d; j++) x.set(i, j, (float) s.x()[i][j]);
                y.set(i, 0, (float) s.y()[i]);
            }
            try (Dataset data = Dataset.wrap("glm", arena, x, y, null, 0)) {
                Trainer.builder(net, data).kernels(Kernels.best()).stepRule(new StepRule.Normalized((float) s.eta())).schedule(Schedule.joint(1, epochs))
                        .batchSize(batch).seed(seed).evaluateTrainLoss(false)
                        .listener(new TrainingListener() {
                            @Override public void stepped(Progress p) { iterates.add(net.layer(0).weight().toArray()); }
                        }).build().run();
            }
        }
        // Algorithm 1 in double on the same minibatches
        SplittableRandom shuffle = new SplittableRandom(seed);
        int[] perm = new int[m];
        for (int i = 0; i < m; i++) perm[i] = i;
        double[] w = new double[d], grad = new double[d];
        double maxDiff = 0;
        int t = 0;
        for (int e = 0; e < epochs; e++) {
            for (int i = m - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int tmp = perm[i]; perm[i] = perm[j]; perm[j] = tmp;
            }
            for (int start = 0; start < m; start += batch, t++) {
                java.util.Arrays.fill(grad, 0);
                for (int q = start; q < Math.min(m, start + batch); q++) {
                    double[] xi = s.x()[perm[q]];
                    double z = Slqc.dot(w, xi), res = Objectives.phi(s.a(), s.b(), z) - s.y()[perm[q]];
                    for (int j = 0; j < d; j++) grad[j] += 2 * res * Objectives.g(s.a(), s.b(), z) * xi[j];
                }
                double gn = Slqc.norm(grad);
                if (gn > 0) for (int j = 0; j < d; j++) w[j] -= s.eta() * grad[j] / gn;
                float[] mine = iterates.get(t);
                for (int j = 0; j < d; j++) maxDiff = Math.max(maxDiff, Math.abs(mine[j] - w[j]));
            }
        }
        if (t != iterates.size()) throw new IllegalStateException("the trainer took " + iterates.size() + " steps, Algorithm 1 " + t);
        return new Agreement(t, batch, maxDiff, s.eta());
    }
}
