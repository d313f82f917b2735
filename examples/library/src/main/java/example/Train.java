package example;

import java.nio.file.Path;
import java.util.Map;

import dante.core.data.Dataset;
import dante.core.model.SafeTensors;
import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.train.Method;
import dante.core.train.Recipe;
import dante.core.train.RunSettings;
import dante.core.train.Trainer;
import dante.datasets.FashionMnist;

/** The README's library snippet, as it is there (README_SNIPPET below), compiled and run against the installed artifacts. */
public final class Train {
    public static void main(String[] args) throws Exception {
        if (!FashionMnist.installed()) {
            // CI installs the data, so there the snippet must run; elsewhere a machine without it skips it and says so.
            if (System.getenv("CI") != null) throw new AssertionError("CI must have dataset-fashion-mnist installed (.ci/run installs it)");
            System.out.println("Train: skipped, Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist, or set "
                    + FashionMnist.DIR_VARIABLE + " to the directory holding its IDX files); ScalarPath below still trains on a planted teacher");
            return;
        }
        // README_SNIPPET begin
        try (Dataset train = FashionMnist.load(null, true); Dataset test = FashionMnist.load(null, false);
             Network net = Network.builder(784).dense(256, Activation.leakyRelu()).dense(10, Activation.softmax())
                     .loss(Loss.SOFTMAX_CROSS_ENTROPY).build().initialize(Init.TORCH, 1)) {
            Trainer.Result r = Recipe.of(Method.SGD, Method.Hyper.defaults().withLearningRate(0.1f).withEpochs(5))
                    .run(net, train, RunSettings.builder().test(test).batchSize(64).seed(1).build());
            r.history().write(Path.of("history.csv"));
            SafeTensors.save(net, Path.of("model.safetensors"), Map.of());
        // README_SNIPPET end
            double acc = r.history().last().testAccuracy();
            System.out.printf("Train: 784-256-10 on Fashion-MNIST, 5 epochs of SGD: test accuracy %.4f, %.1f s%n", acc, r.seconds());
            if (!(acc > 0.8)) throw new AssertionError("expected a test accuracy above 0.8, found " + acc);
        }
    }
}
