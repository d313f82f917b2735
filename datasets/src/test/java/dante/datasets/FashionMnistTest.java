package dante.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dante.core.data.Dataset;
import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.train.Schedule;
import dante.core.train.StepRule;
import dante.core.train.Trainer;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Needs Debian's dataset-fashion-mnist (.ci/run installs it); skipped with a reason elsewhere, never in CI. */
class FashionMnistTest {

    static void requireInstalled() {
        if (System.getenv("CI") != null) {
            assertTrue(FashionMnist.installed(), "CI must have dataset-fashion-mnist installed (.ci/run installs it)");
        }
        Assumptions.assumeTrue(FashionMnist.installed(), "dataset-fashion-mnist is not installed");
    }

    @Test
    void sixtyThousandAndTenThousandImagesWithBalancedLabels() {
        requireInstalled();
        try (Dataset train = FashionMnist.load(null, true); Dataset test = FashionMnist.load(null, false)) {
            assertEquals(60000, train.size());
            assertEquals(10000, test.size());
            assertEquals(28 * 28, train.featureCount());
            int[] counts = new int[10];
            for (int y : train.labels()) counts[y]++;
            for (int c : counts) assertEquals(6000, c);
            counts = new int[10];
            for (int y : test.labels()) counts[y]++;
            for (int c : counts) assertEquals(1000, c);
            float max = 0;
            for (float v : train.features().row(0).toArray()) max = Math.max(max, v);
            assertTrue(max <= 1f && max > 0.5f, "pixels scaled to [0, 1]");
        }
    }

    /** Issue 3: 784-256-10, Leaky ReLU, softmax cross-entropy, SGD: ≥ 85% test accuracy within 5 epochs. */
    @Test
    void sgdReaches85PercentWithinFiveEpochs() {
        requireInstalled();
        try (Dataset train = FashionMnist.load(null, true); Dataset test = FashionMnist.load(null, false);
             Network net = Network.builder(784).dense(256, Activation.leakyRelu()).dense(10, Activation.softmax())
                     .loss(Loss.SOFTMAX_CROSS_ENTROPY).build().initialize(Init.TORCH, 1)) {
            Trainer.Result r = Trainer.builder(net, train).test(test).stepRule(new StepRule.Sgd(0.1f))
                    .schedule(Schedule.joint(2, 5)).batchSize(64).seed(1).stopAtAccuracy(0.85).build().run();
            double acc = r.history().last().testAccuracy();
            System.out.printf("fashion-mnist 784-256-10 sgd(lr=0.1) batch 64: test accuracy %.4f after %.2f epochs, %.1f s of training%n",
                    acc, r.history().last().epoch(), r.seconds());
            assertTrue(acc >= 0.85, "test accuracy " + acc);
        }
    }
}
