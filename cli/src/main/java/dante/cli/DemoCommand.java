package dante.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dante.datasets.FashionMnist;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "DANTE against SGD in about a minute, under the comparison protocol: on Fashion-MNIST when it is installed, else on a toy planted-teacher task.")
final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", defaultValue = "runs/demo", description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() {
        boolean fashion = FashionMnist.installed();
        String[] args = args(fashion, out);
        var log = spec.commandLine().getOut();
        log.println(fashion ? "Fashion-MNIST is installed: 784-256-10 as in the paper (Leaky ReLU, MSE), the first 20000 training images (10 % held out "
                        + "to choose the learning rates), DANTE (5 rounds) against SGD (5 epochs): the same number of weights updated, 2 seeds each."
                : "Fashion-MNIST is not installed, so this is a toy stand-in: a planted-teacher task, DANTE (5 rounds) against SGD (5 epochs), "
                        + "equal budgets, 2 seeds. For the real demo: apt-get install dataset-fashion-mnist (or pass --data-dir to the IDX files with train and compare).");
        CommandLine cl = spec.commandLine().getParent();
        int status = cl.execute(args);
        if (status == 0) log.println("Per-run histories, models and summaries are under " + out + "/<method>/lr-<rate>/seed-<s>/.");
        return status;
    }

    /**
     * The compare command line the demo runs. Each grid grows past its edge (up to two rates) when
     * the choice sits on it, so the first output a user sees does not end on "a wider grid may
     * find a better one".
     */
    static String[] args(boolean fashion, Path out) {
        // The paper's setting (Leaky ReLU everywhere, MSE on one-hot targets) with the settings docs/ABLATION.md chose on
        // validation data: cosine decay for both, rates around each method's best. Equal budgets: with T = 1 a DANTE round
        // updates every weight once per pass, as an SGD epoch does.
        String[] paper = {"--loss", "mse", "--activation", "leaky-relu:0.01", "--output-activation", "leaky-relu:0.01", "--lr-schedule", "cosine"};
        return fashion
                ? concat(new String[] {"compare", "--data", "fashion-mnist", "--train-limit", "20000", "--arch", "784,256,10",
                        "--methods", "dante,sgd", "--lr-grid", "dante=0.2:0.3,sgd=0.05:0.1", "--extend-grid", "2", "--epochs", "5", "--rounds", "5", "--seeds", "2",
                        "--eval-points", "15", "--out", out.toString()}, paper)
                : new String[] {"compare", "--data", "teacher", "--methods", "dante,sgd", "--lr-grid", "dante=0.03:0.1:0.3,sgd=0.1:0.5:1.0", "--extend-grid", "2",
                        "--lr-schedule", "cosine", "--epochs", "5", "--rounds", "5", "--seeds", "2", "--out", out.toString()};
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
