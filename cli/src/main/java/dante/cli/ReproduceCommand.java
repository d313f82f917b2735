package dante.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dante.core.data.Dataset;
import dante.core.model.AtomicFiles;
import dante.core.model.Json;
import dante.core.nn.Network;
import dante.cli.reproduce.Bench;
import dante.cli.reproduce.Experiment;
import dante.cli.reproduce.Experiment.Done;
import dante.cli.reproduce.Experiment.Row;
import dante.core.protocol.Protocol;
import dante.core.protocol.Stats;
import dante.datasets.TargetScaling;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Run one of the paper's experiments (or all whose data is here) under the protocol of compare, and write beside our numbers the paper's, "
                + "with a verdict: OUT/ID/summary.md, one compare directory per part (tables, curves as PNG and SVG), and for 'all' OUT/REPRODUCTION.md. "
                + "--list shows the IDs, the data each needs, whether it is here, and the time a full run took on a 2-core machine (one thread; fig3 and fig4 estimated).")
final class ReproduceCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "fig2, fig3, fig4, fig5, fig6, table1, table2, fig7, fig8, table3, table4, fig9, or all.")
    String id;

    @Option(names = "--list", description = "List the experiments and exit.")
    boolean list;

    @Option(names = "--quick", description = "Shrink every budget (500 training and 1000 test images, one epoch, one seed, each grid's smallest learning rate) to prove the pipeline end to end in seconds; the numbers mean nothing.")
    boolean quick;

    @Option(names = "--seeds", description = "Seeds per configuration (default: 3; 1 with --quick).")
    Integer seeds;

    @Option(names = "--data-dir", description = "Directory holding the paper's data: mnist/, kmnist/, cifar-10-batches-bin/, svhn/ (train_32x32.mat, test_32x32.mat), "
            + "tiny-imagenet-200/, svmguide4/, usps/ (each may also sit directly in DIR). Fashion-MNIST stands in for MNIST and KMNIST when they are absent.")
    Path dataDir;

    @Option(names = "--out", defaultValue = "runs/reproduce", description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--threads", description = "Threads for the kernels (default: all processors).")
    Integer threads;

    @Option(names = "--reuse", description = "Keep what OUT holds: every run it holds finished with the same settings is read instead of trained again "
            + "(compare --reuse), so an experiment too long for one sitting is run in parts; with all, an experiment whose verdicts (OUT/ID/verdicts.json) "
            + "were written with these settings is not run again.")
    boolean reuse;

    @Option(names = "--train-limit", description = "Training images of the image sets (default: 20000, 500 with --quick; 0 for all).")
    Integer trainLimit;

    @Option(names = "--batch", description = "Minibatch size (default: 64).")
    Integer batch;

    @Option(names = "-T", description = "SNGD epochs per layer in each DANTE round (default: 1; fig7 varies it).")
    Integer t;

    @Option(names = "--epochs", description = "Budget in backprop epochs (DANTE: as many rounds); default per experiment (5 for the image sets).")
    Integer epochs;

    @Option(names = "--arch", split = ",(?=[a-z])", description = "Replace a part's architecture: PART=SIZES, e.g. two-hidden=784,500,500,10 (the part names are in summary.md).")
    Map<String, String> arch = new LinkedHashMap<>();

    @Option(names = "--parts", split = ",", paramLabel = "PART", description = "Run only these parts of the experiment (their names are in summary.md and the log), "
            + "e.g. to share a long experiment between processes or machines writing into one --out. Writes no verdicts: run the experiment again "
            + "with --reuse and without --parts to judge it from the finished runs.")
    List<String> onlyParts = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getOut();
        if (list) {
            log.print(listing());
            log.flush();
            return 0;
        }
        if (id == null) throw new IllegalArgumentException("reproduce: give an experiment ID or all (see --list)");
        if (seeds != null && (seeds < 1 || seeds > 100)) throw new IllegalArgumentException("--seeds: expected 1..100, found " + seeds);
        if (trainLimit != null && trainLimit < 0) throw new IllegalArgumentException("--train-limit: expected 0 (all) or a positive count, found " + trainLimit);
        if (epochs != null && (epochs < 1 || epochs > 10000)) throw new IllegalArgumentException("--epochs: expected 1..10000, found " + epochs);
        if (dataDir != null && !Files.isDirectory(dataDir)) throw new IllegalArgumentException("--data-dir " + dataDir + ": not a directory");
        Experiment.Settings s = new Experiment.Settings(quick, seeds != null ? seeds : quick ? 1 : 3, dataDir, threads, trainLimit, batch, t, epochs, arch);
        if (!onlyParts.isEmpty() && id.equalsIgnoreCase("all")) throw new IllegalArgumentException("--parts: name one experiment, not all");
        if (!id.equalsIgnoreCase("all")) {
            Experiment e = Experiment.byId(id);
            String missing = e.missing(dataDir);
            if (!missing.isEmpty()) {
                spec.commandLine().getErr().println("dante reproduce " + e.id() + ": cannot run here: needs " + missing);
                return 2;
            }
            run(e, s, log);
            return 0;
        }
        StringBuilder md = new StringBuilder("# Reproduction of Sinha et al., DANTE (Neural Networks 2020)\n\n")
                .append(quick ? "**--quick: budgets shrunk to prove the pipeline; these numbers mean nothing.**\n\n" : "")
                .append("Every row: the paper's number or claim, ours (mean ± sd over ").append(s.seeds()).append(" seed(s)), the verdict, and the command. ")
                .append("Learning rates were chosen on a validation split, never on the test set. Each experiment's summary.md says what was chosen where the paper is silent.\n\n")
                .append("| item | paper | ours | data | verdict | command | wall time |\n|---|---|---|---|---|---|---|\n");
        int failed = 0;
        for (Experiment e : Experiment.ALL) {
            String missing = e.missing(dataDir);
            String cmd = "`./dante reproduce " + e.id() + (dataDir != null ? " --data-dir " + dataDir : "") + "`";
            if (!missing.isEmpty()) {
                md.append("| ").append(e.item()).append(" | | | | not runnable here: needs ").append(missing).append(" | ").append(cmd).append(" | |\n");
                continue;
            }
            String data = dataOf(e.plan(s));
            long t0 = System.nanoTime();
            List<Row> rows;
            double secs;
            Path kept = out.resolve(e.id()).resolve("verdicts.json");
            try {
                Map<?, ?> v = reuse && Files.isRegularFile(kept) ? (Map<?, ?>) Json.parse(Files.readString(kept), kept.toString()) : null;
                if (v != null && !partsOf(e.plan(s)).equals(v.get("parts"))) {
                    log.println("== " + e.id() + ": " + kept + " was written with other settings (its parts' compare arguments differ); running it again");
                    v = null;
                }
                if (v != null) {
                    log.println("== " + e.id() + ": reusing " + kept);
                    rows = new ArrayList<>();
                    for (Object o : (List<?>) v.get("rows")) {
                        Map<?, ?> r = (Map<?, ?>) o;
                        rows.add(new Row((String) r.get("item"), (String) r.get("paper"), (String) r.get("ours"), (String) r.get("verdict")));
                    }
                    secs = ((Number) v.get("wall_seconds")).doubleValue();
                } else {
                    rows = run(e, s, log);
                    secs = (System.nanoTime() - t0) / 1e9;
                }
            } catch (RuntimeException | java.io.IOException ex) {     // one experiment's failure does not lose the others
                failed++;
                log.println("dante reproduce " + e.id() + " failed: " + ex.getMessage());
                rows = List.of(new Row(e.item(), "", "", "failed here: " + ex.getMessage()));
                secs = (System.nanoTime() - t0) / 1e9;
            }
            String wall = minutes(secs);
            for (Row r : rows) {
                md.append("| ").append(r.item()).append(" | ").append(r.paper()).append(" | ").append(r.ours()).append(" | ").append(data).append(" | ")
                        .append(r.verdict()).append(" | ").append(cmd).append(" | ").append(wall).append(" |\n");
            }
        }
        AtomicFiles.write(out.resolve("REPRODUCTION.md"), md.toString().getBytes(StandardCharsets.UTF_8));
        log.println("wrote " + out.resolve("REPRODUCTION.md") + (failed > 0 ? "; " + failed + " experiment(s) failed (see their rows)" : ""));
        return failed > 0 ? 1 : 0;
    }

    private static String dataOf(List<Experiment.Part> parts) {
        return parts.stream().map(Experiment.Part::data).distinct().reduce((a, b) -> a + "; " + b).orElse("—");
    }

    String listing() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-7s %-9s %-9s %s%n", "ID", "data", "full run", "paper item / data it needs"));
        for (Experiment e : Experiment.ALL) {
            String missing = e.missing(dataDir);
            sb.append(String.format(Locale.ROOT, "%-7s %-9s %-9s %s%n%27s needs %s%s%n", e.id(), missing.isEmpty() ? "here" : "missing",
                    e.fullMinutes() == 0 ? "—" : "~" + e.fullMinutes() + " min", e.item(), "", e.needs(), missing.isEmpty() ? "" : " (missing: " + missing + ")"));
        }
        return sb.toString();
    }

    /** Runs every part of {@code e}, judges it and writes OUT/ID/summary.md; returns its rows. */
    List<Row> run(Experiment e, Experiment.Settings s, PrintWriter log) {
        List<Experiment.Part> parts = e.plan(s);
        if (parts.isEmpty()) throw new IllegalArgumentException(e.id() + ": nothing can run here: needs " + e.missing(dataDir));
        for (Map.Entry<String, String> a : "all".equalsIgnoreCase(id) ? Map.<String, String>of().entrySet() : s.arch().entrySet()) {   // a misspelt part name would be ignored
            if (parts.stream().noneMatch(p -> p.args().contains(a.getValue()))) {
                throw new IllegalArgumentException("--arch " + a.getKey() + "=" + a.getValue() + ": " + e.id() + " has no part '" + a.getKey()
                        + "' (its summary.md names the parts; most single-net experiments call theirs 'net')");
            }
        }
        List<String> names = parts.stream().map(Experiment.Part::name).toList();
        for (String n : onlyParts) {
            if (!names.contains(n)) throw new IllegalArgumentException("--parts " + n + ": " + e.id() + " has no such part (its parts: " + String.join(", ", names) + ")");
        }
        Path dir = out.resolve(e.id());
        long t0 = System.nanoTime();
        List<Done> done = new ArrayList<>();
        List<Row> failed = new ArrayList<>();
        for (Experiment.Part p : parts) {
            if (!onlyParts.isEmpty() && !onlyParts.contains(p.name())) continue;
            log.println("== " + e.id() + " / " + p.name() + ": " + p.title());
            log.flush();
            Path pd = dir.resolve(p.name());
            try {
                done.add(new Done(p, compare(p, pd, log), pd));
            } catch (IllegalArgumentException ex) {                   // e.g. a method diverged at every rate tried: a result, not a crash
                log.println("dante reproduce " + e.id() + " / " + p.name() + ": " + ex.getMessage());
                failed.add(new Row(p.name() + " (" + p.title() + ")", "", "no result: " + ex.getMessage(), "not reproduced: the part failed here"));
            }
        }
        if (!onlyParts.isEmpty()) {
            log.println("ran " + (done.size() + failed.size()) + " of " + parts.size() + " parts of " + e.id() + " (--parts); no verdicts written: "
                    + "when every part has run, 'dante reproduce " + e.id() + " --reuse' with the same settings and --out judges the experiment from the finished runs");
            log.flush();
            return failed;
        }
        StringBuilder extra = new StringBuilder();
        List<Row> rows = new ArrayList<>(done.isEmpty() || e.needsAllParts() && !failed.isEmpty() ? List.of() : e.judge(s, done, BENCH, extra));
        rows.addAll(failed);
        double secs = (System.nanoTime() - t0) / 1e9;
        StringBuilder md = new StringBuilder("# ").append(e.id()).append(": ").append(e.item()).append("\n\n");
        if (s.quick()) md.append("**--quick: budgets shrunk to prove the pipeline; these numbers mean nothing.**\n\n");
        md.append("Data: ").append(dataOf(parts)).append(". ").append(s.seeds()).append(" seed(s); wall time ").append(minutes(secs))
                .append(reuse ? " in this sitting (--reuse: runs finished in earlier sittings were read, not timed again)" : "").append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" processors, ")
                .append(s.threads() == null ? Runtime.getRuntime().availableProcessors() + " kernel thread(s) (all processors)" : s.threads() + " kernel thread(s)")
                .append(".\n\n## Choices where the paper is silent\n\n");
        for (String c : e.choices(s)) md.append("- ").append(c).append("\n");
        md.append("\nThe exact settings of this run are the compare command lines under Parts below.\n");
        md.append("\n## Paper against ours\n\n| item | paper | ours | verdict |\n|---|---|---|---|\n");
        for (Row r : rows) md.append("| ").append(r.item()).append(" | ").append(r.paper()).append(" | ").append(r.ours()).append(" | ").append(r.verdict()).append(" |\n");
        md.append("\nVerdicts: *reproduced* when our paired 95 % interval (over seeds) shows the paper's direction; *not reproduced* when it shows the opposite, "
                + "or no difference where the paper claims one; *no verdict* with one seed. The numbers themselves differ from the paper's wherever the data does.\n");
        md.append(extra);
        md.append("\n## Parts\n\nEach part is one `dante compare` run (its comparison.md has every configuration tried, the 25/50/100 % table and the equal-wall-time table):\n\n");
        for (Done d : done) {
            md.append("- **").append(d.part().name()).append("** (").append(d.part().title()).append("): [comparison.md](").append(d.part().name())
                    .append("/comparison.md), ![").append(d.part().name()).append("](").append(d.part().name()).append("/comparison.png)\n  `dante compare ")
                    .append(String.join(" ", d.part().args())).append(" --out ").append(d.dir()).append("`\n");
        }
        AtomicFiles.write(dir.resolve("summary.md"), md.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", e.id());
        v.put("quick", s.quick());
        v.put("seeds", s.seeds());
        v.put("parts", partsOf(e.plan(s)));
        v.put("wall_seconds", secs);
        v.put("kernel_threads", s.threads() == null ? Runtime.getRuntime().availableProcessors() : s.threads());
        List<Object> rs = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();            // in this order in every file (Map.of's order changes from run to run)
            row.put("item", r.item());
            row.put("paper", r.paper());
            row.put("ours", r.ours());
            row.put("verdict", r.verdict());
            rs.add(row);
        }
        v.put("rows", rs);
        AtomicFiles.write(dir.resolve("verdicts.json"), (Json.write(v) + "\n").getBytes(StandardCharsets.UTF_8));
        log.println("wrote " + dir.resolve("summary.md"));
        log.flush();
        return rows;
    }

    /** Each part's name and compare arguments but the thread count (which changes no number): the settings a kept verdicts.json must match to be reused. */
    private static List<String> partsOf(List<Experiment.Part> parts) {
        List<String> l = new ArrayList<>();
        for (Experiment.Part p : parts) {
            List<String> a = new ArrayList<>(p.args());
            int t = a.indexOf("--threads");
            if (t >= 0) a.subList(t, Math.min(t + 2, a.size())).clear();
            l.add(p.name() + ": " + String.join(" ", a));
        }
        return l;
    }

    /** One part through compare's own code path. */
    private Protocol.Outcome compare(Experiment.Part p, Path dir, PrintWriter log) {
        CompareCommand c = new CompareCommand();
        CommandLine cl = new CommandLine(c);
        cl.setOut(log);
        cl.setErr(spec.commandLine().getErr());
        List<String> args = new ArrayList<>(p.args());
        args.addAll(List.of("--out", dir.toString()));
        if (reuse) args.add("--reuse");
        cl.parseArgs(args.toArray(String[]::new));
        return c.run();
    }

    /** compare's options for a part, parsed but not run (to load the same data the part used). */
    private static CompareCommand parsed(Experiment.Part p, List<String> drop) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < p.args().size(); i++) {
            if (drop.contains(p.args().get(i))) {
                i++;
                continue;
            }
            args.add(p.args().get(i));
        }
        args.addAll(List.of("--out", "unused"));
        return CommandLine.populateCommand(new CompareCommand(), args.toArray(String[]::new));
    }

    /** What the verdicts may read beyond the outcomes: a part's data as compare loaded it, and the models compare wrote. */
    private static final Bench BENCH = new Bench() {
        @Override
        public PartData data(Experiment.Part part, List<String> drop) {
            CompareCommand c = parsed(part, drop);
            RunOptions.Data data;
            try {
                data = c.options.loadWithValidation();
            } catch (RuntimeException e) {
                c.options.closeKernels();
                throw e;
            }
            return new PartData(data.train(), data.validation(), data.test(), c.options.kernels(), c.options.targetScaling, () -> {
                try {
                    data.close();
                } finally {
                    c.options.closeKernels();
                }
            });
        }

        @Override
        public Path model(Experiment.Done done, String method, Protocol.Run run) {
            return done.dir().resolve(method).resolve(CompareCommand.dirName(run.config())).resolve("seed-" + run.seed()).resolve("model.safetensors");
        }
    };

    private static String minutes(double secs) {
        return secs < 90 ? String.format(Locale.ROOT, "%.0f s", secs) : String.format(Locale.ROOT, "%.1f min", secs / 60);
    }
}
