package dante.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dante.core.data.Dataset;
import dante.core.train.Method;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train one network with one method; writes history.csv, model.safetensors, optimizer.safetensors, summary.json and plot.png/.svg.")
final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RunOptions options;

    @Option(names = "--method", defaultValue = "dante", description = "sgd, momentum, nesterov, adam, adagrad, rmsprop, sngd-backprop, dante, dante-momentum, sgd-altmin, dante-ae. Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    float lr;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--resume", description = "Continue the run saved in --out (same options; raise --epochs or --rounds to train further).")
    boolean resume;

    @Override
    public Integer call() {
        Method m = Method.parse(method);
        Dataset[] d = options.load();
        try (Dataset train = d[0]; Dataset test = d[1]) {
            var log = spec.commandLine().getOut();
            log.println("dante train: " + m.spec() + " on " + train + " → " + out);
            Runs.Outcome o = Runs.run(options, train, test, m, lr, out, log, resume);
            if (o.error() != null) throw new IllegalArgumentException(o.error());
            log.println("wrote " + out.resolve("history.csv") + ", " + out.resolve("model.safetensors") + ", " + out.resolve("summary.json"));
            return 0;
        }
    }
}
