package dante.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import dante.core.data.Dataset;
import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.train.AlternatingSchedule;
import dante.core.train.HistoryRow;
import dante.core.train.Method;
import dante.core.train.Phase;
import dante.core.train.Schedule;
import dante.core.train.StepRule;
import dante.core.train.Trainer;
import dante.core.train.TrainingDivergedException;
import dante.kernels.Kernels;

import org.junit.jupiter.api.Test;

class TrainerTest {

    /** Two Gaussian blobs per class in 6 dimensions, seeded. */
    static Dataset blobs(int n, long seed) { return clusters("blobs", n, seed, 6, 3, 0.7, 2); }

    /** n points in d dimensions, c classes: class k shifts every coordinate j ≡ k (mod c) by {@code shift}, Gaussian noise of {@code sd}. Seeded. */
    static Dataset clusters(String name, int n, long seed, int d, int c, double sd, double shift) {
        Random r = new Random(seed);
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(c);
            for (int j = 0; j < d; j++) x[i * d + j] = (float) (r.nextGaussian() * sd + (j % c == y[i] ? shift : 0));
        }
        return Dataset.classification(name, x, n, d, y, c);
    }

    static Network mlp(long seed) {
        return Network.builder(6).dense(16, Activation.leakyRelu()).dense(8, Activation.tanh()).dense(3, Activation.softmax())
                .loss(Loss.SOFTMAX_CROSS_ENTROPY).build().initialize(Init.TORCH, seed);
    }

    @Test
    void sgdLearnsBlobsAndRecordsHistory() {
        try (Dataset train = blobs(600, 1); Dataset test = blobs(300, 2); Network net = mlp(5)) {
            Trainer.Result r = Trainer.builder(net, train).test(test).stepRule(new StepRule.Sgd(0.1f))
                    .schedule(Schedule.joint(3, 8)).batchSize(32).seed(9).build().run();
            assertEquals(9, r.history().size(), "one row before training, one per epoch");
            HistoryRow first = r.history().rows().get(0), last = r.history().last();
            assertEquals(-1, first.phase());
            assertEquals(0, first.weightsUpdated());
            assertTrue(last.testAccuracy() > 0.9, "accuracy " + last.testAccuracy());
            assertTrue(last.trainLoss() < first.trainLoss());
            assertEquals(8.0, last.epoch());
            assertEquals("all", last.layer());
            assertEquals(8L * 19 * net.parameterCount(), last.weightsUpdated(), "19 steps per epoch update every weight");
        }
    }

    @Test
    void theSameSeedGivesBitIdenticalWeightsOnAnyThreadCount() {
        float[] ref = null;
        for (Kernels k : new Kernels[] {Kernels.panama(1), Kernels.panama(2), Kernels.panama(1)}) {
            try (Dataset train = blobs(300, 1); Network net = mlp(5)) {
                Trainer.builder(net, train).kernels(k).stepRule(new StepRule.Adam(0.01f)).schedule(Schedule.joint(3, 2))
                        .batchSize(16).seed(42).build().run();
                float[] w = net.parametersToArray();
                if (ref == null) ref = w;
                else assertArrayEquals(ref, w);
            }
        }
    }

    /** Trains layer 2, then layer 1, with the frozen-layer cache on and off. */
    record TopDown(int epochs) implements Schedule {
        @Override public Phase next(Phase prev, dante.core.train.TrainingHistory history) {
            if (prev == null) return new Phase(0, 0, "layer 2", new int[] {2}, epochs);
            if (prev.index() == 0) return new Phase(1, 0, "layer 1", new int[] {1}, epochs);
            return null;
        }
        @Override public String describe() { return "top-down"; }
    }

    @Test
    void theFrozenLayerCacheChangesNoBit() {
        float[] with, without;
        long updatedWith;
        try (Dataset train = blobs(200, 3); Network net = mlp(7)) {
            Trainer.Result r = Trainer.builder(net, train).stepRule(new StepRule.Normalized(0.05f)).schedule(new TopDown(2)).seed(1).build().run();
            with = net.parametersToArray();
            updatedWith = r.weightsUpdated();
            assertEquals(2 * 4 * (8 * 3 + 3) + 2 * 4 * (16 * 8 + 8), updatedWith, "4 steps of 64 per epoch; only the trainable layer's parameters count");
        }
        try (Dataset train = blobs(200, 3); Network net = mlp(7)) {
            Trainer.builder(net, train).stepRule(new StepRule.Normalized(0.05f)).schedule(new TopDown(2)).seed(1)
                    .cacheBudgetBytes(0).build().run();
            without = net.parametersToArray();
        }
        assertArrayEquals(without, with);
    }

    @Test
    void theCacheKeepsEachLayersInputAcrossPhasesWhileTheLayersBelowAreUnchanged() {
        // 6-16-8-3, 200 rows, T = 1, 2 rounds. Bottom-up: layer 1's input is one layer from the data, layer 2's one layer
        // from layer 1's cached input (not two from the data): 2 × (1 + 1) × 200 rows. Top-down: layer 2's phase computes
        // both inputs, layer 1's phase finds its input cached: 2 × 2 × 200.
        for (AlternatingSchedule.Order order : AlternatingSchedule.Order.values()) {
            float[] with, without;
            try (Dataset train = blobs(200, 3); Network net = mlp(7)) {
                Trainer.Result r = Trainer.builder(net, train).stepRule(new StepRule.Normalized(0.05f))
                        .schedule(Schedule.alternating(3, 1, 2, order)).seed(1).build().run();
                assertEquals(2 * 2 * 200, r.cacheLayerRows(), order + ": rows × layers forwarded for the cache");
                with = net.parametersToArray();
            }
            try (Dataset train = blobs(200, 3); Network net = mlp(7)) {
                Trainer.Result r = Trainer.builder(net, train).stepRule(new StepRule.Normalized(0.05f))
                        .schedule(Schedule.alternating(3, 1, 2, order)).seed(1).cacheBudgetBytes(0).build().run();
                assertEquals(0, r.cacheLayerRows());
                without = net.parametersToArray();
            }
            assertArrayEquals(without, with, order + ": the cache changes no bit");
        }
    }

    @Test
    void aCacheBudgetForOneInputKeepsOnlyTheInputThePhaseNeeds() {
        // Budget for 200 rows × 16 floats (layer 1's input) but not also × 8: top-down computes layer 2's input from the
        // data (2 layers) without keeping layer 1's, then layer 1's (1 layer): 2 rounds × 3 × 200.
        try (Dataset train = blobs(200, 3); Network net = mlp(7)) {
            Trainer.Result r = Trainer.builder(net, train).stepRule(new StepRule.Normalized(0.05f))
                    .schedule(Schedule.alternating(3, 1, 2, AlternatingSchedule.Order.TOP_DOWN)).seed(1)
                    .cacheBudgetBytes(200L * 16 * Float.BYTES).build().run();
            assertEquals(2 * 3 * 200, r.cacheLayerRows());
        }
    }

    @Test
    void divergenceStopsWithTheStepAndLayerAndKeepsGoodWeights() {
        try (Dataset train = blobs(200, 1); Network net = Network.builder(6).dense(8, Activation.identity()).dense(3, Activation.identity())
                .loss(Loss.MSE).build().initialize(Init.GLOROT, 1)) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () ->
                    Trainer.builder(net, train).stepRule(new StepRule.Sgd(1e3f)).schedule(Schedule.joint(2, 50)).seed(1).build().run());
            assertTrue(e.getMessage().matches("training diverged at epoch \\d+, step \\d+ of phase 0 \\(joint, layer .+\\): .*"), e.getMessage());
            for (float v : net.parametersToArray()) assertTrue(Float.isFinite(v), "weights are finite after divergence");
        }
    }

    @Test
    void mismatchedDataIsRejectedWithBothCounts() {
        try (Dataset train = blobs(10, 1); Network net = Network.builder(5).dense(3, Activation.softmax()).loss(Loss.SOFTMAX_CROSS_ENTROPY).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(net, train).build());
            assertEquals("training set blobs has 6 features but the network takes 5 inputs", e.getMessage());
        }
    }

    /** 64 features in 4 classes: big enough that GEMM and the long-row kernels run on several threads. */
    static Dataset wide(int n, long seed) { return clusters("wide", n, seed, 64, 4, 0.8, 1); }

    static Network wideNet(long seed) {
        // layer 0 has 64·300 + 300 = 19500 parameters > one 16384-float chunk of the long-row kernels; 64×300×64 GEMMs exceed the serial cut-off
        return Network.builder(64).dense(300, Activation.leakyRelu()).dense(4, Activation.softmax()).loss(Loss.SOFTMAX_CROSS_ENTROPY)
                .build().initialize(Init.TORCH, seed);
    }

    @Test
    void trainingIsBitIdenticalOnOneAndTwoThreadsAtSizesThatRunInParallel() {
        for (Method m : new Method[] {Method.SGD, Method.DANTE, Method.ADAM}) {
            float[] ref = null;
            for (int threads : new int[] {1, 2}) {
                Kernels k = Kernels.panama(threads);
                assertEquals(threads, k.threads());
                try (Dataset train = wide(640, 1); Network net = wideNet(5)) {
                    Method.Hyper h = Method.Hyper.defaults().withLearningRate(0.05f).withEpochs(2).withRounds(2);
                    Trainer.builder(net, train).kernels(k).stepRule(m.stepRule(h)).schedule(m.schedule(net.depth(), h))
                            .iterate(dante.core.train.IterateRule.BEST_PROBE).batchSize(64).seed(42).build().run();
                    float[] w = net.parametersToArray();
                    if (ref == null) ref = w;
                    else assertArrayEquals(ref, w, m.spec() + ": 2 threads give the bits of 1");
                }
            }
        }
    }

    @Test
    void aWeightsUpdatedBudgetStopsAtTheFirstStepThatReachesIt() {
        try (Dataset train = blobs(600, 1); Network net = mlp(5)) {
            long perStep = net.parameterCount(), budget = 7 * perStep + 5;
            Trainer.Result r = Trainer.builder(net, train).stepRule(new StepRule.Sgd(0.1f)).schedule(Schedule.joint(3, 50))
                    .stopAtWeightsUpdated(budget).batchSize(32).seed(1).build().run();
            assertEquals(8 * perStep, r.weightsUpdated(), "the eighth step passes the budget");
            assertEquals(8, r.steps());
            assertEquals(8 * perStep, r.history().last().weightsUpdated(), "the run ends with an evaluation at its last step");
            assertEquals(8 * perStep, r.plannedWeightsUpdated());
        }
    }

    @Test
    void evaluationPointsAreEvenlySpacedInWeightsUpdatedForEverySchedule() {
        for (Method m : new Method[] {Method.SGD, Method.DANTE, Method.SGD_ALTMIN}) {
            try (Dataset train = blobs(600, 1); Network net = mlp(5)) {
                Method.Hyper h = Method.Hyper.defaults().withLearningRate(0.05f).withEpochs(4).withRounds(4);
                Trainer.Result r = Trainer.builder(net, train).stepRule(m.stepRule(h)).schedule(m.schedule(net.depth(), h))
                        .evaluateAtPoints(10).batchSize(32).seed(1).build().run();
                long planned = r.plannedWeightsUpdated();
                assertEquals(4L * 19 * net.parameterCount(), planned, m.spec() + ": 4 epochs (rounds) of 19 steps update every weight 4·19 times");
                assertEquals(11, r.history().size(), m.spec() + ": the start and 10 points");
                long maxStep = net.parameterCount();
                for (int j = 1; j <= 10; j++) {
                    long at = r.history().rows().get(j).weightsUpdated(), point = (long) Math.ceil(planned * j / 10.0);
                    assertTrue(at >= point && at < point + maxStep, m.spec() + ": point " + j + " at " + point + " evaluated at " + at);
                }
            }
        }
    }

    /**
     * trainLossRows(n) records the mean loss of rows ⌊i·size/n⌋ (exactly what an evaluation of those rows gives), every other
     * column and every weight as with every row; n at or above the size is every row.
     */
    @Test
    void theTrainingLossOnASampleIsTheLossOfTheEvenlySpacedRowsAndChangesNoWeight() {
        int size = 600, n = 97;
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = (int) ((long) i * size / n);
        Trainer.Result[] r = new Trainer.Result[3];
        float[][] weights = new float[3][];
        int[] sampleSizes = {0, n, size + 1};
        for (int v = 0; v < 3; v++) {
            try (Dataset train = blobs(size, 1); Dataset test = blobs(300, 2); Network net = mlp(5)) {
                r[v] = Trainer.builder(net, train).test(test).stepRule(new StepRule.Sgd(0.1f)).schedule(Schedule.joint(3, 2))
                        .batchSize(32).seed(9).trainLossRows(sampleSizes[v]).build().run();
                weights[v] = net.slab().asSlice(0, net.parameterCount() * Float.BYTES).toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT);
                Kernels k = Kernels.best();
                try (Dataset sample = train.select("sample", rows)) {
                    double[] all = dante.core.train.Evaluator.evaluate(k, net, train), some = dante.core.train.Evaluator.evaluate(k, net, sample);
                    double want = v == 1 ? some[0] : all[0];
                    assertEquals(want, r[v].history().last().trainLoss(), 0.0, "variant " + v + ": the recorded training loss is the loss of its rows");
                    assertTrue(some[0] != all[0], "the sample's loss differs from the whole set's, so the test can tell them apart");
                }
            }
        }
        for (int v = 1; v < 3; v++) {
            assertArrayEquals(weights[0], weights[v], "variant " + v + ": the same weights");
            assertEquals(r[0].history().size(), r[v].history().size());
            for (int i = 0; i < r[0].history().size(); i++) {
                assertEquals(r[0].history().rows().get(i).testLoss(), r[v].history().rows().get(i).testLoss(), 0.0);
                if (v == 2) assertEquals(r[0].history().rows().get(i).trainLoss(), r[v].history().rows().get(i).trainLoss(), 0.0);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> dante.core.train.RunSettings.builder().trainLossRows(-1).build());
    }

    @Test
    void theEpsilonRuleStopsARealRunAndGetsItsPhaseEndLossesUnderEvaluationPoints() {
        try (Dataset train = blobs(600, 1); Network net = mlp(5)) {
            Trainer.Result r = Trainer.builder(net, train).stepRule(new StepRule.Normalized(0.05f))
                    .schedule(new dante.core.train.AlternatingSchedule(3, 1, 50, 10.0, dante.core.train.AlternatingSchedule.Order.BOTTOM_UP))
                    .evaluateAtPoints(5).batchSize(32).seed(1).build().run();
            assertEquals(19L * net.parameterCount(), r.weightsUpdated(), "a change of less than ε = 10 after round 1 stops the alternation: one round, 19 steps per layer");
            assertTrue(r.history().rows().stream().anyMatch(row -> row.phase() == 2), "the phase-end row the stopping rule reads is there");
        }
        try (Dataset train = blobs(600, 1); Network net = mlp(5)) {
            Trainer.Result r = Trainer.builder(net, train).stepRule(new StepRule.Normalized(0.05f))
                    .schedule(new dante.core.train.AlternatingSchedule(3, 1, 3, 1e-12, dante.core.train.AlternatingSchedule.Order.BOTTOM_UP))
                    .batchSize(32).seed(1).build().run();
            assertEquals(3 * 19L * net.parameterCount(), r.weightsUpdated(), "a tiny ε runs every round");
        }
    }

    @Test
    void everyMethodPresetLearnsAndCountsTheWeightsItUpdates() {
        for (Method m : new Method[] {Method.DANTE_MOMENTUM, Method.SGD_ALTMIN, Method.NORMALIZED_BACKPROP}) {
            try (Dataset train = blobs(600, 1); Dataset test = blobs(300, 2); Network net = mlp(5)) {
                Method.Hyper h = Method.Hyper.defaults().withLearningRate(m == Method.SGD_ALTMIN ? 0.2f : 0.05f).withEpochs(6).withRounds(6);
                Trainer.Result r = Trainer.builder(net, train).test(test).stepRule(m.stepRule(h)).schedule(m.schedule(net.depth(), h))
                        .batchSize(32).seed(3).build().run();
                assertTrue(r.history().last().testAccuracy() > 0.85, m.spec() + " reaches " + r.history().last().testAccuracy());
                assertEquals(6L * 19 * net.parameterCount(), r.weightsUpdated(), m.spec() + ": each weight updated once per step of its phase");
                if (m.alternating()) assertEquals(1 + 6 * 3, r.history().size(), m.spec() + ": one row per phase");
            }
        }
    }
}
