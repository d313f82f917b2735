package dante.cli;

import static dante.cli.CommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import dante.core.model.SafeTensors;
import dante.core.train.HistoryRow;
import dante.core.train.TrainingHistory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's own data by path: csv/tsv/txt, libsvm and idx, with a test file or a seeded split, and one-line errors. */
class FileDataTest {
    @TempDir Path dir;

    FileDataTest() {}

    /** 300 rows: two numeric columns that separate three named classes, and a text column of noise. */
    Path flowers(String name, int rows, long seed, boolean header, String... classes) throws IOException {
        return flowersWithout(null, name, rows, seed, header, classes);
    }

    /** As above, leaving out the rows of class {@code skip} (its features stay where they are for the others). */
    Path flowersWithout(String skip, String name, int rows, long seed, boolean header, String... classes) throws IOException {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder(header ? "length,width,color,species\n" : "");
        for (int i = 0; i < rows; i++) {
            int c = r.nextInt(classes.length);
            if (classes[c].equals(skip)) continue;
            b.append(String.format(java.util.Locale.ROOT, "%.3f,%.3f,%s,%s%n", 2 * c + r.nextGaussian() * 0.4, -2 * c + r.nextGaussian() * 0.4,
                    r.nextBoolean() ? "red" : "blue", classes[c]));
        }
        return Files.writeString(dir.resolve(name), b);
    }

    static TrainingHistory trained(Path out, String... args) throws IOException {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--method", "sgd", "--threads", "1", "--out", out.toString()}, 0, all, args.length, 6);
        CommandsTest.Run r = run(CommandsTest.concat(new String[] {"train"}, all));
        assertEquals(0, r.status(), r.err());
        return TrainingHistory.read(out.resolve("history.csv"));
    }

    @Test
    void aCsvWithAHeaderTextClassesAndACategoricalColumnTrains() throws IOException {
        Path csv = flowers("flowers.csv", 300, 1, true, "setosa", "versicolor", "virginica");
        TrainingHistory h = trained(dir.resolve("run"), "--data", "csv:" + csv, "--categorical", "color", "--lr", "0.1", "--epochs", "15");
        HistoryRow last = h.last();
        assertTrue(last.testAccuracy() > 0.9, "three separable classes: test accuracy " + last.testAccuracy());
        assertTrue(last.validationAccuracy() > 0.8, "validation " + last.validationAccuracy());
        try (var net = SafeTensors.load(dir.resolve("run").resolve("model.safetensors")).network()) {
            assertEquals("4,32,3", net.sizes(), "length, width, color=blue, color=red; three classes");
        }
    }

    @Test
    void aTestFileLackingAClassKeepsTheTrainingNumbering() throws IOException {
        Path train = flowers("train.csv", 240, 2, true, "a", "b", "c");
        Path test = flowersWithout("b", "test.csv", 90, 3, true, "a", "b", "c");
        TrainingHistory h = trained(dir.resolve("run"), "--data", "csv:" + train, "--test", "csv:" + test, "--drop", "color", "--lr", "0.1", "--epochs", "15");
        assertTrue(h.last().testAccuracy() > 0.9, "class c is class 2 in both files: " + h.last().testAccuracy());
    }

