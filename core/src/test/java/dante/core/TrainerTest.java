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
import dante.core.train.HistoryRow;
import dante.core.train.Phase;
import dante.core.train.Schedule;
import dante.core.train.StepRule;
import dante.core.train.Trainer;
import dante.core.train.TrainingDivergedException;
import dante.kernels.Kernels;

import org.junit.jupiter.api.Test;

class TrainerTest {

    /** Two Gaussian blobs per class in 6 dimensions, seeded. */
    static Dataset blobs(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 6];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
            for (int j = 0; j < 6; j++) x[i * 6 + j] = (float) (r.nextGaussian() * 0.7 + (j % 3 == y[i] ? 2 : 0));
        }
        return Dataset.classification("blobs", x, n, 6, y, 3);
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
}
