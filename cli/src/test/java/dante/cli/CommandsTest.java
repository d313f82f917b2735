package dante.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dante.core.model.Json;
import dante.core.model.SafeTensors;
import dante.core.train.HistoryRow;
import dante.core.train.TrainingHistory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command in-process on small data, checking what it writes and how it fails. */
class CommandsTest {
    @TempDir Path dir;

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    /** Without the dante-spark module on the class path, --engine spark says what is missing and how ./dante adds it. */
    @Test
    void sparkEngineWithoutTheModuleIsOneLine() {
        Run r = run("train", "--data", "teacher", "--engine", "spark", "--out", dir.resolve("spark").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--engine spark: not on the class path (engines here: local); --engine spark needs the dante-spark module"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void trainWritesHistoryModelAndSummary() throws IOException {
        Path out = dir.resolve("run");
        Run r = run("train", "--data", "teacher", "--method", "dante", "--lr", "0.05", "--rounds", "2", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        TrainingHistory h = TrainingHistory.read(out.resolve("history.csv"));
        assertEquals(1 + 4, h.size(), "an evaluation before training and one per layer phase");
        assertTrue(!Double.isNaN(h.last().validationAccuracy()) && !Double.isNaN(h.last().testAccuracy()), "validation and test are both recorded");
        try (var m = SafeTensors.load(out.resolve("model.safetensors")).network()) {
            assertEquals("20,32,4", m.sizes());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) Json.parse(Files.readString(out.resolve("summary.json")), "summary.json");
        assertEquals("dante", s.get("method"));
        assertEquals(h.last().weightsUpdated(), s.get("weights_updated"));
        assertTrue(((List<?>) s.get("phase_notes")).size() == 4);
        for (String f : new String[] {"plot.png", "plot.svg"}) assertTrue(Files.size(out.resolve(f)) > 1000, f);
        assertTrue(Files.readString(out.resolve("plot.svg")).contains("<svg"), "an SVG document");

        Run e = run("eval", "--data", "teacher", "--model", out.resolve("model.safetensors").toString(), "--threads", "1");
        assertEquals(0, e.status(), e.err());
        assertTrue(e.out().contains("accuracy") && e.out().contains("confusion matrix"), e.out());
        long total = 0;
        for (String line : e.out().lines().filter(l -> l.matches("\\s+[0-3]( +\\d+){4}")).toList()) {
            for (String v : line.trim().split(" +")) total += Long.parseLong(v);
            total -= Long.parseLong(line.trim().split(" +")[0]);
        }
        assertEquals(1000, total, "the confusion matrix counts every test example once");
        Run bad = run("eval", "--data", "fashion-mnist", "--data-dir", dir.resolve("none").toString(), "--model", out.resolve("model.safetensors").toString());
        assertEquals(2, bad.status());
        Run missing = run("eval", "--data", "teacher", "--model", dir.resolve("none.safetensors").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("no such model file"), missing.err());
    }

    @Test
    void compareWritesATableAndEveryRun() throws IOException {
        Path out = dir.resolve("cmp");
        Run r = run("compare", "--data", "teacher", "--methods", "dante,sgd,adam", "--lr-grid", "0.01,0.05", "--epochs", "2", "--rounds", "2",
                "--seeds", "2", "--eval-points", "8", "--threads", "1", "--contrast", "normalized against adaptive=dante:adam", "--contrast", "adam:sgd",
                "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        String md = Files.readString(out.resolve("comparison.md"));
        for (String m : new String[] {"| dante |", "| sgd |", "| adam |", "Chosen on: validation split", "| dante − sgd |", "At equal wall time",
                "### Contrasts", "| normalized against adaptive | dante (lr ", "| adam − sgd | adam (lr "}) {
            assertTrue(md.contains(m), m + " in\n" + md);
        }
        for (String f : new String[] {"comparison.png", "comparison.svg", "comparison-time.png", "comparison-time.svg"}) assertTrue(Files.size(out.resolve(f)) > 1000, f);
        assertTrue(Files.exists(out.resolve("sgd/lr-0.05/seed-2/history.csv")));
        List<String> csv = Files.readAllLines(out.resolve("comparison.csv"));
        assertTrue(csv.get(0).startsWith("method,learning_rate,lr_schedule,seed,epoch"), csv.get(0));
        assertEquals(1 + 3 * 2 * 2 * 9, csv.size(), "nine rows per run (before training and at 8 points of the budget), 12 runs");
        TrainingHistory dante = TrainingHistory.read(out.resolve("dante/lr-0.05/seed-1/history.csv")), sgd = TrainingHistory.read(out.resolve("sgd/lr-0.05/seed-1/history.csv"));
        for (int j = 0; j < 9; j++) {
            long a = dante.rows().get(j).weightsUpdated(), b = sgd.rows().get(j).weightsUpdated();
            assertTrue(Math.abs(a - b) <= 20 * 32 + 32 + 32 * 4 + 4, "point " + j + ": dante " + a + ", sgd " + b + " differ by more than one step");
        }
        // the chosen configuration is the one with the best mean validation score, as summary.json lists them
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) Json.parse(Files.readString(out.resolve("summary.json")), "summary.json");
        assertEquals("validation", s.get("selected_on"));
        for (Object o : (List<?>) s.get("methods")) {
            @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) o;
            double best = Double.NEGATIVE_INFINITY;
            String bestLabel = null;
            for (Object t : (List<?>) m.get("tried")) {
                @SuppressWarnings("unchecked") Map<String, Object> x = (Map<String, Object>) t;
                double v = ((Number) x.get("score_mean")).doubleValue();
                if (v > best) { best = v; bestLabel = (String) x.get("configuration"); }
            }
            assertEquals(bestLabel, "lr " + m.get("learning_rate").toString().replaceAll("\\.0$", ".0"), m.toString());
        }
        // a contrast is the paired difference of the two methods' per-seed test accuracies, as summary.json lists them
        Map<String, List<?>> perSeed = new java.util.HashMap<>();
        for (Object o : (List<?>) s.get("methods")) perSeed.put((String) ((Map<?, ?>) o).get("method"), (List<?>) ((Map<?, ?>) o).get("test_accuracy_per_seed"));
        Map<?, ?> c = (Map<?, ?>) ((List<?>) s.get("contrasts")).get(0);
        assertEquals("normalized against adaptive", c.get("name"));
        double expected = 0;
        for (int i = 0; i < 2; i++) expected += (((Number) perSeed.get("dante").get(i)).doubleValue() - ((Number) perSeed.get("adam").get(i)).doubleValue()) / 2;
        assertEquals(expected, ((Number) ((Map<?, ?>) c.get("equal_weights")).get("mean")).doubleValue(), 1e-12);
        assertTrue(((Map<?, ?>) c.get("equal_time")).get("verdict") instanceof String);

    }

    /**
     * compare --reuse reads every run a comparison already finished with the same options and
     * trains only the rest (a run killed before its summary, or one made with other options),
     * so a comparison too long for one sitting goes on where it stopped.
     */
    @Test
    void compareReuseReadsTheFinishedRunsAndTrainsTheRest() throws IOException {
        Path out = dir.resolve("reuse");
        String[] args = {"compare", "--data", "teacher", "--methods", "dante,sgd", "--lr-grid", "0.01,0.05", "--epochs", "2", "--rounds", "2",
                "--seeds", "2", "--eval-points", "4", "--threads", "1", "--out", out.toString()};
        Run first = run(args);
        assertEquals(0, first.status(), first.err());
        String md = Files.readString(out.resolve("comparison.md")), csv = Files.readString(out.resolve("comparison.csv"));
        long runs;
        try (var w = Files.walk(out)) { runs = w.filter(f -> f.getFileName().toString().equals("history.csv")).count(); }
        assertTrue(runs > 8, "the grid's runs and the equal-time reruns: " + runs);

        Run all = run(concat(args, "--reuse"));
        assertEquals(0, all.status(), all.err());
        assertTrue(all.out().contains("reused " + runs + " finished run(s)"), all.out());
        assertEquals(md, Files.readString(out.resolve("comparison.md")), "the same report, seconds included");
        assertEquals(csv, Files.readString(out.resolve("comparison.csv")));

        // a run timed on another machine is reused, and the report says the seconds mix machines
        Path elsewhere = out.resolve("dante/lr-0.05/seed-1/summary.json");
        Files.writeString(elsewhere, Files.readString(elsewhere).replaceFirst("\"machine\":\"[^\"]*\"", "\"machine\":\"another CPU\""));
        Run mixed = run(concat(args, "--reuse"));
        assertEquals(0, mixed.status(), mixed.err());
        assertTrue(mixed.out().contains("reused " + runs + " finished run(s)"), mixed.out());
        String mixedMd = Files.readString(out.resolve("comparison.md"));
        assertTrue(mixedMd.contains("**Timed on more than one machine** (runs reused from earlier sittings): ") && mixedMd.contains("another CPU"), mixedMd);

        Path killed = out.resolve("sgd/lr-0.01/seed-2");
        List<String> before = Files.readAllLines(killed.resolve("history.csv"));
        Files.delete(killed.resolve("summary.json"));           // as a run killed before it wrote its summary
        Run rest = run(concat(args, "--reuse"));
        assertEquals(0, rest.status(), rest.err());
        var m = java.util.regex.Pattern.compile("reused (\\d+) finished run").matcher(rest.out());
        assertTrue(m.find(), rest.out());
        long n = Long.parseLong(m.group(1));
        // the killed run is trained again; if it was chosen, its new seconds move the common time and the two equal-time reruns with it
        assertTrue(n == runs - 1 || n == runs - 3, n + " of " + runs + " reused");
        List<String> after = Files.readAllLines(killed.resolve("history.csv"));
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(withoutLastColumn(before.get(i)), withoutLastColumn(after.get(i)), "trained again to the same numbers (all but its seconds), row " + i);
        }

        Run other = run(concat(args, "--reuse", "--batch", "32"));
        assertEquals(0, other.status(), other.err());
        assertTrue(other.out().contains("reused 0 finished run(s)"), "another minibatch is another run: " + other.out());
    }