    @Test
    void aNumericTargetWithManyValuesIsRegressionWithMse() throws IOException {
        Random r = new Random(4);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            double x = r.nextDouble(), y = r.nextDouble();
            b.append(String.format(java.util.Locale.ROOT, "%.4f\t%.4f\t%.4f%n", x, y, 3 * x - 2 * y));
        }
        Path tsv = Files.writeString(dir.resolve("plane.tsv"), b);
        TrainingHistory h = trained(dir.resolve("run"), "--data", "tsv:" + tsv, "--lr", "0.05", "--epochs", "10", "--activation", "relu", "--output-activation", "identity");
        assertTrue(Double.isNaN(h.last().testAccuracy()), "regression has no accuracy");
        assertTrue(h.last().trainLoss() < h.rows().get(0).trainLoss(), "the MSE falls");
    }

    @Test
    void libsvmAndWhitespaceTextLoad() throws IOException {
        Random r = new Random(5);
        StringBuilder svm = new StringBuilder(), txt = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            int c = r.nextInt(2);
            double a = c + r.nextGaussian() * 0.3, z = r.nextGaussian();
            svm.append(c == 0 ? "-1" : "+1").append(" 1:").append(a).append(" 3:").append(z).append('\n');
            txt.append(a).append("   ").append(z).append(' ').append(c).append('\n');
        }
        TrainingHistory h = trained(dir.resolve("svm"), "--data", "libsvm:" + Files.writeString(dir.resolve("d.svm"), svm), "--lr", "0.1", "--epochs", "10");
        assertTrue(h.last().testAccuracy() > 0.8, "libsvm: " + h.last().testAccuracy());
        h = trained(dir.resolve("txt"), "--data", "txt:" + Files.writeString(dir.resolve("d.txt"), txt), "--lr", "0.1", "--epochs", "10");
        assertTrue(h.last().testAccuracy() > 0.8, "whitespace text: " + h.last().testAccuracy());
    }

    @Test
    void anIdxDirectoryLoadsWithItsOwnClassCount() throws IOException {
        Path d = digits(dir.resolve("digits"));
        TrainingHistory h = trained(dir.resolve("run"), "--data", "idx:" + d, "--lr", "0.2", "--epochs", "20");
        assertTrue(h.last().testAccuracy() > 0.9, "idx: " + h.last().testAccuracy());
        try (var net = SafeTensors.load(dir.resolve("run").resolve("model.safetensors")).network()) {
            assertEquals("16,32,3", net.sizes(), "three classes from the labels, not ten");
        }
    }

    /** An MNIST-style directory of 4×4 images in three classes (120 training, 40 test); returns the test labels. */
    static Path digits(Path d) throws IOException {
        Files.createDirectories(d);
        Random r = new Random(6);
        for (String part : new String[] {"train", "t10k"}) {
            int n = part.equals("train") ? 120 : 40;
            byte[] labels = new byte[n], px = new byte[n * 16];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) r.nextInt(3);
                for (int j = 0; j < 16; j++) px[i * 16 + j] = (byte) (j / 6 == labels[i] ? 200 + r.nextInt(50) : r.nextInt(40));
            }
            write(d.resolve(part + "-images-idx3-ubyte"), new int[] {n, 4, 4}, px);
            write(d.resolve(part + "-labels-idx1-ubyte"), new int[] {n}, labels);
        }
        return d;
    }

    /** The labels of an IDX label file. */
    static List<Integer> labels(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 8; i < b.length; i++) out.add(b[i] & 0xff);
        return out;
    }

    static void write(Path f, int[] dims, byte[] data) throws IOException {
        try (OutputStream o = Files.newOutputStream(f)) {
            o.write(new byte[] {0, 0, 8, (byte) dims.length});
            for (int v : dims) o.write(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
            o.write(data);
        }
    }

    @Test
    void badSpecsGiveOneLineNamingTheOption() throws IOException {
        Path csv = flowers("f.csv", 50, 7, true, "x", "y");
        String[][] cases = {
                {"--data", "csv:" + dir.resolve("missing.csv"), "no such file"},
                {"--data", "csv:" + csv, "--test", "tsv:" + csv, "--test: expected csv:PATH"},
                {"--data", "csv:" + csv, "--target", "nope", "no column 'nope'"},
                {"--data", "csv:" + csv, "--delimiter", "ab", "--delimiter: expected one character"},
                {"--data", "teacher", "--scale", "minmax", "--scale applies to data given by path"},
                {"--data", "csv:" + csv, "column color: expected a number, found"},
                {"--data", "csv:" + csv, "--categorical", "color", "--task", "regress", "column species: expected a number"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOf(c, c.length - 1);
            CommandsTest.Run r = run(CommandsTest.concat(CommandsTest.concat(new String[] {"train"}, args), "--epochs", "1", "--out", dir.resolve("bad").toString()));
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            List<String> lines = r.err().lines().filter(l -> !l.startsWith("WARNING")).toList();
            assertEquals(1, lines.size(), r.err());
            assertTrue(lines.get(0).contains(c[c.length - 1]), lines.get(0));
        }
        assertTrue(run("train", "--data", "csv:" + csv, "--epochs", "1", "--out", dir.resolve("hint").toString()).err().contains("--categorical"),
                "a text column that is not the target points at --categorical");
    }

    @Test
    void theBundledUciSetsTrainWithoutADataDirectory() throws IOException {
        TrainingHistory h = trained(dir.resolve("airfoil"), "--data", "airfoil", "--lr", "0.001", "--epochs", "2", "--output-activation", "identity");   // targets in dB, unscaled
        assertTrue(Double.isNaN(h.last().testAccuracy()) && Double.isFinite(h.last().testLoss()), "airfoil is regression, with MSE by default");
        h = trained(dir.resolve("ionosphere"), "--data", "ionosphere", "--lr", "0.1", "--epochs", "5");
        assertTrue(h.last().testAccuracy() > 0.7, "ionosphere: " + h.last().testAccuracy());
    }

    @Test
    void headerAndDelimiterAreDetected() {
        assertEquals(',', FileData.delimiter("csv", null, "a;b,c"), "csv means comma");
        assertEquals(';', FileData.delimiter("data", null, "1;2;3,5"), "the most frequent of , ; tab");
        assertEquals('\t', FileData.delimiter("tsv", null, "1,2"));
        assertEquals((char) 0, FileData.delimiter("txt", null, "1 2"));
        assertEquals('|', FileData.delimiter("csv", "|", "1|2"));
        assertTrue(FileData.header(null, List.of("x,y,label", "1,2,a"), ','), "names above numbers");
        assertTrue(!FileData.header(null, List.of("1,2,a", "3,4,b"), ','), "numbers above numbers: data");
        assertTrue(!FileData.header("no", List.of("x,y", "1,2"), ','));
        assertTrue(FileData.header("yes", List.of("1,2", "3,4"), ','));
    }
}
