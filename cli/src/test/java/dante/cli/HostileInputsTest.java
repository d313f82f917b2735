package dante.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input that lies, tried through the commands: each case once ran out of memory, ran for minutes, trained on the
 * wrong numbers without a word, or ended in a stack trace or an unclear line. Each failed before its fix; now each is
 * refused in one line naming the file or option (or, where the input is fine, gives the right result).
 */
class HostileInputsTest {
    @TempDir Path dir;

    private static CommandsTest.Run run(String... args) { return CommandsTest.run(args); }

    private CommandsTest.Run train(String data, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data, "--method", "sgd", "--lr", "0.1", "--epochs", "1", "--threads", "1",
                "--out", dir.resolve("run-" + Math.abs((data + String.join(" ", more)).hashCode())).toString()));
        a.addAll(List.of(more));
        return run(a.toArray(String[]::new));
    }

    private static void oneLine(CommandsTest.Run r, String expected) {
        assertEquals(2, r.status(), r.err() + r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    private Path csv(String name, String text) throws IOException { return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8); }

    /** Rows a, b → class yes/no, with extra text per line. */
    private static String rows(String header, String suffix, int n) {
        StringBuilder sb = new StringBuilder(header == null ? "" : header + "\n");
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian(), b = r.nextGaussian();
            sb.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%s%s%n", a, b, a + b > 0 ? "yes" : "no", suffix));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- memory before validation

    @Test
    void aSparseThreeGigabyteManifestIsNotRead() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        try (RandomAccessFile f = new RandomAccessFile(out.resolve(RunDirectory.MANIFEST).toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        CommandsTest.Run fresh = run("train", "--data", "teacher", "--method", "sgd", "--epochs", "1", "--out", out.toString());
        assertEquals(0, fresh.status(), fresh.err());
        try (RandomAccessFile f = new RandomAccessFile(out.resolve(RunDirectory.MANIFEST).toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        oneLine(run("train", "--data", "teacher", "--method", "sgd", "--epochs", "2", "--out", out.toString(), "--resume"), "not a dante checkpoint manifest");
    }

    @Test
    void endlessOrHugeTextIsRefusedNotRead() throws IOException {
        oneLine(train("csv:/dev/zero"), "not a regular file");
        oneLine(train("csv:" + dir), "is a directory");
        // predict on an endless device
        Path data = csv("rows.csv", rows("a,b,y", "", 120));
        assertEquals(0, train("csv:" + data).status());
        Path model = dir.resolve("run-" + Math.abs(("csv:" + data).hashCode()));
        oneLine(run("predict", "--model", model.toString(), "--data", "csv:/dev/zero"), "not a regular file");
    }

    // ---------------------------------------------------------------- unbounded work

    @Test
    void aThirtyThousandLayerTitleIsDrawnAtOnce() {
        String title = "x".repeat(200_000);
        List<Plots.Line> lines = List.of();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Plots.write(dir, "plot", title, lines));
        assertTrue(Files.exists(dir.resolve("plot.png")));
    }

    @Test
    void anEncodingWithAMillionColumnsResolvesInLinearTime() {
        int n = 200_000;
        List<String> columns = new ArrayList<>(n + 1), features = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            columns.add("c" + i);
            features.add("c" + (n - 1 - i));                // the worst order for a list search
        }
        columns.add("y");
        InputEncoding enc = new InputEncoding("text", ',', true, columns, "y", features, List.of("a", "b"), null, null, -1, null);
        InputEncoding.Features f = assertTimeoutPreemptively(Duration.ofSeconds(20), enc::resolveFeatures);
        assertTrue(f.uses(0) && f.uses(n - 1));
    }

    @Test
    void aDeeplyNestedScheduleIsOneLine() {
        String spec = "warmup:1s+".repeat(13_000) + "constant";
        oneLine(run("train", "--data", "teacher", "--lr-schedule", spec, "--out", dir.resolve("x").toString()), "at most 1000 characters");
    }

    // ---------------------------------------------------------------- silently wrong results

    @Test
    void repeatedColumnNamesAreRefused() throws IOException {
        Path data = csv("dup.csv", rows("a,a,y", "", 60));
        oneLine(train("csv:" + data), "both named 'a'");
    }

    @Test
    void aColumnNamedLikeAOneHotLevelIsRefused() throws IOException {
        StringBuilder sb = new StringBuilder("color,color=red,y\n");
        for (int i = 0; i < 60; i++) sb.append(i % 2 == 0 ? "red" : "blue").append(',').append(i % 3).append(',').append(i % 2 == 0 ? "p" : "q").append('\n');
        Path data = csv("onehot.csv", sb.toString());
        oneLine(train("csv:" + data, "--categorical", "color"), "two features are named 'color=red'");
    }

    @Test
    void aTrailingDelimiterOnEveryLineIsRefusedWithTheReason() throws IOException {
        Path headerless = csv("trailing.csv", rows(null, ",", 60));
        oneLine(train("csv:" + headerless, "--header", "no"), "a delimiter at the end of every line");
        Path withHeader = csv("trailing-h.csv", rows("a,b,y,", ",", 60));
        oneLine(train("csv:" + withHeader), "has no name (a delimiter at the end of the line?)");
    }

    @Test
    void resumeRefusesAChangedReading() throws IOException {
        Path data = csv("rows.csv", rows("a,b,y", "", 120));
        Path out = dir.resolve("resumed");
        assertEquals(0, run("train", "--data", "csv:" + data, "--method", "sgd", "--epochs", "1", "--out", out.toString()).status());
        for (String[] change : new String[][] {{"--scale", "minmax"}, {"--drop", "b"}}) {
            List<String> a = new ArrayList<>(List.of("train", "--data", "csv:" + data, "--method", "sgd", "--epochs", "2", "--out", out.toString(), "--resume"));
            a.addAll(List.of(change));
            oneLine(run(a.toArray(String[]::new)), "was made with " + (change[0].equals("--scale") ? "scale" : "drop"));
        }
    }

    @Test
    void aManifestWhoseEpochsDisagreeWithItsHistoryIsRefused() throws IOException {
        Path out = dir.resolve("run");
        assertEquals(0, run("train", "--data", "teacher", "--method", "sgd", "--epochs", "2", "--out", out.toString()).status());
        Path m = out.resolve(RunDirectory.MANIFEST);
        Files.writeString(m, Files.readString(m).replaceFirst("\"epochs\": ?2", "\"epochs\": 1"));
        oneLine(run("train", "--data", "teacher", "--method", "sgd", "--epochs", "3", "--out", out.toString(), "--resume"), "the checkpoint is inconsistent");
    }

    @Test
    void aOneClassTrainingFileIsRefusedBeforeTraining() throws IOException {
        StringBuilder sb = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 40; i++) sb.append(i).append(',').append(i * 2).append(",only\n");
        oneLine(train("csv:" + csv("one.csv", sb.toString()), "--task", "classify"), "holds one class only");
    }

    @Test
    void aColumnWithATinySpreadIsNotScaledByInfinity() throws IOException {
        StringBuilder sb = new StringBuilder("a,tiny,y\n");
        for (int i = 0; i < 80; i++) sb.append(i % 7).append(',').append(i % 2 == 0 ? "0" : "1e-40").append(',').append(i % 2 == 0 ? "p" : "q").append('\n');
        Path out = dir.resolve("tiny");
        CommandsTest.Run r = run("train", "--data", "csv:" + csv("tiny.csv", sb.toString()), "--method", "sgd", "--epochs", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        String meta = dante.core.model.SafeTensors.load(out.resolve("model.safetensors")).metadata().get(InputEncoding.KEY);
        assertFalse(meta.contains("Infinity") || meta.contains("NaN"), meta);
    }

    @Test
    void aStepScheduleWithATinyPeriodAndGammaOneDoesNotDiverge() {
        CommandsTest.Run r = run("train", "--data", "teacher", "--method", "sgd", "--epochs", "1", "--lr-schedule", "step:1:1e-320s", "--out", dir.resolve("s").toString());
        assertEquals(0, r.status(), r.err());
    }

    // ---------------------------------------------------------------- clear lines

    @Test
    void textFilesThatAreNotPlainUtf8RowsGetALineThatSaysWhy() throws IOException {
        Path bom = Files.write(dir.resolve("bom.csv"), ("\uFEFF" + rows(null, "", 60)).getBytes(StandardCharsets.UTF_8));
        assertEquals(0, train("csv:" + bom, "--header", "no").status(), "a UTF-8 byte order mark is dropped");
        Path utf16 = Files.write(dir.resolve("utf16.csv"), rows("a,b,y", "", 30).getBytes(StandardCharsets.UTF_16));
        oneLine(train("csv:" + utf16), "is UTF-16 text");
        Path utf16le = Files.write(dir.resolve("utf16le.csv"), rows("a,b,y", "", 30).getBytes(StandardCharsets.UTF_16LE));
        oneLine(train("csv:" + utf16le), "NUL bytes");
        oneLine(train("csv:" + csv("header-only.csv", "a,b,y\n")), "only a header line");
        Path decimalCommas = csv("semicolons.csv", "a;b;y\n1,5;2,5;p\n0,5;1,0;q\n1,0;2,0;p\n");
        oneLine(train("csv:" + decimalCommas), "a decimal comma?");
    }

    @Test
    void composedAndDecomposedColumnNamesAreTheSameColumn() throws IOException {
        String nfc = "caf\u00e9", nfd = "cafe\u0301";
        Path trainFile = csv("nfc.csv", rows(nfc + ",b,y", "", 120));
        Path out = dir.resolve("nfc-run");
        assertEquals(0, run("train", "--data", "csv:" + trainFile, "--method", "sgd", "--epochs", "1", "--out", out.toString()).status());
        Path newRows = csv("nfd.csv", rows(nfd + ",b,y", "", 10));
        CommandsTest.Run p = run("predict", "--model", out.toString(), "--data", "csv:" + newRows);
        assertEquals(0, p.status(), p.err());
        assertEquals(10, p.out().strip().lines().count() - 1, p.out());
    }

    @Test
    void aModelEncodingWithAnEmptyDelimiterIsOneLine() {
        String json = "{\"format\": \"text\", \"delimiter\": \"\", \"header\": true, \"columns\": [\"a\", \"y\"], \"target\": \"y\", \"features\": [\"a\"], \"classes\": [\"p\", \"q\"]}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputEncoding.parse(json, "m.safetensors"));
        assertTrue(e.getMessage().contains("delimiter"), e.getMessage());
    }

    @Test
    void aFullDiskSaysSo() {
        String line = UserErrors.oneLine(new java.io.UncheckedIOException("cannot write runs/x/model.safetensors: No space left on device",
                new IOException("No space left on device")));
        assertTrue(line.contains("the disk is full") && line.contains("runs/x/model.safetensors"), line);
    }
}
