package dante.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dante.core.data.Dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticAndCifarTest {
    @TempDir Path dir;

    @Test
    void theGlmsAreWhatMathMdDefines() {
        Synthetic.Glm g = Synthetic.glm(500, 7, 2.5, 0.1f, 1.5f, 0, 3);
        try (Dataset d = g.data()) {
            double wn = 0;
            for (double v : g.wStar()) wn += v * v;
            assertEquals(2.5, Math.sqrt(wn), 1e-9, "‖w*‖ = W");
            for (int i = 0; i < d.size(); i++) {
                double xn = 0, s = 0;
                for (int j = 0; j < 7; j++) { xn += d.features().get(i, j) * d.features().get(i, j); s += g.wStar()[j] * d.features().get(i, j); }
                assertTrue(xn <= 1 + 1e-6, "x in the unit ball");
                assertEquals(s > 0 ? 1.5 * s : 0.1 * s, d.targets().get(i, 0), 1e-5, "y = φ(⟨w*, x⟩)");
            }
        }
        Synthetic.Glm noisy = Synthetic.glm(500, 7, 2.5, 0.1f, 1.5f, 0.2, 3);
        try (Dataset d = noisy.data()) {
            double maxDev = 0;
            for (int i = 0; i < d.size(); i++) {
                double s = 0;
                for (int j = 0; j < 7; j++) s += noisy.wStar()[j] * d.features().get(i, j);
                maxDev = Math.max(maxDev, Math.abs(d.targets().get(i, 0) - (s > 0 ? 1.5 * s : 0.1 * s)));
            }
            assertTrue(maxDev <= 0.2 + 1e-5 && maxDev > 0.1, "bounded noise, and present: " + maxDev);
        }
    }

    @Test
    void teachersAndSpiralsAreSeeded() {
        try (Dataset a = Synthetic.teacher(300, new int[] {5, 8, 3}, true, 9); Dataset b = Synthetic.teacher(300, new int[] {5, 8, 3}, true, 9)) {
            assertArrayEquals(a.labels(), b.labels());
            assertEquals(3, a.classes());
        }
        try (Dataset s = Synthetic.twoSpirals(400, 0.01, 1)) {
            int ones = 0;
            for (int y : s.labels()) ones += y;
            assertEquals(200, ones);
            assertEquals(2, s.featureCount());
        }
    }

    static byte[] records(int... labels) {
        byte[] b = new byte[labels.length * Cifar10.RECORD];
        for (int r = 0; r < labels.length; r++) {
            b[r * Cifar10.RECORD] = (byte) labels[r];
            for (int j = 1; j < Cifar10.RECORD; j++) b[r * Cifar10.RECORD + j] = (byte) (j + r);
        }
        return b;
    }

    @Test
    void cifarBinaryBatches() throws IOException {
        Path f = dir.resolve("test_batch.bin");
        Files.write(f, records(3, 9));
        try (Dataset d = Cifar10.load(dir, false)) {
            assertEquals(2, d.size());
            assertEquals(3072, d.featureCount());
            assertArrayEquals(new int[] {3, 9}, d.labels());
            assertEquals(1 / 255f, d.features().get(0, 0), 1e-7f);
        }
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, java.util.Arrays.copyOf(records(1, 2), Cifar10.RECORD + 100));
        assertTrue(assertThrows(DataFormatException.class, () -> Cifar10.read("c", cut)).getMessage().contains("not a whole number of 3073-byte records"));
        Path bad = dir.resolve("bad.bin");
        Files.write(bad, records(1, 10));
        assertTrue(assertThrows(DataFormatException.class, () -> Cifar10.read("c", bad)).getMessage().contains("byte 3073: label 10 is outside 0..9"));
        assertTrue(assertThrows(DataFormatException.class, () -> Cifar10.load(dir.resolve("none"), true)).getMessage().contains("cifar-10 not found"));
    }
}
