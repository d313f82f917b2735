package dante.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class GemmDeterminismTest {

    @Test
    void everyThreadCountGivesIdenticalBits() {
        int[][] shapes = {{64, 256, 784}, {256, 600, 784}, {1, 1, 1}, {7, 300, 33}, {300, 7, 129}, {130, 130, 530}, {17, 1000, 3}};
        for (String kind : new String[] {"scalar", "panama"}) {
            List<Kernels> ks = new ArrayList<>();
            for (int t = 1; t <= 4; t++) ks.add(kind.equals("scalar") ? Kernels.scalar(t) : Kernels.panama(t));
            assertAllAgree(ks, shapes, kind);
        }
    }

    /**
     * Each element of C is summed over k in blocks of KC in order, so the micro-tile's shape
     * changes no bit: every shape GemmTile offers, at one KC, on 1 to 4 threads, gives the same
     * result (a CPU with another register count computes what this one does).
     */
    @Test
    void everyTileShapeAndThreadCountGivesIdenticalBits() {
        int[][] shapes = {{64, 256, 784}, {1, 1, 1}, {7, 300, 33}, {300, 7, 129}, {130, 130, 530}, {17, 1000, 3}, {25, 49, 300}};
        GemmTile here = PanamaKernels.TILE;
        List<Kernels> ks = new ArrayList<>();
        for (int[] sh : GemmTile.SHAPES) {
            GemmTile t = GemmTile.withBlocks(sh[0], sh[1], here.lanes(), GemmTile.l1DataBytes(), "test");
            t = new GemmTile(t.mr(), t.vectors(), t.lanes(), 96, t.mc(), t.nc(), "test, KC 96");
            for (int threads = 1; threads <= 4; threads++) ks.add(new PanamaKernels(threads, t));
        }
        try {
            assertAllAgree(ks, shapes, "panama");
        } finally {
            ks.forEach(Kernels::close);
        }
    }

    /** Every kernel in {@code ks} computes C = 0.7·op(A)·op(B) + 0.3·C to the same bits, for every shape and transpose. */
    private static void assertAllAgree(List<Kernels> ks, int[][] shapes, String kind) {
        for (int[] s : shapes) {
            for (Transpose ta : Transpose.values()) for (Transpose tb : Transpose.values()) {
                try (MatrixArena arena = new MatrixArena()) {
                    Random rnd = new Random(s[0] + 7L * s[1] + 13L * s[2]);
                    FloatMatrix a = Fixtures.operand(arena, rnd, ta, s[0], s[2], 1);
                    FloatMatrix b = Fixtures.operand(arena, rnd, tb, s[2], s[1], 0);
                    FloatMatrix c0 = Fixtures.random(arena, rnd, s[0], s[1], 0, false);
                    float[] first = null;
                    for (Kernels k : ks) {
                        FloatMatrix c = arena.allocate(s[0], s[1]).copyFrom(c0);
                        k.gemm(ta, tb, 0.7f, a, b, 0.3f, c);
                        float[] got = c.toArray();
                        if (first == null) first = got;
                        else assertArrayEquals(first, got, kind + " gemm " + s[0] + "×" + s[1] + "×" + s[2] + " " + ta + tb + " with " + k.tuning() + " on " + k.threads() + " threads");
                    }
                }
            }
        }
    }

    @Test
    void longRowReductionsAndUpdatesAreBitIdenticalForEveryThreadCount() {
        int n = 5 * PanamaKernels.CHUNK + 123;          // several chunks and a ragged last one
        try (MatrixArena arena = new MatrixArena()) {
            Random rnd = new Random(3);
            FloatMatrix x = Fixtures.random(arena, rnd, 1, n, 0, false), y0 = Fixtures.random(arena, rnd, 1, n, 0, false);
            double dot = Double.NaN, norm = Double.NaN;
            float[] updated = null;
            for (int t = 1; t <= 4; t++) {
                Kernels k = Kernels.panama(t);
                FloatMatrix y = arena.allocate(1, n).copyFrom(y0);
                k.axpy(-0.3f, x, y);
                k.scale(1.5f, y);
                double d = k.dot(x, y), f = k.frobeniusNorm(y);
                if (t == 1) { dot = d; norm = f; updated = y.toArray(); continue; }
                assertEquals(dot, d, 0.0, "dot on " + t + " threads");
                assertEquals(norm, f, 0.0, "norm on " + t + " threads");
                assertArrayEquals(updated, y.toArray(), "axpy and scale on " + t + " threads");
            }
            Kernels ref = Kernels.scalar(1);
            FloatMatrix y = arena.allocate(1, n).copyFrom(y0);
            ref.axpy(-0.3f, x, y);
            ref.scale(1.5f, y);
            assertArrayEquals(updated, y.toArray(), "the scalar twin rounds the same way");
            assertEquals(ref.dot(x, y), dot, 1e-9 * Math.abs(dot) + 1e-9);
        }
    }

    @Test
    void useAfterCloseThrows() {
        MatrixArena arena = new MatrixArena();
        FloatMatrix a = arena.allocate(64, 64), b = arena.allocate(64, 64), c = arena.allocate(64, 64);
        arena.close();
        assertThrows(IllegalStateException.class, () -> a.get(0, 0));
        assertThrows(IllegalStateException.class, () -> a.set(0, 0, 1f));
        assertThrows(IllegalStateException.class, () -> Kernels.panama(2).gemm(Transpose.N, Transpose.N, 1f, a, b, 0f, c));
        assertThrows(IllegalStateException.class, () -> Kernels.scalar(2).gemm(Transpose.N, Transpose.N, 1f, a, b, 0f, c));
        assertThrows(IllegalStateException.class, () -> Kernels.panama(1).softmaxRows(a, c));
    }

    @Test
    void shapeErrorsNameBothShapes() {
        try (MatrixArena arena = new MatrixArena()) {
            FloatMatrix a = arena.allocate(64, 784), b = arena.allocate(785, 256), c = arena.allocate(64, 256);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Kernels.best().gemm(Transpose.N, Transpose.N, 1f, a, b, 0f, c));
            assertEquals("gemm: op(A) is 64×784 but op(B) is 785×256", e.getMessage());
        }
    }

    @Test
    void softmaxAndCrossEntropyStayFiniteAtPlusMinus1e4() {
        for (Kernels k : new Kernels[] {Kernels.scalar(1), Kernels.panama(1)}) {
            try (MatrixArena arena = new MatrixArena()) {
                int c = 37;
                FloatMatrix z = arena.allocate(3, c), t = arena.allocate(3, c), y = arena.allocate(3, c);
                for (int j = 0; j < c; j++) {
                    z.set(0, j, j % 2 == 0 ? 1e4f : -1e4f);
                    z.set(1, j, -1e4f);
                    z.set(2, j, j == 5 ? 1e4f : -1e4f);
                }
                t.set(0, 1, 1f);        // the true class sits at −1e4 while others are at +1e4
                t.set(1, 3, 1f);
                t.set(2, 5, 1f);
                k.softmaxRows(z, y);
                for (float v : y.toArray()) assertTrue(Float.isFinite(v) && v >= 0f && v <= 1f, k.name() + " softmax " + v);
                assertEquals(1.0 / 19, y.get(0, 0), 1e-6);
                assertEquals(1.0 / c, y.get(1, 0), 1e-6);
                assertEquals(1.0, y.get(2, 5), 1e-6);
                double loss = k.softmaxCrossEntropy(z, t, 1f, y);
                // row 0: lse = 1e4 + ln 19, loss = 2e4 + ln 19; row 1: ln 37; row 2: 0
                assertEquals(2e4 + Math.log(19) + Math.log(c), loss, 1e-2, k.name());
                for (float v : y.toArray()) assertTrue(Float.isFinite(v), k.name() + " gradient " + v);
                assertEquals(-1.0, y.get(0, 1), 1e-6);
                double bce = k.binaryCrossEntropyWithLogits(z, t, 1f, y);
                assertTrue(Double.isFinite(bce), k.name() + " bce " + bce);
                for (float v : y.toArray()) assertTrue(Float.isFinite(v), k.name() + " bce gradient " + v);
            }
        }
    }

    @Test
    void scalarFallbackIsChosenWhenAsked() {
        String old = System.getProperty("dante.kernels");
        try {
            System.setProperty("dante.kernels", "scalar");
            assertEquals("scalar", Kernels.create(1).name());
            System.setProperty("dante.kernels", "bogus");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.create(1));
            assertTrue(e.getMessage().contains("dante.kernels"));
        } finally {
            if (old == null) System.clearProperty("dante.kernels"); else System.setProperty("dante.kernels", old);
        }
    }
}
