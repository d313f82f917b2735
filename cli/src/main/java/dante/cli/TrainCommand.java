package dante.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dante.core.train.DistributedEngine;
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

    @Option(names = "--method", defaultValue = "dante", description = "sgd, momentum, nesterov, adam, adagrad, rmsprop, sngd-backprop, dante, dante-momentum, sgd-altmin, dante-ae, "
            + "am-adam (Choromanska et al., see --am-*), admm (Taylor et al., see --admm-*). Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate (am-adam: Adam's, on every layer; admm has none: see --admm-beta). Default: ${DEFAULT-VALUE}.")
    float lr;

    @Option(names = "--lr-schedule", defaultValue = "constant", description = "Learning-rate schedule: constant, step:GAMMA:K<s|e|r> (e.g. step:0.5:1r), "
            + "exp:GAMMA[:s|e|r], inv-sqrt[:s|e|r], cosine[:FLOOR], warmup:K<s|e>+SPEC; append @phase to restart the clock in every DANTE phase. am-adam takes them too (an epoch is a round); admm has no rate. Default: ${DEFAULT-VALUE}.")
    String lrSchedule;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint (same options; raise --epochs, --rounds or --budget to train further).")
    boolean resume;

    @Option(names = "--checkpoint-every", defaultValue = "1", description = "Write a checkpoint (model, step-rule state, history; one consistent set) every N epochs "
            + "and at the end, so a stopped run resumes where it was. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--engine", defaultValue = "local", description = "Where minibatch gradients are computed: local (this JVM) or spark (Apache Spark, global minibatches "
            + "summed over the partitions; ./dante adds the dante-spark module when it sees --engine spark). Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = "--master", defaultValue = "local[*]", description = "--engine spark: the Spark master URL (local[*], local[N], spark://HOST:7077, yarn). Default: ${DEFAULT-VALUE}.")
    String master;

    @Option(names = "--partitions", defaultValue = "0", description = "--engine spark: partitions the training rows are cut into (0: the cluster's default parallelism). Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Override
    public Integer call() {
        try {
            return execute();
        } finally {
            options.closeKernels();
        }
    }

    private Integer execute() {
        Method m = Method.parse(method);
        dante.core.train.LearningRateSchedule.parse(lrSchedule);
        if (checkpointEvery < 1) throw new IllegalArgumentException("--checkpoint-every: expected at least 1 epoch, found " + checkpointEvery);
        DistributedEngine remote = null;
        if (engine.equals("local")) {
            for (String o : new String[] {"--master", "--partitions"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) throw new IllegalArgumentException(o + ": applies to --engine spark only (the engine is local)");
            }
        } else {
            if (partitions < 0) throw new IllegalArgumentException("--partitions: expected 0 (the cluster's default) or more, found " + partitions);
            if (m.auxiliary()) throw new IllegalArgumentException("--engine " + engine + ": " + m.spec() + " runs locally only (its per-example variables live with the rows)");
            remote = DistributedEngine.find(engine).orElseThrow(() -> {
                List<String> here = DistributedEngine.available();
                return new IllegalArgumentException("--engine " + engine + ": not on the class path (engines here: local" + (here.isEmpty() ? "" : ", " + String.join(", ", here))
                        + "); --engine spark needs the dante-spark module, which ./dante adds when it sees --engine spark");
            });
        }
        // train records its training loss on a sample by default: five passes over 60 000 rows cost as much as two epochs of training
        if (options.trainLoss == null) options.trainLoss = "sample:10000";
        options.trainLoss();   // a malformed --train-loss fails here, before any data is read
        Plots.warmUpInBackground();
        KernelWarmUp.inBackground(options.kernels());
        try (RunDirectory rd = RunDirectory.open(out, "--out"); RunOptions.Data d = options.loadWithValidation()) {
            var log = spec.commandLine().getOut();
            log.println("dante train: " + m.spec() + " on " + d.train() + (d.validation() == null ? "" : " (validation: " + d.validation().size() + " examples)") + " → " + out);
            log.println("  train_loss is computed on " + options.trainLoss().describe(d.train().size(), remote != null));
            float rate = lr;
            if (m == Method.ADMM) {
                if (spec.commandLine().getParseResult().hasMatchedOption("--lr")) {
                    throw new IllegalArgumentException("--lr: admm has no learning rate (its sub-problems are solved exactly); its penalty is --admm-beta");
                }
                rate = (float) options.admmBeta;
            }
            Runs.Outcome o = Runs.run(options, d, new Runs.Setup(m, rate, lrSchedule, options.seed), out, log, rd, checkpointEvery, resume,
                    remote == null ? null : new Runs.Remote(remote, master, partitions));
            if (o.error() != null) throw new IllegalArgumentException(o.error());
            log.println("wrote " + out.resolve("history.csv") + ", " + out.resolve("model.safetensors") + ", " + out.resolve("summary.json"));
            return 0;
        }
    }
}