    private static String withoutLastColumn(String line) { return line.substring(0, line.lastIndexOf(',')); }

    @Test
    void selectingOnTheTestSetMustBeAskedForAndIsLabelled() throws IOException {
        Run refused = run("compare", "--data", "teacher", "--methods", "sgd", "--validation", "0", "--out", dir.resolve("x").toString());
        assertEquals(2, refused.status());
        assertTrue(refused.err().contains("--select-on test"), refused.err());
        Run mixed = run("compare", "--data", "teacher", "--methods", "sgd", "--select-on", "test", "--out", dir.resolve("y").toString());
        assertEquals(2, mixed.status());
        Path out = dir.resolve("t");
        Run r = run("compare", "--data", "teacher", "--methods", "sgd", "--lr-grid", "0.05", "--epochs", "1", "--seeds", "1", "--validation", "0",
                "--select-on", "test", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readString(out.resolve("comparison.md")).contains("TEST SET"), "the report says the test set chose");
    }

    @Test
    void budgetEpochsGivesEveryMethodTheSameWeightsUpdated() throws IOException {
        long budget = 804L * ((3600 + 63) / 64);     // 20-32-4 has 804 parameters; 3600 training rows after the validation split, batch 64
        for (String[] m : new String[][] {{"sgd", "--epochs", "5"}, {"dante", "--rounds", "5"}, {"adam", "--epochs", "5"}}) {
            Path out = dir.resolve("budget-" + m[0]);
            Run r = run("train", "--data", "teacher", "--method", m[0], m[1], m[2], "--budget-epochs", "1", "--lr", "0.01", "--threads", "1", "--out", out.toString());
            assertEquals(0, r.status(), r.err());
            long w = ((Number) ((Map<?, ?>) Json.parse(Files.readString(out.resolve("summary.json")), "s")).get("weights_updated")).longValue();
            assertTrue(w >= budget && w < budget + 804, m[0] + ": " + w + " weights updated against a budget of " + budget);
        }
        Run both = run("train", "--data", "teacher", "--budget", "100", "--budget-epochs", "1", "--out", dir.resolve("both").toString());
        assertEquals(2, both.status());
        assertEquals("dante: give --budget or --budget-epochs, not both", both.err().strip());
    }

