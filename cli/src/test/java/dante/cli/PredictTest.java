package dante.cli;

import static dante.cli.CommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dante.core.data.Dataset;
import dante.core.model.SafeTensors;
import dante.core.train.TrainingHistory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dante predict reads new rows the way the model's training data was read, and says so when it cannot. */
class PredictTest {
    @TempDir Path dir;

    Path flowers(String name, long seed, int rows) throws IOException {
        return new FileDataTest() {{ this.dir = PredictTest.this.dir; }}.flowers(name, rows, seed, true, "setosa", "versicolor", "virginica");
    }

    static List<String[]> csv(String text) {
        List<String[]> out = new ArrayList<>();
        for (String line : text.strip().split("\n")) out.add(line.split(","));
        return out;
    }

    @Test
    void predictionsOnTheTestFileGiveTheTestAccuracyOfTraining() throws IOException {
        Path train = flowers("train.csv", 1, 240), test = flowers("test.csv", 2, 90);
        Path runDir = dir.resolve("run");
        TrainingHistory h = FileDataTest.trained(runDir, "--data", "csv:" + train, "--test", "csv:" + test, "--categorical", "color", "--lr", "0.1", "--epochs", "8");
        CommandsTest.Run r = run("predict", "--model", runDir.toString(), "--data", "csv:" + test);
        assertEquals(0, r.status(), r.err());
        List<String[]> rows = csv(r.out());
        assertEquals("row,predicted,p_setosa,p_versicolor,p_virginica", String.join(",", rows.get(0)));
        List<String> truth = Files.readAllLines(test).subList(1, 91).stream().map(l -> l.substring(l.lastIndexOf(',') + 1)).toList();
        assertEquals(90, rows.size() - 1, "one line per row, in order");
        int right = 0;
        for (int i = 0; i < 90; i++) {
            assertEquals(String.valueOf(i + 1), rows.get(i + 1)[0]);
            if (rows.get(i + 1)[1].equals(truth.get(i))) right++;
            double sum = 0;
            for (int j = 2; j < 5; j++) sum += Double.parseDouble(rows.get(i + 1)[j]);
            assertEquals(1.0, sum, 1e-5, "softmax probabilities sum to one");
        }
        assertEquals(h.last().testAccuracy(), right / 90.0, 1e-12, "the same rows, encoding, scaling and weights as the test evaluation");

        // the same rows with the columns reordered and no target column: the same predictions
        StringBuilder b = new StringBuilder("color,width,length\n");
        for (String line : Files.readAllLines(test).subList(1, 91)) {
            String[] f = line.split(",");
            b.append(f[2]).append(',').append(f[1]).append(',').append(f[0]).append('\n');
        }
        Path reordered = Files.writeString(dir.resolve("new.csv"), b);
        Path outFile = dir.resolve("predictions.csv");
        CommandsTest.Run again = run("predict", "--model", runDir.resolve("model.safetensors").toString(), "--data", "csv:" + reordered, "--out", outFile.toString());
        assertEquals(0, again.status(), again.err());
        assertEquals(r.out().strip(), Files.readString(outFile).strip(), "columns are found by name; the target may be missing");
    }

