package dante.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dante.core.data.Dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad input gives one clear error naming the file, the line and what was wrong. */
class BadInputTest {
    @TempDir Path dir;

    Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    String error(Runnable r) {
        return assertThrows(DataFormatException.class, r::run).getMessage();
    }

    @Test
    void delimitedText() throws IOException {
        DelimitedText.Options o = DelimitedText.Options.csv(true, "y", false);
        Path ok = write("ok.csv", "a,b,y\r\n1,2,3\r\n4,5,6\r\n");
        DelimitedText.Table t = DelimitedText.read(o, ok);
        assertEquals(2, t.rows());
        assertEquals(6f, t.y()[1]);
        Path ragged = write("ragged.csv", "a,b,y\n1,2,3\n4,5\n");
        assertEquals(ragged + ": line 3: expected 3 fields, found 2", error(() -> DelimitedText.read(o, ragged)));
        Path text = write("text.csv", "a,b,y\n1,x2,3\n");
        assertEquals(text + ": line 2, column b: expected a number, found 'x2'", error(() -> DelimitedText.read(o, text)));
        Path nan = write("nan.csv", "a,b,y\n1,2,NaN\n");
        assertTrue(error(() -> DelimitedText.read(o, nan)).contains("line 2, column y: expected a finite number, found 'NaN'"));
        Path inf = write("inf.csv", "a,b,y\n1,Infinity,2\n");
        assertTrue(error(() -> DelimitedText.read(o, inf)).contains("expected a finite number"));
        assertTrue(error(() -> DelimitedText.read(DelimitedText.Options.csv(true, "z", false), ok)).contains("no column 'z' (columns: a, b, y)"));
        Path cat = write("cat.csv", "m,v,y\njan,1,0\nfeb,2,1\njan,3,0\n");
        DelimitedText.Table c = DelimitedText.read(DelimitedText.Options.csv(true, "y", true).withCategorical("m"), cat);
        assertEquals(3, c.cols(), "m=feb, m=jan, v");
        assertEquals(1f, c.x()[1]);          // row 0 is jan: the second one-hot column
    }

    @Test
    void anIdxHeaderThatPromisesGigabytesFailsWithoutAllocatingThem() throws IOException {
        Path p = dir.resolve("huge-idx");
        Files.write(p, new byte[] {0, 0, 8, 1, 0x7f, 0, 0, 0, 1, 2, 3});
        String e = error(() -> Idx.read(p));
        // refused from the header: more than this heap can load, or (on a larger heap) a file too short for it
        assertTrue(e.contains("ask for 2130706432 bytes") || e.contains("truncated: the header promises 2130706432 data bytes after byte 8 but the file ends after 3"), e);
    }

    @Test
    void libsvm() throws IOException {
        Path ok = write("ok.svm", "1 1:0.5 3:2\n-1 2:1\n");
        DelimitedText.Table t = LibSvm.read(3, ok);
        assertEquals(2, t.rows());
        assertEquals(2f, t.x()[2]);
        assertEquals(1, t.labels()[0], "classes sorted: -1, 1");
        Path range = write("range.svm", "1 1:0.5 11:2\n");
        assertEquals(range + ": line 1: index 11 is out of range 1..10", error(() -> LibSvm.read(10, range)));
        Path order = write("order.svm", "1 3:0.5 2:2\n");
        assertTrue(error(() -> LibSvm.read(10, order)).contains("line 1: index 2 must be greater than the previous 3"));
        Path pair = write("pair.svm", "1 3=0.5\n");
        assertTrue(error(() -> LibSvm.read(10, pair)).contains("expected index:value, found '3=0.5'"));
    }

    @Test
    void uspsLabelOutOfRange() throws IOException {
        StringBuilder row = new StringBuilder("11.0000");
        for (int i = 0; i < 256; i++) row.append(" 0.5");
        Path p = write("zip.bad", row + "\n");
        assertTrue(error(() -> PaperData.usps("usps", p)).contains("expected a digit label 0..9, found 11.0"));
    }

    @Test
    void splitsArePartitionsAndSeeded() {
        float[] x = new float[100];
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) { x[i] = i; y[i] = i % 2; }
        try (Dataset d = Dataset.classification("d", x, 100, 1, y, 2)) {
            Dataset[] a = Splits.trainTest(d, 0.2, 7), b = Splits.trainTest(d, 0.2, 7);
            assertEquals(80, a[0].size());
            assertEquals(20, a[1].size());
            assertEquals(java.util.Arrays.toString(a[1].features().toArray()), java.util.Arrays.toString(b[1].features().toArray()));
            java.util.Set<Float> all = new java.util.HashSet<>();
            for (Dataset p : a) for (float v : p.features().toArray()) assertTrue(all.add(v), "disjoint");
            assertEquals(100, all.size());
            var folds = Splits.kFold(d, 5, 1);
            java.util.Set<Float> tested = new java.util.HashSet<>();
            for (Dataset[] f : folds) {
                assertEquals(80, f[0].size());
                for (float v : f[1].features().toArray()) assertTrue(tested.add(v), "each row is tested once");
            }
            assertEquals(100, tested.size());
        }
    }

    @Test
    void scalingIsFittedOnTheTrainingPartOnly() {
        try (Dataset tr = Dataset.regression("tr", new float[] {0, 10, 2, 20, 4, 30}, 3, 2, new float[3], 1);
             Dataset te = Dataset.regression("te", new float[] {6, 40}, 1, 2, new float[1], 1)) {
            Preprocessing mm = Preprocessing.minMax(tr);
            mm.apply(tr);
            mm.apply(te);
            assertEquals(1f, tr.features().get(2, 0));
            assertEquals(1.5f, te.features().get(0, 0), "test data may leave [0, 1]: the scaling is the training part's");
            assertEquals(1.5f, te.features().get(0, 1));
        }
        try (Dataset tr = Dataset.regression("tr", new float[] {1, 3, 5, 7}, 4, 1, new float[4], 1)) {
            Preprocessing.standardize(tr).apply(tr);
            double s = 0, q = 0;
            for (float v : tr.features().toArray()) { s += v; q += v * v; }
            assertEquals(0, s / 4, 1e-6);
            assertEquals(1, q / 4, 1e-5);
        }
    }
}