    @Test
    void thePapersSmallSetsTakeAScalingAndTheTestSetALimit() throws IOException {
        Path out = dir.resolve("iono-minmax");
        Run r = run("train", "--data", "ionosphere", "--scale", "minmax", "--test-limit", "20", "--method", "adam", "--lr", "0.01", "--epochs", "2",
                "--threads", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<?, ?> s = (Map<?, ?>) Json.parse(Files.readString(out.resolve("summary.json")), "s");
        assertEquals(20, ((Number) s.get("test_examples")).intValue());
        Run bad = run("train", "--data", "ionosphere", "--scale", "log", "--out", dir.resolve("bad").toString());
        assertEquals(2, bad.status());
        assertEquals("dante: --scale: expected standardize, minmax or none, found 'log'", bad.err().strip());
        Run notHere = run("train", "--data", "teacher", "--scale", "minmax", "--out", dir.resolve("bad2").toString());
        assertEquals(2, notHere.status());
        assertTrue(notHere.err().contains("--scale applies to data given by path"), notHere.err());
    }

    @Test
    void thePapersSmallSetsTrainFromTheirDirectory() {
        java.nio.file.Path shared = java.nio.file.Path.of("..", "..", "shared", "datasets");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(shared) || System.getenv("CI") != null, "shared/datasets is not beside this checkout");
        Path out = dir.resolve("iono");
        Run r = run("train", "--data", "ionosphere", "--data-dir", shared.toString(), "--method", "adam", "--lr", "0.01", "--epochs", "5",
                "--threads", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(TrainingHistory.read(out.resolve("history.csv")).last().testAccuracy() > 0.8, r.out());
    }

    static float[] weights(Path model) {
        try (var n = SafeTensors.load(model).network()) {
            return n.parametersToArray();
        }
    }

    @Test
    void resumeGivesTheWeightsOfAnUninterruptedRun() {
        // mid-schedule: the learning rate halves every epoch (momentum) or every round (DANTE, momentum steps inside each phase)
        for (String[] m : new String[][] {{"--method", "momentum", "--lr", "0.05", "--lr-schedule", "step:0.5:1e", "--epochs"},
                {"--method", "dante-momentum", "--lr", "0.05", "--lr-schedule", "step:0.5:1r", "--rounds"}}) {
            Path whole = dir.resolve(m[1] + "-whole"), parts = dir.resolve(m[1] + "-parts");
            String[] common = {"train", "--data", "teacher", "--threads", "1", "--seed", "5", m[0], m[1], m[2], m[3], m[4], m[5]};
            assertEquals(0, run(concat(common, m[6], "3", "--out", whole.toString())).status());
            assertEquals(0, run(concat(common, m[6], "1", "--out", parts.toString())).status());
            Run r = run(concat(common, m[6], "3", "--out", parts.toString(), "--resume"));
            assertEquals(0, r.status(), r.err());
            org.junit.jupiter.api.Assertions.assertArrayEquals(weights(whole.resolve("model.safetensors")), weights(parts.resolve("model.safetensors")), m[1]);
            TrainingHistory hw = TrainingHistory.read(whole.resolve("history.csv")), hp = TrainingHistory.read(parts.resolve("history.csv"));
            assertEquals(hw.size(), hp.size());
            assertEquals(hw.last().learningRate(), hp.last().learningRate(), m[1] + ": the resumed run kept its place in the schedule");
            assertEquals(0.05 / 4, hw.last().learningRate(), 1e-7, m[1] + ": third epoch or round at η/4");
        }
        Run bad = run("train", "--data", "teacher", "--arch", "20,16,4", "--method", "momentum", "--epochs", "2", "--out",
                dir.resolve("momentum-parts").toString(), "--resume");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--resume:"), bad.err());
        // a different seed, batch or training set is refused by name
        String[][] mismatches = {{"--seed", "6"}, {"--batch", "32"}, {"--train-limit", "2000"}, {"--lr", "0.06"}};
        for (String[] mm : mismatches) {
            java.util.Map<String, String> o = new java.util.LinkedHashMap<>();
            String[] base = {"--data", "teacher", "--threads", "1", "--seed", "5", "--method", "momentum", "--lr", "0.05",
                    "--lr-schedule", "step:0.5:1e", "--epochs", "4", "--out", dir.resolve("momentum-parts").toString()};
            for (int i = 0; i < base.length; i += 2) o.put(base[i], base[i + 1]);
            o.put(mm[0], mm[1]);
            List<String> args = new java.util.ArrayList<>(List.of("train", "--resume"));
            o.forEach((k, v) -> { args.add(k); args.add(v); });
            Run r = run(args.toArray(String[]::new));
            assertEquals(2, r.status(), String.join(" ", mm));
            assertTrue(r.err().contains("was made with"), r.err());
        }
    }

    @Test
    void aCheckpointWhoseFilesDoNotMatchItsManifestIsRefused() throws IOException {
        Path out = dir.resolve("ck");
        String[] args = {"train", "--data", "teacher", "--threads", "1", "--method", "sgd", "--lr", "0.1", "--epochs", "2", "--out", out.toString()};
        assertEquals(0, run(args).status());
        String manifest = Files.readString(out.resolve("CHECKPOINT"));
        assertTrue(manifest.contains("\"directory\":\"checkpoint-2\""), manifest);
        Path history = out.resolve("checkpoint-2/history.csv");
        Files.writeString(history, Files.readString(history).replace("\n2.0,", "\n1.0,"));       // a history from another epoch
        Run r = run(concat(args, "--resume"));
        assertEquals(2, r.status());
        assertTrue(r.err().contains("does not match its checksum"), r.err());
        Files.delete(out.resolve("CHECKPOINT"));
        r = run(concat(args, "--resume"));
        assertEquals(2, r.status());
        assertTrue(r.err().contains("holds no checkpoint"), r.err());
    }

    @Test
    void theOutputDirectoryIsCheckedBeforeTraining() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        String[][] cases = {{"--out", file.toString()}, {"--out", ""}};
        String[] expect = {"exists and is not a directory", "empty path"};
        for (int i = 0; i < cases.length; i++) {
            Run r = run(concat(new String[] {"train", "--data", "fashion-mnist", "--data-dir", dir.resolve("none").toString()}, cases[i]));
            assertEquals(2, r.status());
            assertTrue(r.err().contains(expect[i]), "checked before the data is even read: " + r.err());
        }
        Path out = dir.resolve("leftovers");
        Files.createDirectories(out.resolve(".checkpoint-9.tmp"));
        Files.writeString(out.resolve(".history.csv.123.tmp"), "half");
        assertEquals(0, run("train", "--data", "teacher", "--threads", "1", "--method", "sgd", "--epochs", "1", "--out", out.toString()).status());
        assertTrue(!Files.exists(out.resolve(".checkpoint-9.tmp")) && !Files.exists(out.resolve(".history.csv.123.tmp")), "a killed run's temporary files are removed");
    }

