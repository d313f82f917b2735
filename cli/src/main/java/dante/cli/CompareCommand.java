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

    @Option(names = "--lr-grid", defaultValue = "0.001,0.01,0.1", split = ",",
            description = "Learning rates to try; the best final test accuracy (or loss) wins. Plain numbers apply to every method, "
                    + "METHOD=A:B:C gives one method its own grid. Default: ${DEFAULT-VALUE}.")
    List<String> grid;

    /** The grid for one method: its own entry if given, else the plain numbers. */
    List<Float> gridFor(Method m) {
        List<Float> common = new ArrayList<>(), own = null;
        for (String g : grid) {
            String e = g.trim();
            int eq = e.indexOf('=');
            try {
                if (eq < 0) {
                    common.add(Float.parseFloat(e));
                } else if (Method.parse(e.substring(0, eq)) == m) {
                    own = new ArrayList<>();
                    for (String v : e.substring(eq + 1).split(":")) own.add(Float.parseFloat(v.trim()));
                }
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("--lr-grid: '" + e + "' is not a learning rate or METHOD=A:B:C");
            }
        }
        List<Float> out = own != null ? own : common;
        if (out.isEmpty()) throw new IllegalArgumentException("--lr-grid gives no learning rate for " + m.spec());
        return out;
    }

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
                for (float lr : gridFor(m)) {
                    Runs.Outcome o = Runs.run(options, train, test, m, lr, out.resolve(m.spec()).resolve("lr-" + lr), log);
                    for (HistoryRow r : o.result().history().rows()) csv.append(m.spec()).append(',').append(lr).append(',').append(r.toCsv()).append('\n');
                    if (o.error() == null && (winner == null || better(o, winner))) winner = o;
                }
                if (winner == null) throw new IllegalArgumentException(m.spec() + " diverged at every learning rate of " + gridFor(m));
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
        List<Plots.Line> lines = new ArrayList<>();
        for (Runs.Outcome o : best) lines.add(new Plots.Line(o.method().spec() + " (lr " + o.lr() + ")", o.result().history().rows()));
        Plots.write(out, "comparison", String.join(" vs ", methods) + " — " + options.data, lines);
        AtomicFiles.write(out.resolve("comparison.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        log.print(md);
        log.println("wrote " + out.resolve("comparison.md") + ", " + out.resolve("comparison.csv") + " and the plot " + out.resolve("comparison.png") + " (and .svg)");
        return 0;
    }

    private static boolean better(Runs.Outcome a, Runs.Outcome b) {
        HistoryRow x = a.last(), y = b.last();
        if (!Double.isNaN(x.testAccuracy()) && !Double.isNaN(y.testAccuracy())) return x.testAccuracy() > y.testAccuracy();
        return x.testLoss() < y.testLoss();
    }
}
