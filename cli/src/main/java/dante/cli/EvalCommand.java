package dante.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dante.core.data.Dataset;
import dante.core.model.SafeTensors;
import dante.core.nn.Network;
import dante.core.nn.Workspace;
import dante.core.train.Evaluator;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true, description = "A saved model on a data set's test part: loss, accuracy and the confusion matrix.")
final class EvalCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions options;

    @Option(names = "--model", required = true, description = "A model.safetensors written by dante.")
    Path model;

    @Option(names = "--part", defaultValue = "test", description = "test, validation or train (the split --validation and --split-seed make, as in training). Default: ${DEFAULT-VALUE}.")
    String part;

    @Override
    public Integer call() {
        try {
            return execute();
        } finally {
            options.closeKernels();
        }
    }

    private Integer execute() {
        if (!part.equals("test") && !part.equals("train") && !part.equals("validation")) {
            throw new IllegalArgumentException("--part: expected test, validation or train, found '" + part + "'");
        }
        try (RunOptions.Data d = options.loadWithValidation(); Network net = SafeTensors.load(model).network()) {
            Dataset data = switch (part) {
                case "test" -> d.test();
                case "train" -> d.train();
                default -> {
                    if (d.validation() == null) throw new IllegalArgumentException("--part validation: there is no validation split (--validation 0)");
                    yield d.validation();
                }
            };
            if (net.inputs() != data.featureCount() || net.outputs() != data.targetCount()) {
                throw new IllegalArgumentException("--model " + model + " is a " + net.sizes() + " network but " + data.name() + " has "
                        + data.featureCount() + " features and " + data.targetCount() + " targets");
            }
            Kernels k = options.kernels();
            double[] r = Evaluator.evaluate(k, net, data);
            var out = spec.commandLine().getOut();
            out.printf("model     %s (%s)%n", model, net.describe());
            out.printf("data      %s, %d examples%n", data.name(), data.size());
            out.printf("loss      %.6f%n", r[0]);
            if (data.isClassification()) {
                out.printf("accuracy  %.4f%n", r[1]);
                int c = Math.max(data.classes(), 2);
                long[][] confusion = confusion(k, net, data, c);
                out.println("confusion matrix (rows: true class, columns: predicted)");
                StringBuilder head = new StringBuilder("      ");
                for (int j = 0; j < c; j++) head.append(String.format("%7d", j));
                out.println(head);
                for (int i = 0; i < c; i++) {
                    StringBuilder row = new StringBuilder(String.format("%5d ", i));
                    for (int j = 0; j < c; j++) row.append(String.format("%7d", confusion[i][j]));
                    out.println(row);
                }
            }
            return 0;
        }
    }

    static long[][] confusion(Kernels k, Network net, Dataset d, int classes) {
        long[][] m = new long[classes][classes];
        int chunk = Math.min(1024, d.size());
        int[] arg = new int[chunk];
        try (Workspace ws = new Workspace(net, chunk)) {
            for (int s = 0; s < d.size(); s += chunk) {
                int e = Math.min(d.size(), s + chunk);
                FloatMatrix out = ws.forward(k, d.features().rowRange(s, e), 0);
                if (out.cols() == 1) {
                    for (int i = 0; i < out.rows(); i++) m[d.labels()[s + i]][out.get(i, 0) > 0.5f ? 1 : 0]++;
                } else {
                    k.argmaxRows(out, arg);
                    for (int i = 0; i < out.rows(); i++) m[d.labels()[s + i]][arg[i]]++;
                }
            }
        }
        return m;
    }
}