    static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void theDemoComparesDanteWithSgdAndSaysWhereThePlotIs() throws IOException {
        Path out = dir.resolve("demo");
        Run r = run("demo", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        String md = Files.readString(out.resolve("comparison.md"));
        assertTrue(md.contains("| dante |") && md.contains("| sgd |"), md);
        assertTrue(Files.size(out.resolve("comparison.png")) > 1000);
        assertTrue(r.out().contains(out.resolve("comparison.png").toString()), r.out());
    }

    @Test
    void defaultGridsStepByHalfDecadesAndTheDemoGrowsItsGridsPastAnEdge() {
        // issue 28: compare's default grid stepped by decades (0.001, 0.01, 0.1), and both demo choices sat on their grid's edge
        CompareCommand c = picocli.CommandLine.populateCommand(new CompareCommand(), "--out", dir.resolve("unused").toString());
        List<Float> g = c.gridFor(dante.core.train.Method.SGD);
        for (int i = 1; i < g.size(); i++) assertTrue(g.get(i) / g.get(i - 1) <= 3.34f, "neighbouring default rates " + g.get(i - 1) + ", " + g.get(i));
        for (boolean fashion : new boolean[] {true, false}) {
            List<String> a = List.of(DemoCommand.args(fashion, dir));
            assertTrue(a.contains("--extend-grid") && Integer.parseInt(a.get(a.indexOf("--extend-grid") + 1)) >= 1, a.toString());
        }
    }

    @Test
    void completionIsGenerated() {
        Run r = run("generate-completion");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("complete") && r.out().contains("compare"), "a bash completion script");
    }

