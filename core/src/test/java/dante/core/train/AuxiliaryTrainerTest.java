package dante.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import dante.core.data.Dataset;
import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Layer;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;

import org.junit.jupiter.api.Test;

/**
 * Taylor et al.'s ADMM and AM-Adam: each ADMM sub-problem against its closed form in
 * double, AM-Adam's code steps lowering their own objective, both fitting a planted
 * teacher, histories and budgets like the trainer's, thread-count independence, refusals.
 */
class AuxiliaryTrainerTest {
    private static final Kernels K = Kernels.best();

    static FloatMatrix random(MatrixArena arena, Random r, int rows, int cols, double scale) {
        FloatMatrix m = arena.allocate(rows, cols);
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m.set(i, j, (float) (r.nextGaussian() * scale));
        return m;
    }

    /** x·M = b for every row, M given by rows of doubles: Gaussian elimination with partial pivoting. */
    static double[] solve(double[][] m, double[] b) {
        int d = b.length;
        double[][] a = new double[d][d + 1];
        for (int i = 0; i < d; i++) { for (int j = 0; j < d; j++) a[i][j] = m[j][i]; a[i][d] = b[i]; }
        for (int c = 0; c < d; c++) {
            int p = c;
            for (int i = c + 1; i < d; i++) if (Math.abs(a[i][c]) > Math.abs(a[p][c])) p = i;
            double[] t = a[c]; a[c] = a[p]; a[p] = t;
            for (int i = c + 1; i < d; i++) {
                double f = a[i][c] / a[c][c];
                for (int j = c; j <= d; j++) a[i][j] -= f * a[c][j];
            }
        }
        double[] x = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = a[i][d];
            for (int j = i + 1; j < d; j++) s -= a[i][j] * x[j];
            x[i] = s / a[i][i];
        }
        return x;
    }

    @Test
    void weightUpdateIsTheLeastSquaresSolutionWithItsBias() {
        Random r = new Random(1);
        int n = 60, d = 7, out = 5;
        try (MatrixArena arena = new MatrixArena();
             Network net = Network.builder(d).dense(out, Activation.identity()).loss(Loss.MSE).build()) {
            FloatMatrix a = random(arena, r, n, d, 1), z = random(arena, r, n, out, 2);
            Layer layer = net.layer(0);
            AdmmRun.weightUpdate(K, a, z, layer, 0, null, new AdmmRun.Scratch(arena, d, out));
            // normal equations in double: Ãᵀ Ã θ = Ãᵀ z_col for every output, Ã = [A, 1]
            double[][] g = new double[d + 1][d + 1];
            for (int i = 0; i < n; i++) for (int p = 0; p <= d; p++) for (int q = 0; q <= d; q++) {
                g[p][q] += (p < d ? a.get(i, p) : 1.0) * (q < d ? a.get(i, q) : 1.0);
            }
            for (int o = 0; o < out; o++) {
                double[] rhs = new double[d + 1];
                for (int i = 0; i < n; i++) for (int p = 0; p <= d; p++) rhs[p] += (p < d ? a.get(i, p) : 1.0) * z.get(i, o);
                double[] theta = solve(g, rhs);
                for (int p = 0; p < d; p++) assertEquals(theta[p], layer.weight().get(o, p), 1e-4 * (1 + Math.abs(theta[p])), "W[" + o + "," + p + "]");
                assertEquals(theta[d], layer.bias().get(0, o), 1e-4 * (1 + Math.abs(theta[d])), "b[" + o + "]");
            }
        }
    }

    @Test
    void activationUpdateSolvesItsRegularizedLeastSquares() {
        Random r = new Random(2);
        int n = 30, d = 6, next = 4;
        float beta = 1.5f, gamma = 10f;
        Activation h = Activation.generalizedRelu(0.1f, 1f);
        try (MatrixArena arena = new MatrixArena();
             Network net = Network.builder(3).dense(d, h).dense(next, Activation.identity()).loss(Loss.MSE).build().initialize(Init.HE, 4)) {
            Layer nl = net.layer(1);
            for (int o = 0; o < next; o++) nl.bias().set(0, o, (float) r.nextGaussian());
            FloatMatrix zNext = random(arena, r, n, next, 1), zThis = random(arena, r, n, d, 1), out = arena.allocate(n, d);
            AdmmRun.activationUpdate(K, zNext, nl, zThis, h, beta, gamma, out, new AdmmRun.Scratch(arena, d, next));
            double[][] m = new double[d][d];
            for (int p = 0; p < d; p++) for (int q = 0; q < d; q++) {
                for (int o = 0; o < next; o++) m[p][q] += beta * (double) nl.weight().get(o, p) * nl.weight().get(o, q);
                if (p == q) m[p][q] += gamma;
            }
            for (int i = 0; i < n; i++) {
                double[] rhs = new double[d];
                for (int p = 0; p < d; p++) {
                    for (int o = 0; o < next; o++) rhs[p] += beta * ((double) zNext.get(i, o) - nl.bias().get(0, o)) * nl.weight().get(o, p);
                    double zz = zThis.get(i, p);
                    rhs[p] += gamma * (zz > 0 ? zz : 0.1 * zz);
                }
                double[] want = solve(m, rhs);
                for (int p = 0; p < d; p++) assertEquals(want[p], out.get(i, p), 1e-5 * (1 + Math.abs(want[p])), "a[" + i + "," + p + "]");
            }
        }
    }

    @Test
    void hiddenUpdateIsTheEntrywiseMinimizerKinksIncluded() {
        Random r = new Random(3);
        float[][] slopes = {{0f, 1f}, {0.1f, 1f}, {1f, 1f}, {0.3f, 2f}};
        float beta = 1f, gamma = 10f;
        try (MatrixArena arena = new MatrixArena()) {
            int n = 50, d = 9;
            FloatMatrix act = random(arena, r, n, d, 1), m = random(arena, r, n, d, 1), z = arena.allocate(n, d);
            act.set(0, 0, 0f); m.set(0, 0, 0f);                 // the kink itself
            act.set(0, 1, 0f); m.set(0, 1, -1f);
            act.set(0, 2, -0.5f); m.set(0, 2, 0.2f);             // a target ReLU cannot reach
            for (float[] s : slopes) {
                AdmmRun.hiddenUpdate(act, m, s[0], s[1], beta, gamma, z);
                for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) {
                    double a = act.get(i, j), mm = m.get(i, j), got = z.get(i, j);
                    double best = Double.POSITIVE_INFINITY;
                    for (int g = -40_000; g <= 40_000; g++) {            // a grid of step 1e-4 over [−4, 4], then the closed form must not be worse
                        double zz = g * 1e-4;
                        best = Math.min(best, objective(zz, a, mm, s, beta, gamma));
                    }
                    double mine = objective(got, a, mm, s, beta, gamma);
                    assertTrue(mine <= best + 1e-6, "slopes " + s[0] + "/" + s[1] + " a=" + a + " m=" + mm + ": z=" + got + " gives " + mine + ", the grid " + best);
                }
            }
        }
    }

    static double objective(double z, double a, double m, float[] s, float beta, float gamma) {
        double h = z > 0 ? s[1] * z : s[0] * z;
        return gamma * (a - h) * (a - h) + beta * (z - m) * (z - m);
    }

    @Test
    void outputUpdateIsTheProximalMinimizer() {
        Random r = new Random(4);
        int n = 20, c = 5;
        float beta = 1f;
        try (MatrixArena arena = new MatrixArena()) {
            FloatMatrix y = arena.allocate(n, c), lambda = random(arena, r, n, c, 0.3), m = random(arena, r, n, c, 2), z = arena.allocate(n, c);
            for (int i = 0; i < n; i++) y.set(i, r.nextInt(c), 1f);
            AdmmRun.outputUpdate(Loss.MSE, y, lambda, m, beta, 1, z);
            for (int i = 0; i < n; i++) for (int j = 0; j < c; j++) {
                double want = (2.0 * y.get(i, j) - lambda.get(i, j) + 2 * beta * m.get(i, j)) / (2 + 2 * beta);
                assertEquals(want, z.get(i, j), 1e-6, "mse z[" + i + "," + j + "]");
                // and it is stationary: 2(z − y) + λ + 2β(z − m) = 0
                assertEquals(0, 2 * (z.get(i, j) - y.get(i, j)) + lambda.get(i, j) + 2 * beta * (z.get(i, j) - m.get(i, j)), 1e-5);
            }
            for (Loss loss : new Loss[] {Loss.SOFTMAX_CROSS_ENTROPY, Loss.BINARY_CROSS_ENTROPY}) {
                z.fill(0f);
                AdmmRun.outputUpdate(loss, y, lambda, m, beta, 40, z);
                double[] row = new double[c], p = new double[c];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < c; j++) row[j] = z.get(i, j);
                    AdmmRun.probabilities(row, p, loss == Loss.SOFTMAX_CROSS_ENTROPY);
                    for (int j = 0; j < c; j++) {
                        double g = p[j] - y.get(i, j) + lambda.get(i, j) + 2 * beta * (row[j] - m.get(i, j));
                        assertEquals(0, g, 1e-5, loss.spec() + ": the gradient of the proximal problem at z[" + i + "," + j + "]");
                    }
                }
            }
        }
    }

    /** A planted 12-16-3 Leaky-ReLU regression teacher on Gaussian inputs. */
    static Dataset teacher(int n, long seed) {
        Random r = new Random(seed);
        int d = 12;
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        try (Network t = Network.builder(d).dense(16, Activation.leakyRelu()).dense(3, Activation.identity()).loss(Loss.MSE).build().initialize(Init.HE, seed);
             Dataset probe = Dataset.regression("x", x, n, d, new float[n * 3], 3)) {
            float[] y = new float[n * 3];
            try (var ws = new dante.core.nn.Workspace(t, n)) {
                FloatMatrix out = ws.forward(K, probe.features(), 0);
                for (int i = 0; i < n; i++) for (int j = 0; j < 3; j++) y[i * 3 + j] = out.get(i, j);
            }
            return Dataset.regression("teacher", x, n, d, y, 3);
        }
    }

    /** The loss of predicting every target's mean: Σ_j Var(y_j). */
    static double variance(Dataset d) {
        double total = 0;
        for (int j = 0; j < d.targetCount(); j++) {
            double s = 0, ss = 0;
            for (int i = 0; i < d.size(); i++) { double v = d.targets().get(i, j); s += v; ss += v * v; }
            total += ss / d.size() - (s / d.size()) * (s / d.size());
        }
        return total;
    }

    static Network student(long seed) {
        return Network.builder(12).dense(16, Activation.leakyRelu()).dense(3, Activation.identity()).loss(Loss.MSE).build().initialize(Init.HE, seed);
    }

    @Test
    void admmFitsAPlantedTeacher() {
        try (Dataset data = teacher(2000, 21); Network net = student(5)) {
            Trainer.Result r = AuxiliaryTrainer.builder(net, data, AuxiliaryTrainer.Admm.defaults()).epochs(30).build().run();
            double first = r.history().rows().get(0).trainLoss(), last = r.history().last().trainLoss(), variance = variance(data);
            assertEquals(31, r.history().size(), "one row before training and one per iteration");
            // ADMM plateaus (the multiplier stalls it here, as the paper reports on MNIST); stated: a quarter of the
            // initial loss and well under the loss of predicting the mean
            assertTrue(last < 0.25 * first && last < 0.5 * variance, "ADMM: training loss " + first + " → " + last + "; predicting the mean: " + variance);
            assertEquals(30L * net.parameterCount(), r.weightsUpdated());
            assertEquals(30, r.steps());
        }
    }

    @Test
    void amAdamFitsAPlantedTeacher() {
        try (Dataset data = teacher(2000, 21); Network net = student(5)) {
            // the authors' μ = 0.003 is for cross-entropy on MNIST; on this regression loss (about 10 at the start) the
            // code steps need μ = 0.3 (μ = 0.003 and 0.03 oscillate: measured 6.5 and 0.77 after 20 epochs)
            AuxiliaryTrainer.AmAdam a = new AuxiliaryTrainer.AmAdam(0.01f, 0.01f, 0.3, 0, 5, 0.3f, 0.9f, 1, 8);
            Trainer.Result r = AuxiliaryTrainer.builder(net, data, a).epochs(20).batchSize(50).seed(3).build().run();
            double first = r.history().rows().get(0).trainLoss(), last = r.history().last().trainLoss();
            assertTrue(last < 0.03 * first && last < 0.05 * variance(data), "AM-Adam: training loss " + first + " → " + last + "; predicting the mean: " + variance(data));
            assertEquals(20L * 40 * net.parameterCount(), r.weightsUpdated());
        }
    }

    @Test
    void amAdamCodeStepsLowerTheirOwnObjective() {
        try (Dataset data = Dataset.classification("blobs", blobs(256, 8, 4, 9), 256, 8, labels(256, 4), 4);
             Network net = Network.builder(8).dense(10, Activation.leakyRelu()).dense(7, Activation.leakyRelu()).dense(4, Activation.softmax())
                     .loss(Loss.SOFTMAX_CROSS_ENTROPY).build().initialize(Init.HE, 2)) {
            AuxiliaryTrainer t = AuxiliaryTrainer.builder(net, data, AuxiliaryTrainer.AmAdam.defaults()).batchSize(64).build();
            AmAdamRun run = new AmAdamRun(t, AuxiliaryTrainer.AmAdam.defaults(), BudgetPlan.of(net, AuxiliaryTrainer.AmAdam.defaults(), 256, 64, 10, Long.MAX_VALUE));
            for (int step = 0; step < 4; step++) {
                run.step(step * 64, 64, 0.008f, 0.008f);
                for (int l = 0; l < 2; l++) {
                    assertTrue(run.codeObjectiveAfter[l] < run.codeObjectiveBefore[l],
                            "step " + step + ", layer " + l + ": code objective " + run.codeObjectiveBefore[l] + " → " + run.codeObjectiveAfter[l]);
                }
            }
        }
    }

    static float[] blobs(int n, int d, int classes, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) x[i * d + j] = (float) (r.nextGaussian() + (j % classes == i % classes ? 2 : 0));
        return x;
    }

    static int[] labels(int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = i % classes;
        return y;
    }

    @Test
    void budgetPointsAndHistoryAreTheTrainersAndThreadsDoNotChangeTheResult() {
        float[] weights = null;
        for (int threads : new int[] {1, 2}) {
            try (Dataset data = teacher(500, 8); Network net = student(1); Kernels k = Kernels.create(threads)) {
                Trainer.Result r = AuxiliaryTrainer.builder(net, data, AuxiliaryTrainer.AmAdam.defaults()).kernels(k).epochs(3).batchSize(64)
                        .evaluateAtPoints(5).seed(9).build().run();
                assertEquals(6, r.history().size(), "initial row and 5 points");
                long prev = -1;
                for (HistoryRow row : r.history().rows()) { assertTrue(row.weightsUpdated() > prev); prev = row.weightsUpdated(); }
                assertEquals(r.plannedWeightsUpdated(), r.history().last().weightsUpdated());
                if (weights == null) weights = net.parametersToArray();
                else assertArrayEquals(weights, net.parametersToArray(), "AM-Adam on 1 and 2 threads");
            }
        }
        weights = null;
        for (int threads : new int[] {1, 2}) {
            try (Dataset data = teacher(500, 8); Network net = student(1); Kernels k = Kernels.create(threads)) {
                Trainer.Result r = AuxiliaryTrainer.builder(net, data, AuxiliaryTrainer.Admm.defaults()).kernels(k).epochs(10)
                        .stopAtWeightsUpdated(4 * net.parameterCount()).build().run();
                assertEquals(4, r.steps(), "the budget stops ADMM after 4 iterations");
                if (weights == null) weights = net.parametersToArray();
                else assertArrayEquals(weights, net.parametersToArray(), "ADMM on 1 and 2 threads");
            }
        }
    }

    @Test
    void amAdamResumedFromACheckpointEndsWhereAnUninterruptedRunEnds() {
        AuxiliaryTrainer.AmAdam a = new AuxiliaryTrainer.AmAdam(0.01f, 0.005f, 0.3, 0.01, 3, 0.3f, 0.9f, 2, 2);     // μ grows and the rates halve: both must resume in place
        float[][] atTwo = new float[1][];
        Checkpoint[] saved = new Checkpoint[1];
        float[] straight;
        TrainingHistory full;
        try (Dataset data = teacher(300, 4); Network net = student(2)) {
            Trainer.Result r = AuxiliaryTrainer.builder(net, data, a).epochs(4).batchSize(32).seed(5)
                    .checkpoints(2, (c, nn) -> { if (c.epochs() == 2) { saved[0] = c; atTwo[0] = nn.parametersToArray(); } }).build().run();
            straight = net.parametersToArray();
            full = r.history();
        }
        try (Dataset data = teacher(300, 4); Network net = student(99)) {
            net.parameters().copyFrom(atTwo[0]);
            Trainer.Result r = AuxiliaryTrainer.builder(net, data, a).epochs(4).batchSize(32).seed(5).resume(saved[0]).build().run();
            assertArrayEquals(straight, net.parametersToArray(), "weights after resuming at epoch 2");
            assertEquals(full.rows().size(), r.history().rows().size());
            for (int i = 0; i < full.rows().size(); i++) {
                assertEquals(full.rows().get(i).trainLoss(), r.history().rows().get(i).trainLoss(), 0, "row " + i);
                assertEquals(full.rows().get(i).weightsUpdated(), r.history().rows().get(i).weightsUpdated(), "row " + i);
            }
        }
        try (Dataset data = teacher(100, 4); Network net = student(2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AuxiliaryTrainer.builder(net, data, AuxiliaryTrainer.Admm.defaults()).checkpoints(1, (c, nn) -> {}).build());
            assertTrue(e.getMessage().contains("admm keeps no checkpoints"), e.getMessage());
        }
    }

    /**
     * AM-Adam takes the learning-rate schedules the gradient methods take (so a comparison can
     * give every method the same schedule choice): the authors' halving every 2 epochs written as
     * the schedule {@code step:0.5:2r} trains the same bits as the built-in halving; a cosine
     * changes the run, its rate ends near 0, and it resumes to the uninterrupted run's bits.
     */
    @Test
    void amAdamTakesTheGradientMethodsScheduleAndResumesUnderIt() {
        AuxiliaryTrainer.AmAdam halving = new AuxiliaryTrainer.AmAdam(0.01f, 0.005f, 0.3, 0.01, 3, 0.3f, 0.9f, 1, 2), none = new AuxiliaryTrainer.AmAdam(0.01f, 0.005f, 0.3, 0.01, 3, 0.3f, 0.9f, 1, 0);
        float[] builtIn, asSchedule, constant, cosine;
        double lastRate;
        try (Dataset data = teacher(300, 4); Network net = student(2)) {
            AuxiliaryTrainer.builder(net, data, halving).epochs(5).batchSize(32).seed(5).build().run();
            builtIn = net.parametersToArray();
        }
        try (Dataset data = teacher(300, 4); Network net = student(2)) {
            AuxiliaryTrainer.builder(net, data, none).learningRateSchedule(LearningRateSchedule.parse("step:0.5:2r")).epochs(5).batchSize(32).seed(5).build().run();
            asSchedule = net.parametersToArray();
        }
        try (Dataset data = teacher(300, 4); Network net = student(2)) {
            AuxiliaryTrainer.builder(net, data, none).epochs(5).batchSize(32).seed(5).build().run();
            constant = net.parametersToArray();
        }
        assertArrayEquals(builtIn, asSchedule, "halving every 2 epochs, built in and as a schedule");
        assertFalse(java.util.Arrays.equals(builtIn, constant), "the halving changes the run");
        float[][] atTwo = new float[1][];
        Checkpoint[] saved = new Checkpoint[1];
        try (Dataset data = teacher(300, 4); Network net = student(2)) {
            Trainer.Result r = AuxiliaryTrainer.builder(net, data, none).learningRateSchedule(LearningRateSchedule.parse("cosine")).epochs(5).batchSize(32).seed(5)
                    .checkpoints(2, (c, nn) -> { if (c.epochs() == 2) { saved[0] = c; atTwo[0] = nn.parametersToArray(); } }).build().run();
            cosine = net.parametersToArray();
            lastRate = r.history().last().learningRate();
        }
        assertFalse(java.util.Arrays.equals(cosine, constant), "the cosine changes the run");
        assertTrue(lastRate < 0.01f * 0.01f, "the cosine's last step runs at nearly 0, found " + lastRate);
        try (Dataset data = teacher(300, 4); Network net = student(99)) {
            net.parameters().copyFrom(atTwo[0]);
            AuxiliaryTrainer.builder(net, data, none).learningRateSchedule(LearningRateSchedule.parse("cosine")).epochs(5).batchSize(32).seed(5)
                    .resume(saved[0]).build().run();
            assertArrayEquals(cosine, net.parametersToArray(), "weights after resuming a cosine run at epoch 2");
        }
        try (Dataset data = teacher(100, 4); Network net = student(2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AuxiliaryTrainer.builder(net, data, AuxiliaryTrainer.Admm.defaults()).learningRateSchedule(LearningRateSchedule.parse("cosine")).build());
            assertTrue(e.getMessage().contains("admm has no learning rate"), e.getMessage());
        }
    }

    @Test
    void admmRefusesWhatItsClosedFormsDoNotCover() {
        try (Dataset data = teacher(100, 1);
             Network sig = Network.builder(12).dense(16, Activation.sigmoid()).dense(3, Activation.identity()).loss(Loss.MSE).build().initialize(Init.HE, 1);
             Network squashed = Network.builder(12).dense(16, Activation.relu()).dense(3, Activation.leakyRelu()).loss(Loss.MSE).build().initialize(Init.HE, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AuxiliaryTrainer.builder(sig, data, AuxiliaryTrainer.Admm.defaults()).build().run());
            assertTrue(e.getMessage().contains("hidden layer 0") && e.getMessage().contains("sigmoid"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> AuxiliaryTrainer.builder(squashed, data, AuxiliaryTrainer.Admm.defaults()).build().run());
            assertTrue(e.getMessage().contains("output layer") && e.getMessage().contains("identity"), e.getMessage());
        }
        try (Dataset zeros = Dataset.regression("zeros", new float[100 * 12], 100, 12, new float[100 * 3], 3); Network net = student(1)) {
            float[] before = net.parametersToArray();
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> AuxiliaryTrainer.builder(net, zeros, new AuxiliaryTrainer.Admm(1, 10, 5, 0, 20)).epochs(2).build().run());
            assertTrue(e.getMessage().contains("least-squares system is singular") && e.getMessage().contains("--admm-ridge"), e.getMessage());
            assertArrayEquals(before, net.parametersToArray(), "the network keeps its last good weights");
        }
        assertThrows(IllegalArgumentException.class, () -> new AuxiliaryTrainer.Admm(0, 10, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new AuxiliaryTrainer.AmAdam(0.01f, 0.01f, 0.003, 0, 0, 0.3f, 0.9f, 1, 8));
    }
}