    @Test
    void regressionWithoutAHeaderTakesRowsWithOrWithoutTheTarget() throws IOException {
        Random rnd = new Random(3);
        StringBuilder with = new StringBuilder(), without = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            double x = rnd.nextDouble(), y = rnd.nextDouble();
            with.append(String.format(java.util.Locale.ROOT, "%.4f\t%.4f\t%.4f%n", x, 2 * x - y, y));
            without.append(String.format(java.util.Locale.ROOT, "%.4f\t%.4f%n", x, y));
        }
        Path data = Files.writeString(dir.resolve("d.tsv"), with);
        FileDataTest.trained(dir.resolve("run"), "--data", "tsv:" + data, "--target", "1", "--lr", "0.05", "--epochs", "3");
        CommandsTest.Run a = run("predict", "--model", dir.resolve("run").toString(), "--data", "tsv:" + data);
        CommandsTest.Run b = run("predict", "--model", dir.resolve("run").toString(), "--data", "tsv:" + Files.writeString(dir.resolve("x.tsv"), without));
        assertEquals(0, a.status(), a.err());
        assertEquals(0, b.status(), b.err());
        assertTrue(a.out().startsWith("row,1\n"), "a regression output is named after the target column: " + a.out().lines().findFirst().orElse(""));
        assertEquals(a.out(), b.out(), "the target column (index 1) is skipped when present");
        assertEquals(201, a.out().lines().count());
    }

    @Test
    void scaledTargetsAreTrainedOnAndPredictedInTheFilesOwnUnits() throws IOException {
        Random rnd = new Random(5);
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int i = 0; i < 300; i++) {
            double x = rnd.nextDouble();
            sb.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f%n", x, 1000 + 50 * x));
        }
        Path data = Files.writeString(dir.resolve("big.csv"), sb);
        TrainingHistory h = FileDataTest.trained(dir.resolve("run"), "--data", "csv:" + data, "--target-scale", "standardize", "--lr", "0.05", "--epochs", "20");
        assertTrue(h.last().testLoss() < 0.2, "trained on standardized targets, the loss is in those units: " + h.last().testLoss());
        String meta = SafeTensors.load(dir.resolve("run").resolve("model.safetensors")).metadata().get(InputEncoding.KEY);
        assertTrue(meta.contains("\"target_scaling\":{"), meta);
        CommandsTest.Run p = run("predict", "--model", dir.resolve("run").toString(), "--data", "csv:" + data);
        assertEquals(0, p.status(), p.err());
        List<String[]> rows = csv(p.out());
        double err = 0;
        for (int i = 1; i < rows.size(); i++) err += Math.abs(Double.parseDouble(rows.get(i)[1]) - (1000 + 50 * Double.parseDouble(sb.toString().lines().skip(i).findFirst().orElseThrow().split(",")[0])));
        assertTrue(err / (rows.size() - 1) < 5, "predictions are in the file's units (around 1000 to 1050), mean error " + err / (rows.size() - 1));
        CommandsTest.Run bad = run("train", "--data", "csv:" + data, "--target-scale", "cube", "--out", dir.resolve("bad").toString());
        assertEquals(2, bad.status());
        assertEquals("dante: --target-scale: expected none, standardize, minmax, log1p+standardize or log1p+minmax, found 'cube'", bad.err().strip());
    }

    @Test
    void anIdxModelPredictsTheTestImages() throws IOException {
        Path d = FileDataTest.digits(dir.resolve("digits"));
        List<Integer> truth = FileDataTest.labels(d.resolve("t10k-labels-idx1-ubyte"));
        TrainingHistory h = FileDataTest.trained(dir.resolve("run"), "--data", "idx:" + d, "--lr", "0.2", "--epochs", "10");
        CommandsTest.Run p = run("predict", "--model", dir.resolve("run").toString(), "--data", "idx:" + d);
        assertEquals(0, p.status(), p.err());
        List<String[]> rows = csv(p.out());
        int right = 0;
        for (int i = 0; i < 40; i++) if (rows.get(i + 1)[1].equals(String.valueOf(truth.get(i)))) right++;
        assertEquals(h.last().testAccuracy(), right / 40.0, 1e-12);
    }

    @Test
    void aModelTrainedOnFashionMnistPredictsIdxImagesAsItWasTested() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dante.datasets.FashionMnist.installed() || System.getenv("CI") != null,
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        TrainingHistory h = FileDataTest.trained(dir.resolve("fm"), "--data", "fashion-mnist", "--train-limit", "600", "--test-limit", "300", "--epochs", "1",
                "--validation", "0", "--lr", "0.05");
        Path out = dir.resolve("fm.csv");
        CommandsTest.Run r = run("predict", "--model", dir.resolve("fm").toString(), "--data", "idx:" + dante.datasets.FashionMnist.defaultDir(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(10_001, lines.size(), "a header and one row per t10k image");
        assertTrue(lines.get(0).startsWith("row,predicted,p_0,"), lines.get(0));
        int right = 0;
        try (var test = dante.datasets.FashionMnist.load(null, false)) {
            for (int i = 0; i < 300; i++) if (lines.get(i + 1).split(",")[1].equals(String.valueOf(test.labels()[i]))) right++;
        }
        assertEquals(h.last().testAccuracy(), right / 300.0, 1e-12, "the first 300 predictions are the run's test set");
    }

    /**
     * A model trained on one of the paper's small sets predicts rows of that set's own file
     * format: for each set, the predictions for its file (svmguide4's and USPS's test file, the
     * UCI sets' first file) equal the saved network run here on the rows PaperData reads,
     * scaled by a standardization fitted here on the run's 80/20 training part (split seed 1),
     * not read from the model: the classes and probabilities, or the regression outputs in the
     * file's units (the targets standardized for training, that scaling also fitted here).
     */
    @Test
    void modelsTrainedOnThePaperSetsPredictRowsOfTheirFilesFormat() throws IOException {
        Path shared = Path.of("..", "..", "shared", "datasets");
        for (dante.datasets.PaperData.Name n : dante.datasets.PaperData.Name.values()) {
            boolean bundled = dante.datasets.PaperData.bundled(n), split = dante.datasets.PaperData.hasStandardSplit(n);
            if (!bundled && !Files.isDirectory(shared) && System.getenv("CI") == null) continue;   // svmguide4 and usps need shared/datasets beside the checkout
            Path dataDir = bundled ? null : shared;
            Path run = dir.resolve(n.id());
            List<String> args = new ArrayList<>(List.of("--data", n.id(), "--epochs", "1", "--lr", "0.01", "--validation", "0.1"));
            if (!bundled) args.addAll(List.of("--data-dir", shared.toString()));
            dante.datasets.DelimitedText.Table table = dante.datasets.PaperData.table(dataDir, n);
            boolean regression = table.classes() == null;
            if (regression) args.addAll(List.of("--target-scale", "standardize"));   // airfoil's decibels diverge unscaled at this rate
            TrainingHistory h = FileDataTest.trained(run, args.toArray(String[]::new));

            Path file = dante.datasets.PaperData.files(dataDir, n).get(split ? 1 : 0);
            var options = dante.datasets.PaperData.textOptions(n);
            String kind = options == null ? "libsvm" : options.delimiter() == ',' ? "csv" : "txt";
            Path out = dir.resolve(n.id() + ".csv");
            CommandsTest.Run r = run("predict", "--model", run.toString(), "--data", kind + ":" + file, "--out", out.toString());
            assertEquals(0, r.status(), n.id() + ": " + r.err());
            List<String[]> rows = csv(Files.readString(out));
            int k = rows.size() - 1;

            try (var model = SafeTensors.load(run.resolve("model.safetensors")).network();
                 var all = split ? dante.datasets.PaperData.load(dataDir, n, false) : dante.datasets.PaperData.load(dataDir, n);
                 var mine = all.slice(n.id() + " (the file's rows)", 0, k);
                 var ws = new dante.core.nn.Workspace(model, k);
                 var kernels = dante.kernels.Kernels.scalar(1)) {
                dante.datasets.TargetScaling targets = null;
                if (!split) {
                    Dataset[] parts = dante.datasets.Splits.trainTest(all, 0.2, 1);
                    try (Dataset trainPart = parts[0]; Dataset testPart = parts[1]) {
                        dante.datasets.Preprocessing.standardize(trainPart).apply(mine);
                        if (regression) targets = dante.datasets.TargetScaling.fit("standardize", trainPart);
                    }
                }
                var y = ws.forward(kernels, mine.features(), 0);
                int right = 0;
                for (int i = 0; i < k; i++) {
                    String[] row = rows.get(i + 1);
                    assertEquals(String.valueOf(i + 1), row[0], n.id());
                    int first = 1;
                    if (mine.isClassification()) {
                        int best = 0;
                        for (int c = 1; c < y.cols(); c++) if (y.get(i, c) > y.get(i, best)) best = c;
                        assertEquals(table.classes()[best], row[1], n.id() + " row " + (i + 1));
                        if (best == mine.labels()[i]) right++;
                        first = 2;
                    }
                    for (int c = 0; c < y.cols(); c++) {
                        double want = targets == null ? y.get(i, c) : (float) targets.invert(y.get(i, c)), got = Double.parseDouble(row[first + c]);
                        assertEquals(want, got, 1e-5 * Math.max(1, Math.abs(want)), n.id() + " row " + (i + 1) + " output " + c);
                    }
                }
                if (split) assertEquals(h.last().testAccuracy(), right / (double) k, 1e-12, n.id() + ": predictions on the test file give the run's test accuracy");
            }
        }
    }

    @Test
    void whatPredictCannotDoIsSaidInOneLine() throws IOException {
        Path train = flowers("train.csv", 1, 120);
        FileDataTest.trained(dir.resolve("run"), "--data", "csv:" + train, "--categorical", "color", "--epochs", "1");
        FileDataTest.trained(dir.resolve("builtin"), "--data", "teacher", "--epochs", "1");
        Path noLength = Files.writeString(dir.resolve("n.csv"), "width,color\n1.0,red\n");
        Path badMeta = dir.resolve("bad.safetensors"), fewClasses = dir.resolve("few.safetensors");
        try (var net = dante.core.model.SafeTensors.load(dir.resolve("run").resolve("model.safetensors")).network()) {
            dante.core.model.SafeTensors.save(net, badMeta, java.util.Map.of(InputEncoding.KEY, "{\"format\":\"text\",\"features\":[\"length\"]}"));
            dante.core.model.SafeTensors.save(net, fewClasses, java.util.Map.of(InputEncoding.KEY, "{\"format\":\"text\",\"header\":true,\"columns\":[\"length\",\"width\",\"color\",\"species\"],"
                    + "\"target\":\"species\",\"features\":[\"length\",\"width\",\"color=blue\",\"color=red\"],\"classes\":[\"setosa\"]}"));
        }
        String[][] cases = {
                {"--model", dir.resolve("builtin").toString(), "--data", "csv:" + train, "carries no input encoding"},
                {"--model", dir.resolve("run").toString(), "--data", "csv:" + noLength, "no column 'length'"},
                {"--model", dir.resolve("run").toString(), "--data", "idx:" + dir, "trained on text data"},
                {"--model", dir.resolve("nothing").toString(), "--data", "csv:" + train, "no model file"},
                {"--model", dir.resolve("run").toString(), "--data", "csv:" + train, "--threads", "100000", "--threads: expected 1.."},
                {"--model", badMeta.toString(), "--data", "csv:" + train, "metadata is malformed"},
                {"--model", fewClasses.toString(), "--data", "csv:" + train, "names 1 classes"},
        };
        for (String[] c : cases) {
            CommandsTest.Run r = run(CommandsTest.concat(new String[] {"predict"}, java.util.Arrays.copyOf(c, c.length - 1)));
            assertEquals(2, r.status(), String.join(" ", c) + ": " + r.out() + r.err());
            List<String> lines = r.err().lines().filter(l -> !l.startsWith("WARNING")).toList();
            assertEquals(1, lines.size(), r.err());
            assertTrue(lines.get(0).contains(c[c.length - 1]), lines.get(0));
        }
    }
}
