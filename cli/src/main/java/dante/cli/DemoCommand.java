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
        description = "DANTE against SGD in about a minute: on Fashion-MNIST when it is installed, else on a planted-teacher task.")
final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", defaultValue = "runs/demo", description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() {
        boolean fashion = FashionMnist.installed();
        // equal budgets: with T = 1, a DANTE round updates every weight once per pass, as an SGD epoch does
        String[] args = fashion
                ? new String[] {"compare", "--data", "fashion-mnist", "--train-limit", "20000", "--arch", "784,256,10",
                        "--methods", "dante,sgd", "--lr-grid", "dante=0.03:0.1,sgd=0.05:0.2", "--epochs", "3", "--rounds", "3", "--seeds", "2", "--out", out.toString()}
                : new String[] {"compare", "--data", "teacher", "--methods", "dante,sgd", "--lr-grid", "0.01,0.1",
                        "--epochs", "5", "--rounds", "5", "--seeds", "2", "--out", out.toString()};
        var log = spec.commandLine().getOut();
        log.println(fashion ? "Fashion-MNIST is installed: 784-256-10, first 20000 training images (10 % held out for validation), DANTE (3 rounds) vs SGD (3 epochs), 2 seeds."
                : "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist): using a toy stand-in, a planted-teacher task; DANTE (5 rounds) vs SGD (5 epochs), equal budgets, 2 seeds.");
        CommandLine cl = spec.commandLine().getParent();
        int status = cl.execute(args);
        if (status == 0) log.println("Per-run histories, models and summaries are under " + out + "/<method>/lr-<rate>/seed-<s>/.");
        return status;
    }
}