    @Test
    void infoNamesTheKernelsAndTheCpu() {
        Run r = run("info");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("kernels") && r.out().contains("vector"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("cpu ") && l.length() > 12), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("features ")), r.out());
        if (dante.kernels.Kernels.best().name().equals("panama")) {
            assertTrue(r.out().contains("tuning     GEMM micro-tile") && r.out().contains("KC"), r.out());
            if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/cpuinfo")) && System.getProperty("os.arch").contains("64")
                    && dante.kernels.Kernels.best().vectorBits() == 512) {
                assertTrue(r.out().contains("avx512f"), "512-bit vectors come with AVX-512F: " + r.out());
            }
        }
    }

    @Test
    void evalTakesOnlyTheOptionsThatApplyToIt() {
        Run r = run("eval", "--help");
        assertEquals(0, r.status());
        for (String training : new String[] {"--epochs", "--lr", "--rounds", "-T=", "--momentum", "--iterate", "--batch", "--arch", "--seed="}) {
            assertTrue(!r.out().contains(training), "eval --help lists " + training + ", which does nothing there:\n" + r.out());
        }
        for (String data : new String[] {"--data=", "--data-dir", "--validation", "--split-seed", "--threads", "--model", "--part"}) {
            assertTrue(r.out().contains(data), "eval --help lacks " + data);
        }
        Run bad = run("eval", "--model", dir.resolve("m.safetensors").toString(), "--epochs", "3");
        assertEquals(2, bad.status(), "a training option on eval is refused");
        assertTrue(bad.err().contains("--epochs"), bad.err());
    }

    @Test
    void versionNamesTheJdkAndTheKernels() {
        Run r = run("--version");
        assertEquals(0, r.status());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(0).matches("dante \\d+\\.\\d+\\.\\d+"), lines.get(0));
        assertTrue(lines.get(1).startsWith("JDK " + Runtime.version().feature()), lines.get(1));
        assertTrue(lines.get(2).matches("kernels (panama|scalar), \\d+-bit vectors, \\d+ thread\\(s\\)"), lines.get(2));
    }

    /**
     * --train-loss chooses what train_loss is computed on (issue 27: five passes over 60 000 rows cost as much as two
     * epochs); it changes no weight and no other column, summary.json says which rows, and train's default is a sample.
     */
    @Test
    void theTrainingLossIsRecordedOnTheRowsAskedForAndChangesNothingElse() throws IOException {
        String[] common = {"train", "--data", "teacher", "--method", "sgd", "--lr", "0.05", "--epochs", "2", "--threads", "1"};
        Path full = dir.resolve("full"), sample = dir.resolve("sample"), none = dir.resolve("none"), byDefault = dir.resolve("default");
        assertEquals(0, run(concat(common, "--train-loss", "full", "--out", full.toString())).status());
        assertEquals(0, run(concat(common, "--train-loss", "sample:37", "--out", sample.toString())).status());
        assertEquals(0, run(concat(common, "--train-loss", "none", "--out", none.toString())).status());
        Run d = run(concat(common, "--out", byDefault.toString()));
        assertEquals(0, d.status(), d.err());
        TrainingHistory f = TrainingHistory.read(full.resolve("history.csv")), s = TrainingHistory.read(sample.resolve("history.csv")),
                n = TrainingHistory.read(none.resolve("history.csv"));
        assertEquals(f.size(), s.size());
        boolean anyDiffers = false;
        for (int i = 0; i < f.size(); i++) {
            var a = f.rows().get(i); var b = s.rows().get(i); var c = n.rows().get(i);
            assertEquals(a.testLoss(), b.testLoss(), "row " + i + ": the test loss does not depend on the training record");
            assertEquals(a.validationAccuracy(), c.validationAccuracy(), "row " + i);
            assertTrue(Double.isFinite(b.trainLoss()) && Double.isNaN(c.trainLoss()), "row " + i + ": " + b.trainLoss() + ", " + c.trainLoss());
            anyDiffers |= a.trainLoss() != b.trainLoss();
        }
        assertTrue(anyDiffers, "37 rows of the training set give another mean loss than all of them");
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(full.resolve("model.safetensors")), Files.readAllBytes(sample.resolve("model.safetensors"))),
                "the same weights, bit for bit");
        Map<?, ?> sum = (Map<?, ?>) Json.parse(Files.readString(sample.resolve("summary.json")), "summary.json");
        int size = ((Number) sum.get("train_examples")).intValue();
        assertEquals("37 of the " + size + " training rows, evenly spaced (row ⌊i·" + size + "/37⌋), the same rows at every evaluation", sum.get("train_loss_on"));
        Map<?, ?> def = (Map<?, ?>) Json.parse(Files.readString(byDefault.resolve("summary.json")), "summary.json");
        assertEquals(size < 10000 ? "every training row (" + size + ")" : "10000 of the " + size + " training rows, evenly spaced (row ⌊i·" + size
                + "/10000⌋), the same rows at every evaluation", def.get("train_loss_on"), "train's default is sample:10000");
        assertTrue(d.out().contains("train_loss is computed on"), d.out());
    }

    /**
     * A budget shorter than dante-ae's outside-in schedule (what an equal-time comparison gives
     * it) shortens every phase, so the inner pair trains too; cut at the budget, it never did.
     */
    @Test
    void aBudgetShorterThanTheAutoencoderScheduleReachesEveryPair() throws IOException {
        Path out = dir.resolve("ae-budget");
        Run r = run("train", "--data", "teacher", "--task", "autoencoder", "--method", "dante-ae", "--arch", "20,8,4,8,20", "--rounds", "2", "-T", "1",
                "--lr", "0.05", "--budget-epochs", "1", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<?, ?> sum = (Map<?, ?>) Json.parse(Files.readString(out.resolve("summary.json")), "summary.json");
        assertTrue(((String) sum.get("schedule")).endsWith("every phase cut to 50.0 % of its steps to fit the budget"), (String) sum.get("schedule"));
        assertEquals(sum.get("planned_weights_updated"), sum.get("weights_updated"));
        List<String> layers = TrainingHistory.read(out.resolve("history.csv")).rows().stream().map(HistoryRow::layer).toList();
        assertEquals(List.of("-", "0", "3", "0", "3", "1", "2", "1", "2"), layers, "both pairs, both rounds");
    }

    /** With --epsilon the alternation stops on the recorded training loss, so a resume may not change what it is computed on. */
    @Test
    void aResumeUnderEpsilonKeepsWhatTheTrainingLossIsComputedOn() {
        Path out = dir.resolve("eps");
        String[] common = {"train", "--data", "teacher", "--method", "dante", "--lr", "0.05", "--epsilon", "1e-9", "--threads", "1", "--out", out.toString()};
        assertEquals(0, run(concat(common, "--rounds", "1", "--train-loss", "sample:37")).status());
        Run changed = run(concat(common, "--rounds", "2", "--train-loss", "full", "--resume"));
        assertEquals(2, changed.status(), changed.err());
        assertTrue(changed.err().contains("train_loss = sample:37, but this one has full"), changed.err());
        Run same = run(concat(common, "--rounds", "2", "--train-loss", "sample:37", "--resume"));
        assertEquals(0, same.status(), same.err());
    }

    @Test
    void userErrorsGiveOneLineAndStatus2() {
        String[][] cases = {
                {"train", "--data", "nope", "--out", dir.resolve("a").toString()},
                {"train", "--data", "teacher", "--arch", "20,x,4", "--out", dir.resolve("b").toString()},
                {"train", "--data", "teacher", "--arch", "21,8,4", "--out", dir.resolve("c").toString()},
                {"train", "--data", "fashion-mnist", "--data-dir", dir.resolve("missing").toString(), "--out", dir.resolve("d").toString()},
                {"train", "--data", "teacher", "--method", "gradient-magic", "--out", dir.resolve("e").toString()},
                {"train", "--data", "teacher", "--unknown-flag", "--out", dir.resolve("f").toString()},
                {"train", "--data", "teacher", "--loss", "mse", "--output-activation", "identity", "--method", "sgd", "--lr", "1e7",
                        "--epochs", "3", "--out", dir.resolve("g").toString()},
                {"train", "--data", "teacher", "--threads", "10000", "--out", dir.resolve("h").toString()},
                {"train", "--data", "teacher", "--arch", "20,200000000,4", "--out", dir.resolve("i").toString()},
                {"eval", "--data", "teacher", "--model", dir.toString()},
                {"train", "--data", "teacher", "--lr-schedule", "cosine:2", "--out", dir.resolve("j").toString()},
                {"train", "--data", "teacher", "--iterate", "best-ever", "--out", dir.resolve("k").toString()},
                {"train", "--data", "teacher", "--method", "adam", "--lr", "1e6", "--epochs", "20", "--out", dir.resolve("l").toString()},
                {"train", "--data", "teacher", "--train-loss", "sample:0", "--out", dir.resolve("m").toString()},
                {"compare", "--data", "teacher", "--methods", "dante,sgd", "--contrast", "dante:adam", "--out", dir.resolve("n").toString()},
                {"compare", "--data", "teacher", "--methods", "dante,sgd", "--contrast", "dante-sgd", "--out", dir.resolve("o").toString()},
        };
        String[] expect = {"--data: expected fashion-mnist, mnist, kmnist, cifar-10, svhn, tiny-imagenet, teacher", "--arch: expected comma-separated", "the input size is 21",
                "Fashion-MNIST not found: looked in", "method 'gradient-magic'", "Unknown option", "training diverged",
                "--threads: expected 1..", "a layer holds at most", "not a regular file", "the floor must be in [0, 1]", "iterate rule 'best-ever'",
                "training diverged", "--train-loss: expected full, sample:N (N ≥ 1 rows) or none, found 'sample:0'",
                "--contrast dante:adam: adam is not among --methods dante,sgd", "--contrast: expected [NAME=]A:B with two compared methods, found 'dante-sgd'"};
        for (int i = 0; i < cases.length; i++) {
            Run r = run(cases[i]);
            assertEquals(2, r.status(), String.join(" ", cases[i]) + "\n" + r.err());
            String[] lines = r.err().strip().split("\n");
            assertEquals(1, lines.length, "one line: " + r.err());
            assertTrue(lines[0].startsWith("dante: ") && lines[0].contains(expect[i]), lines[0]);
        }
        assertTrue(Files.exists(dir.resolve("g/history.csv")), "what was written before the divergence is kept");
    }

    @Test
    void aBatchLargerThanTheDataIsOneFullBatchNotAnOutOfMemoryError() {
        Path out = dir.resolve("fullbatch");
        Run r = run("train", "--data", "teacher", "--method", "sgd", "--lr", "0.1", "--batch", "100000000", "--epochs", "2", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        TrainingHistory h = TrainingHistory.read(out.resolve("history.csv"));
        try (var m = SafeTensors.load(out.resolve("model.safetensors")).network()) {
            assertEquals(2 * m.parameterCount(), h.last().weightsUpdated(), "one step per epoch");
        }
    }

    @Test
    void aPipeGivenAsAModelFailsAtOnce() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("mkfifo is not available here");
            return;
        }
        assertEquals(0, p.waitFor());
        Run r = run("eval", "--data", "teacher", "--model", fifo.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("not a regular file"), r.err());
    }

    @Test
    void axisNumbersReadAsPeopleWriteThemAndParseBack() throws Exception {
        Plots.Readable counts = new Plots.Readable(false), secs = new Plots.Readable(true);
        assertEquals("50 M", counts.format(50_000_000.0));
        assertEquals("1.5 G", counts.format(1.5e9));
        assertEquals("0", counts.format(0.0));
        assertEquals("0.5 s", secs.format(0.5));
        assertEquals("2 min", secs.format(120.0));
        assertEquals(50_000_000.0, counts.parse("50 M").doubleValue(), 1e-6);
        assertEquals(90.0, secs.parse("1.5 min").doubleValue(), 1e-9);
        assertEquals(null, counts.parse("fifty", new java.text.ParsePosition(0)));
    }
}
