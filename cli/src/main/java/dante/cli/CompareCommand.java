package dante.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dante.core.data.Dataset;
import dante.core.model.AtomicFiles;
import dante.core.train.HistoryRow;
import dante.core.train.Method;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run several methods on the same data, architecture and seed, each with the best learning rate of a grid; "
                + "writes each run under OUT/<method>/ and a table to OUT/comparison.md and OUT/comparison.csv.")
final class CompareCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RunOptions options;

    @Option(names = "--methods", defaultValue = "dante,sgd", split = ",", description = "Methods to compare. Default: ${DEFAULT-VALUE}.")
    List<String> methods;

    @Option(names = "--lr-grid", defaultValue = "0.001,0.01,0.1", split = ",", description = "Learning rates tried for every method; the best final test accuracy (or loss) wins. Default: ${DEFAULT-VALUE}.")
    List<Float> grid;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Override
    public Integer call() {
        List<Method> ms = new ArrayList<>();
        for (String s : methods) ms.add(Method.parse(s));
        Dataset[] d = options.load();
        var log = spec.commandLine().getOut();
        List<Runs.Outcome> best = new ArrayList<>();
        StringBuilder csv = new StringBuilder("method,learning_rate," + HistoryRow.CSV_HEADER + "\n");
        try (Dataset train = d[0]; Dataset test = d[1]) {
            log.println("dante compare: " + String.join(", ", methods) + " on " + train + ", grid " + grid);
            for (Method m : ms) {
                Runs.Outcome winner = null;
                for (float lr : grid) {
                    Runs.Outcome o = Runs.run(options, train, test, m, lr, out.resolve(m.spec()).resolve("lr-" + lr), log);
                    for (HistoryRow r : o.result().history().rows()) csv.append(m.spec()).append(',').append(lr).append(',').append(r.toCsv()).append('\n');
                    if (o.error() == null && (winner == null || better(o, winner))) winner = o;
                }
                if (winner == null) throw new IllegalArgumentException(m.spec() + " diverged at every learning rate of " + grid);
                best.add(winner);
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("| method | best lr | epochs | weights updated | train loss | test loss | test accuracy | seconds |\n|---|---|---|---|---|---|---|---|\n");
        for (Runs.Outcome o : best) {
            HistoryRow r = o.last();
            md.append(String.format("| %s | %s | %.2f | %,d | %.5f | %.5f | %s | %.1f |%n", o.method().spec(), o.lr(), r.epoch(), r.weightsUpdated(),
                    r.trainLoss(), r.testLoss(), Double.isNaN(r.testAccuracy()) ? "—" : String.format("%.4f", r.testAccuracy()), r.seconds()));
        }
        AtomicFiles.write(out.resolve("comparison.md"), md.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(out.resolve("comparison.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        log.print(md);
        log.println("wrote " + out.resolve("comparison.md") + " and " + out.resolve("comparison.csv"));
        return 0;
    }

    private static boolean better(Runs.Outcome a, Runs.Outcome b) {
        HistoryRow x = a.last(), y = b.last();
        if (!Double.isNaN(x.testAccuracy()) && !Double.isNaN(y.testAccuracy())) return x.testAccuracy() > y.testAccuracy();
        return x.testLoss() < y.testLoss();
    }
}
