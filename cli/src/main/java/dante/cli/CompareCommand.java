package dante.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dante.core.model.AtomicFiles;
import dante.core.model.Json;
import dante.core.protocol.Protocol;
import dante.core.protocol.Stats;
import dante.core.train.HistoryRow;
import dante.core.train.LearningRateSchedule;
import dante.core.train.Method;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare methods under the protocol: every configuration (learning rate × schedule) of every method runs under the same seeds; "
                + "each method's configuration is chosen on the validation split (mean over seeds) and nothing else; "
                + "the test set is evaluated and recorded for every run, and the reports read it for the chosen configurations; "
                + "methods are compared at equal weights updated and at equal wall time with paired 95 %% intervals. "
                + "Writes every run under OUT/<method>/<configuration>/seed-<s>/, and OUT/comparison.md, comparison.csv, summary.json and plots.")
final class CompareCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RunOptions options;

    @Option(names = "--methods", defaultValue = "dante,sgd", split = ",", description = "Methods to compare. Default: ${DEFAULT-VALUE}.")
    List<String> methods;

    @Option(names = "--lr-grid", defaultValue = "0.001,0.003,0.01,0.03,0.1,0.3,1", split = ",",
            description = "Learning rates to try. Plain numbers apply to every method, METHOD=A:B:C gives one method its own grid; "
                    + "admm has no learning rate: admm=B1:B2 grids its penalty β, else it runs at --admm-beta. Default: ${DEFAULT-VALUE}.")
    List<String> grid;

    @Option(names = "--lr-schedule", defaultValue = "constant", split = ",",
            description = "Learning-rate schedules to try (a grid, crossed with the learning rates); METHOD=S1;S2 gives one method its own. See train --help. Default: ${DEFAULT-VALUE}.")
    List<String> lrSchedules;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds per configuration (initialization and shuffling): --seed, --seed+1, … Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(names = "--select-on", defaultValue = "validation", description = "validation, or test (only with --validation 0; every output then says the test set chose). Default: ${DEFAULT-VALUE}.")
    String selectOn;

    @Option(names = "--extend-grid", defaultValue = "0", description = "When a method's chosen learning rate sits on an edge of its grid, try up to N more rates past that edge "
            + "(by the grid's ratio there), one at a time, until the choice is inside. Default: ${DEFAULT-VALUE}.")
    int extendGrid;

    @Option(names = "--baseline", description = "The method the others are compared with (default: sgd when compared, else the first).")
    String baseline;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--contrast", paramLabel = "[NAME=]A:B", description = "A difference to report besides each method against the baseline: "
            + "A − B on the test metric, paired by seed, with its 95 % interval, at equal weights updated and at equal wall time (comparison.md's Contrasts, "
            + "summary.json's contrasts). Repeatable; NAME labels it.")
    List<String> contrastSpecs = new ArrayList<>();

    @Option(names = "--reuse", description = "Read every run that --out already holds finished, made with the same options (its summary.json records them), "
            + "instead of training it again: a comparison stopped part-way goes on where it stopped. A reused run keeps the seconds it was timed at.")
    boolean reuse;

    private int reused;
    private final java.util.Set<String> machines = new java.util.TreeSet<>();

    /** The learning rates for one method: its own entry if given, else the plain numbers. */
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
        if (m == Method.ADMM && own == null) return List.of((float) options.admmBeta);     // admm has no learning rate: its grid is β's, and only when given
        List<Float> out = own != null ? own : common;
        if (out.isEmpty()) throw new IllegalArgumentException("--lr-grid gives no learning rate for " + m.spec());
        return out;
    }

    /** The learning-rate schedules for one method, each checked. */
    List<String> schedulesFor(Method m) {
        List<String> common = new ArrayList<>(), own = null;
        for (String g : lrSchedules) {
            String e = g.trim();
            int eq = e.indexOf('=');
            if (eq < 0) {
                common.add(e);
            } else if (Method.parse(e.substring(0, eq)) == m) {
                own = new ArrayList<>(List.of(e.substring(eq + 1).split(";")));
            }
        }
        List<String> out = new ArrayList<>();
        for (String s : own != null ? own : common) out.add(LearningRateSchedule.parse(s).describe());
        if (out.isEmpty()) throw new IllegalArgumentException("--lr-schedule gives no schedule for " + m.spec());
        return out;
    }

    Protocol.SelectOn selectOn() {
        Protocol.SelectOn on = switch (selectOn.toLowerCase(Locale.ROOT)) {
            case "validation" -> Protocol.SelectOn.VALIDATION;
            case "test" -> Protocol.SelectOn.TEST;
            default -> throw new IllegalArgumentException("--select-on: expected validation or test, found '" + selectOn + "'");
        };
        if (on == Protocol.SelectOn.TEST && options.validation != 0) {
            throw new IllegalArgumentException("--select-on test needs --validation 0 (with a validation split, the validation split chooses)");
        }
        if (on == Protocol.SelectOn.VALIDATION && options.validation == 0) {
            throw new IllegalArgumentException("--validation 0 leaves nothing to choose on: give a fraction, or --select-on test to let the test set choose (labelled as such)");
        }
        return on;
    }

    @Override
    public Integer call() {
        try {
            return execute();
        } finally {
            options.closeKernels();
        }
    }

    private Integer execute() {
        outcome();
        return 0;
    }

    /** Runs the comparison, writes its files and returns its outcome (reproduce reads it); closes the kernels. */
    Protocol.Outcome run() {
        try {
            return outcome();
        } finally {
            options.closeKernels();
        }
    }

    private Protocol.Outcome outcome() {
        List<Method> ms = new ArrayList<>();
        for (String s : methods) ms.add(Method.parse(s));
        if (seeds < 1 || seeds > 1000) throw new IllegalArgumentException("--seeds: expected 1..1000, found " + seeds);
        Protocol.SelectOn on = selectOn();
        if (options.evalPoints == 0 && options.evalEvery == 0) options.evalPoints = 20;
        Map<String, List<Protocol.Config>> grids = new LinkedHashMap<>();
        for (Method m : ms) {
            List<Protocol.Config> cs = new ArrayList<>();
            for (float lr : gridFor(m)) for (String s : schedulesFor(m)) cs.add(new Protocol.Config(m.spec(), lr, s));
            grids.put(m.spec(), cs);
        }
        List<Long> seedList = new ArrayList<>();
        for (int i = 0; i < seeds; i++) seedList.add(options.seed + i);
        String base = baseline != null ? Method.parse(baseline).spec() : grids.containsKey("sgd") ? "sgd" : ms.get(0).spec();
        if (!grids.containsKey(base)) throw new IllegalArgumentException("--baseline " + base + " is not among --methods " + methods);
        List<ComparisonReport.Contrast> contrasts = new ArrayList<>();
        for (String c : contrastSpecs) contrasts.add(ComparisonReport.Contrast.parse(c, grids.keySet()));
        var log = spec.commandLine().getOut();
        StringBuilder csv = new StringBuilder("method,learning_rate,lr_schedule,seed," + HistoryRow.CSV_HEADER + "\n");
        Protocol.Outcome outcome;
        Protocol.EqualTime eq = null;
        String dataName, network;
        int[] sizes;
        KernelWarmUp.inBackground(options.kernels());
        try (RunDirectory rd = RunDirectory.open(out, "--out"); RunOptions.Data d = options.loadWithValidation()) {
            dataName = d.train().name();
            network = options.describeNetwork(d.train());
            sizes = new int[] {d.train().size(), d.validation() == null ? 0 : d.validation().size(), d.test().size()};
            log.println("dante compare: " + String.join(", ", methods) + " on " + d.train() + (d.validation() == null ? "" : ", validation " + d.validation().size())
                    + ", test " + d.test().size() + "; " + seeds + " seed(s); chosen on the " + on.name().toLowerCase(Locale.ROOT) + " set");
            if (extendGrid < 0 || extendGrid > 10) throw new IllegalArgumentException("--extend-grid: expected 0..10, found " + extendGrid);
            outcome = Protocol.compare(grids, seedList, on, (c, seed) -> {
                Method m = Method.parse(c.method());
                Protocol.Run run = runOrReuse(d, c, new Runs.Setup(m, c.learningRate(), c.lrSchedule(), seed), out.resolve(m.spec()).resolve(dirName(c)).resolve("seed-" + seed));
                for (HistoryRow r : run.history().rows()) {
                    csv.append(m.spec()).append(',').append(c.learningRate()).append(',').append(c.lrSchedule()).append(',').append(seed).append(',').append(r.toCsv()).append('\n');
                }
                return run;
            }, extendGrid);
            if (outcome.selections().size() > 1) {
                log.println("equal wall time: each slower method's chosen configuration again, for the weights it updates in " + String.format(Locale.ROOT, "%.2f", outcome.commonSeconds())
                        + " s at its own speed, so its schedule ends there");
                eq = Protocol.equalTime(outcome, (c, seed, weights) -> {
                    Method m = Method.parse(c.method());
                    return runOrReuse(d, c, new Runs.Setup(m, c.learningRate(), c.lrSchedule(), seed, weights),
                            out.resolve(m.spec()).resolve(dirName(c)).resolve("equal-time").resolve("seed-" + seed));
                });
            }
            if (reuse) log.println("reused " + reused + " finished run(s) from " + out);
        }
        String title = String.join(" vs ", methods) + " — " + dataName + ", " + network + ", " + seeds + " seed(s)";
        String reading = ComparisonReport.reading(outcome, eq, base);
        StringBuilder md = new StringBuilder("## ").append(title).append("\n\n");
        if (!reading.isEmpty()) md.append("**Reading.** ").append(reading).append("\n\n");
        if (machines.size() > 1) {
            String mixed = "**Timed on more than one machine** (runs reused from earlier sittings): " + String.join("; ", machines)
                    + ". The numbers at equal weights do not depend on it; the seconds and the equal-time table mix these machines' speeds.";
            md.append(mixed).append("\n\n");
            log.println(mixed);
        }
        md.append(ComparisonReport.markdown(outcome, eq, base)).append(ComparisonReport.contrasts(outcome, eq, contrasts));
        AtomicFiles.write(out.resolve("comparison.md"), md.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(out.resolve("comparison.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> summary = summary(outcome, base, sizes);
        List<Object> cs = new ArrayList<>();
        for (ComparisonReport.Contrast c : contrasts) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", c.name());
            x.put("a", c.a());
            x.put("b", c.b());
            x.put("equal_weights", difference(c.atEqualWeights(outcome)));
            x.put("equal_time", difference(c.atEqualTime(outcome, eq)));
            cs.add(x);
        }
        if (!cs.isEmpty()) summary.put("contrasts", cs);
        summary.put("timed_on", new ArrayList<>(machines));
        AtomicFiles.write(out.resolve("summary.json"), (Json.write(summary) + "\n").getBytes(StandardCharsets.UTF_8));
        Plots.writeComparison(out, "comparison", title, outcome);
        log.print(md);
        log.println("wrote " + out.resolve("comparison.md") + ", " + out.resolve("comparison.csv") + ", " + out.resolve("summary.json") + " and the plots "
                + out.resolve("comparison.png") + " and " + out.resolve("comparison-time.png") + " (and .svg)");
        return outcome;
    }

    /** Trains one run into {@code dir}, or with --reuse reads it there when it finished with these options. */
    private Protocol.Run runOrReuse(RunOptions.Data d, Protocol.Config c, Runs.Setup setup, Path dir) {
        var log = spec.commandLine().getOut();
        Runs.Finished f = reuse ? Runs.finished(options, d, setup, dir) : null;
        if (f != null) {
            reused++;
            machines.add(f.machine());
            return new Protocol.Run(c, setup.seed(), f.history(), f.plannedWeightsUpdated(), f.error());
        }
        Runs.Outcome o = Runs.run(options, d, setup, dir, log);
        machines.add(Runs.machine(options));
        return new Protocol.Run(c, setup.seed(), o.result().history(), o.result().plannedWeightsUpdated(), o.error());
    }

    static String dirName(Protocol.Config c) {
        String s = "lr-" + c.learningRate();
        return "constant".equals(c.lrSchedule()) ? s : s + "_" + c.lrSchedule().replaceAll("[^A-Za-z0-9.+-]", "_");
    }

    private Map<String, Object> summary(Protocol.Outcome o, String base, int[] sizes) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("selected_on", o.selectOn().name().toLowerCase(Locale.ROOT));
        s.put("seeds", o.seeds());
        s.put("train_examples", sizes[0]);
        s.put("validation_examples", sizes[1]);
        s.put("test_examples", sizes[2]);
        s.put("baseline", base);
        boolean cls = o.classification();
        Protocol.Metric test = cls ? Protocol.Metric.TEST_ACCURACY : Protocol.Metric.TEST_LOSS;
        List<Object> methodsOut = new ArrayList<>();
        for (Protocol.Selection sel : o.selections()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", sel.method());
            m.put("learning_rate", Double.parseDouble(Float.toString(sel.chosen().learningRate())));
            m.put("lr_schedule", sel.chosen().lrSchedule());
            double[] v = Protocol.values(sel, test, 1.0);
            m.put(test.name().toLowerCase(Locale.ROOT) + "_mean", Stats.mean(v));
            m.put(test.name().toLowerCase(Locale.ROOT) + "_sd", Stats.sd(v));
            m.put(test.name().toLowerCase(Locale.ROOT) + "_per_seed", toList(v));
            m.put("train_loss_per_seed", toList(Protocol.values(sel, Protocol.Metric.TRAIN_LOSS, 1.0)));
            m.put("seconds_per_seed", toList(Protocol.values(sel, Protocol.Metric.SECONDS, 1.0)));
            if (!sel.method().equals(base)) {
                Protocol.Difference diff = Protocol.paired(v, Protocol.values(o.of(base), test, 1.0), test);
                m.put("difference_vs_" + base, diff.mean());
                m.put("interval_95", List.of(diff.low(), diff.high()));
                m.put("verdict", diff.verdict());
            }
            List<Object> tried = new ArrayList<>();
            for (Protocol.Tried t : sel.tried()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("configuration", t.config().label());
                x.put("score_mean", t.mean());
                x.put("score_sd", t.sd());
                x.put("failed_seeds", t.failed());
                tried.add(x);
            }
            m.put("tried", tried);
            methodsOut.add(m);
        }
        s.put("methods", methodsOut);
        return s;
    }

    private static Map<String, Object> difference(Protocol.Difference d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", d.mean());
        m.put("interval_95", List.of(d.low(), d.high()));
        m.put("seeds", d.n());
        m.put("verdict", d.verdict());
        return m;
    }

    private static List<Object> toList(double[] v) {
        List<Object> l = new ArrayList<>();
        for (double x : v) l.add(x);
        return l;
    }
}
