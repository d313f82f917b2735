package example;

import dante.core.data.Dataset;
import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.train.Method;
import dante.core.train.Recipe;
import dante.core.train.RunSettings;
import dante.core.train.Trainer;
import dante.datasets.Splits;
import dante.datasets.Synthetic;
import dante.kernels.Kernels;

/**
 * Dante on plain {@code java}, without {@code --add-modules jdk.incubator.vector}: the kernels
 * fall back to the plain-Java reference (after a one-line notice) and DANTE trains as usual.
 */
public final class ScalarPath {
    public static void main(String[] args) {
        Kernels k = Kernels.best();
        System.out.println("ScalarPath: kernels " + k.name() + ", " + k.threads() + " thread(s)");
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty() && !k.name().equals("scalar")) {
            throw new AssertionError("without the Vector API module the scalar kernels must run, found " + k.name());
        }
        Dataset[] parts;
        try (Dataset all = Synthetic.teacher(2500, new int[] {20, 32, 4}, true, 7)) {
            parts = Splits.trainTest(all, 0.2, 1);
        }
        try (Dataset train = parts[0]; Dataset test = parts[1];
             Network net = Network.builder(20).dense(64, Activation.leakyRelu()).dense(4, Activation.softmax())
                     .loss(Loss.SOFTMAX_CROSS_ENTROPY).build().initialize(Init.TORCH, 1)) {
            Trainer.Result r = Recipe.of(Method.DANTE, Method.Hyper.defaults().withLearningRate(0.1f).withRounds(10))
                    .run(net, train, RunSettings.builder().test(test).kernels(k).batchSize(64).seed(1).build());
            double acc = r.history().last().testAccuracy();
            System.out.printf("ScalarPath: DANTE, 10 rounds on a planted teacher: test accuracy %.4f in %.2f s%n", acc, r.seconds());
            if (!(acc > 0.6)) throw new AssertionError("expected a test accuracy above 0.6, found " + acc);
        }
    }
}
