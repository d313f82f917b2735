package dante.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import dante.core.data.Dataset;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Each named set on the real files in shared/datasets, checked against the counts in its README. */
class PaperDataTest {

    static Path shared() {
        for (Path p : new Path[] {Path.of("..", "..", "shared", "datasets"), Path.of("..", "shared", "datasets")}) {
            if (Files.isDirectory(p)) return p;
        }
        if (System.getenv("CI") != null) throw new AssertionError("CI must have shared/datasets beside the checkout");
        Assumptions.assumeTrue(false, "shared/datasets is not beside this checkout");
        return null;
    }

    static int[] counts(Dataset d) {
        int[] c = new int[d.classes()];
        for (int y : d.labels()) c[y]++;
        return c;
    }

    @Test
    void regressionSets() {
        try (Dataset a = PaperData.load(shared(), PaperData.Name.AIRFOIL)) {
            assertEquals(1503, a.size());
            assertEquals(5, a.featureCount());
            assertEquals(126.201f, a.targets().get(0, 0), 1e-3f);
        }
        try (Dataset f = PaperData.load(shared(), PaperData.Name.FORESTFIRES)) {
            assertEquals(517, f.size());
            assertEquals(2 + 12 + 7 + 8, f.featureCount(), "X, Y, 12 months and 7 days one-hot, 8 numeric");
        }
        try (Dataset c = PaperData.load(shared(), PaperData.Name.CCPP)) {
            assertEquals(9568, c.size());
            assertEquals(4, c.featureCount());
        }
    }

    @Test
    void classificationSets() {
        try (Dataset i = PaperData.load(shared(), PaperData.Name.IONOSPHERE)) {
            assertEquals(351, i.size());
            assertEquals(34, i.featureCount());
            assertArrayEquals(new int[] {126, 225}, counts(i), "b, g");
        }
        try (Dataset v = PaperData.load(shared(), PaperData.Name.VEHICLE)) {
            assertEquals(846, v.size());
            assertEquals(18, v.featureCount());
            assertArrayEquals(new int[] {218, 212, 217, 199}, counts(v), "bus, opel, saab, van");
        }
        try (Dataset tr = PaperData.load(shared(), PaperData.Name.SVMGUIDE4, true);
             Dataset te = PaperData.load(shared(), PaperData.Name.SVMGUIDE4, false)) {
            assertEquals(300, tr.size());
            assertEquals(312, te.size());
            assertEquals(10, tr.featureCount());
            assertArrayEquals(new int[] {53, 56, 56, 44, 44, 47}, counts(tr), "-3, -2, -1, 1, 2, 3");
        }
        try (Dataset tr = PaperData.load(shared(), PaperData.Name.USPS, true);
             Dataset te = PaperData.load(shared(), PaperData.Name.USPS, false)) {
            assertEquals(7291, tr.size());
            assertEquals(2007, te.size());
            assertEquals(256, tr.featureCount());
            assertArrayEquals(new int[] {1194, 1005, 731, 658, 652, 556, 664, 645, 542, 644}, counts(tr));
            for (float v : tr.features().row(0).toArray()) assertTrue(v >= -1f && v <= 1f);
        }
    }

    @Test
    void aMissingSetSaysWhereItLookedAndWhereToGetIt(@org.junit.jupiter.api.io.TempDir Path empty) {
        DataFormatException e = org.junit.jupiter.api.Assertions.assertThrows(DataFormatException.class,
                () -> PaperData.load(empty, PaperData.Name.AIRFOIL));
        assertTrue(e.getMessage().contains("looked for airfoil_self_noise.dat in") && e.getMessage().contains("archive.ics.uci.edu"), e.getMessage());
    }

    /** The five UCI sets load with no directory, from the files inside the jar, and equal the shared copies bit for bit. */
    @Test
    void theBundledUciSetsLoadWithoutADirectoryAndEqualTheSharedCopies() throws Exception {
        for (PaperData.Name n : PaperData.Name.values()) {
            if (!PaperData.bundled(n)) {
                DataFormatException e = org.junit.jupiter.api.Assertions.assertThrows(DataFormatException.class, () -> PaperData.load(null, n, true));
                assertTrue(e.getMessage().contains("licence does not let it ship"), e.getMessage());
                continue;
            }
            try (Dataset bundled = PaperData.load(null, n)) {
                assertTrue(bundled.size() > 300, n + ": " + bundled.size() + " rows");
                Path shared = null;
                for (Path p : new Path[] {Path.of("..", "..", "shared", "datasets"), Path.of("..", "shared", "datasets")}) if (Files.isDirectory(p)) shared = p;
                if (shared == null) continue;
                try (Dataset copy = PaperData.load(shared, n)) {
                    assertArrayEquals(copy.features().toArray(), bundled.features().toArray(), n + " features");
                    assertArrayEquals(copy.targets().toArray(), bundled.targets().toArray(), n + " targets");
                }
            }
        }
        // the bytes too: every bundled file is the shared file with the same name
        Path shared = shared();
        for (String set : new String[] {"airfoil", "forestfires", "ccpp", "ionosphere", "vehicle"}) {
            try (var files = Files.list(shared.resolve(set))) {
                for (Path f : files.toList()) {
                    if (f.getFileName().toString().endsWith(".xlsx")) continue;           // the spreadsheet is not bundled; its CSV export is
                    try (var in = PaperData.class.getResourceAsStream("uci/" + set + "/" + f.getFileName())) {
                        org.junit.jupiter.api.Assertions.assertNotNull(in, "bundled uci/" + set + "/" + f.getFileName());
                        assertArrayEquals(Files.readAllBytes(f), in.readAllBytes(), set + "/" + f.getFileName());
                    }
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertNotNull(PaperData.class.getResourceAsStream("uci/NOTICE"), "the attribution ships with the data");
    }
}
