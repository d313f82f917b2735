package dante.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Each Vector API kernel equals its scalar twin: exactly where both round the same
 * operations, within a bound that scales with the number of terms times ε elsewhere.
 * Shapes 1..300 reach sizes that are not multiples of the vector length; views are strided.
 */
class PanamaEqualsScalarProperties {
    private static final Kernels SIMD = Kernels.panama(2);
    private static final Kernels REF = Kernels.scalar(1);

    /** Every micro-tile shape, at this process's KC and at an odd KC of 37 (many depth blocks, a ragged last one). */
    private static final Kernels[] TILED = tiled();

    private static Kernels[] tiled() {
        GemmTile here = PanamaKernels.TILE;
        Kernels[] ks = new Kernels[GemmTile.SHAPES.length * 2];
        for (int i = 0; i < GemmTile.SHAPES.length; i++) {
            int mr = GemmTile.SHAPES[i][0], v = GemmTile.SHAPES[i][1];
            GemmTile t = GemmTile.withBlocks(mr, v, here.lanes(), GemmTile.l1DataBytes(), "test");
            ks[2 * i] = new PanamaKernels(2, t);
            ks[2 * i + 1] = new PanamaKernels(2, new GemmTile(mr, v, here.lanes(), 37, t.mc(), t.nc(), "test, KC 37"));
        }
        return ks;
    }

    @Provide
    Arbitrary<Float> alphaOrBeta() {
        return Arbitraries.of(0f, 1f, -1f, 0.5f, 2.75f, -0.3f);
    }

    /** Under every micro-tile shape GemmTile offers (at this process's KC and at 37), and the scalar twin. */
    @Property(tries = 150)
    void simdGemmEqualsScalarGemm(@ForAll @IntRange(min = 1, max = 300) int m,
                                  @ForAll @IntRange(min = 1, max = 300) int n,
                                  @ForAll @IntRange(min = 1, max = 300) int k,
                                  @ForAll Transpose ta, @ForAll Transpose tb,
                                  @ForAll("alphaOrBeta") float alpha, @ForAll("alphaOrBeta") float beta,
                                  @ForAll @IntRange(min = 0, max = 5) int tiling,
                                  @ForAll @IntRange(min = 0, max = 5) int pad, @ForAll long seed) {
        Kernels simd = TILED[tiling];
        Random rnd = new Random(seed);
        try (MatrixArena arena = new MatrixArena()) {
            FloatMatrix a = Fixtures.operand(arena, rnd, ta, m, k, pad);
            FloatMatrix b = Fixtures.operand(arena, rnd, tb, k, n, pad);
            FloatMatrix c1 = Fixtures.random(arena, rnd, m, n, pad, false);
            double[][] c0 = Fixtures.toDouble(c1);
            FloatMatrix c2 = arena.allocate(m, n).copyFrom(c1);
            simd.gemm(ta, tb, alpha, a, b, beta, c1);
            REF.gemm(ta, tb, alpha, a, b, beta, c2);
            Fixtures.assertGemmClose("panama " + simd.tuning(), ta, tb, alpha, a, b, beta, c0, c1);
            Fixtures.assertGemmClose("scalar", ta, tb, alpha, a, b, beta, c0, c2);
        }
    }

    @Property(tries = 200)
    void elementwiseKernelsAgree(@ForAll @IntRange(min = 1, max = 300) int rows,
                                 @ForAll @IntRange(min = 1, max = 300) int cols,
                                 @ForAll @IntRange(min = 0, max = 3) int pad, @ForAll long seed) {
        Random rnd = new Random(seed);
        float a = rnd.nextInt(4) == 0 ? 0f : rnd.nextFloat() * 0.5f;
        float b = a + 0.01f + rnd.nextFloat() * 2f;
        try (MatrixArena arena = new MatrixArena()) {
            FloatMatrix x = Fixtures.random(arena, rnd, rows, cols, pad, true);
            FloatMatrix g = Fixtures.random(arena, rnd, rows, cols, pad, false);
            FloatMatrix y1 = arena.allocate(rows, cols), y2 = arena.allocate(rows, cols);

            SIMD.generalizedRelu(a, b, x, y1);
            REF.generalizedRelu(a, b, x, y2);
            assertArrayEquals(y2.toArray(), y1.toArray(), "generalizedRelu");
            SIMD.generalizedReluBackward(a, b, x, g, y1);
            REF.generalizedReluBackward(a, b, x, g, y2);
            assertArrayEquals(y2.toArray(), y1.toArray(), "generalizedReluBackward");

            SIMD.sigmoid(x, y1);
            REF.sigmoid(x, y2);
            assertClose("sigmoid", y2, y1, 4e-7, 4);
            SIMD.sigmoidBackward(y2, g, y1);
            REF.sigmoidBackward(y2, g, y2);            // in place
            assertArrayEquals(y2.toArray(), y1.toArray(), "sigmoidBackward");

            SIMD.tanh(x, y1);
            REF.tanh(x, y2);
            assertClose("tanh", y2, y1, 4e-7, 4);
            SIMD.tanhBackward(y2, g, y1);
            REF.tanhBackward(y2, g, y2);
            assertArrayEquals(y2.toArray(), y1.toArray(), "tanhBackward");

            SIMD.softmaxRows(x, y1);
            REF.softmaxRows(x, y2);
            assertClose("softmaxRows", y2, y1, (4 + cols / 8.0) * Fixtures.EPS, 8 + cols / 8.0);

            FloatMatrix v = Fixtures.random(arena, rnd, 1, cols, 0, false);
            y1.copyFrom(g); y2.copyFrom(g);
            SIMD.addRowVector(v, y1);
            REF.addRowVector(v, y2);
            assertArrayEquals(y2.toArray(), y1.toArray(), "addRowVector");

            FloatMatrix s1 = arena.allocate(1, cols).copyFrom(v), s2 = arena.allocate(1, cols).copyFrom(v);
            SIMD.columnSums(0.5f, x, 2f, s1);
            REF.columnSums(0.5f, x, 2f, s2);
            assertArrayEquals(s2.toArray(), s1.toArray(), "columnSums");

            y1.copyFrom(g); y2.copyFrom(g);
            SIMD.axpy(-0.37f, x, y1);
            REF.axpy(-0.37f, x, y2);
            assertArrayEquals(y2.toArray(), y1.toArray(), "axpy");
            SIMD.scale(1.7f, y1);
            REF.scale(1.7f, y2);
            assertArrayEquals(y2.toArray(), y1.toArray(), "scale");

            int[] i1 = new int[rows], i2 = new int[rows];
            SIMD.argmaxRows(x, i1);
            REF.argmaxRows(x, i2);
            assertArrayEquals(i2, i1, "argmaxRows");

            double n = (double) rows * cols;
            double d1 = SIMD.dot(x, g), d2 = REF.dot(x, g);
            assertEquals(d2, d1, n * 0x1p-52 * absDot(x, g) + 1e-300, "dot");
            double f1 = SIMD.frobeniusNorm(x), f2 = REF.frobeniusNorm(x);
            assertEquals(f2, f1, n * 0x1p-52 * f2 + 1e-300, "frobeniusNorm");
        }
    }

    @Property(tries = 200)
    void lossKernelsAgree(@ForAll @IntRange(min = 1, max = 300) int rows,
                          @ForAll @IntRange(min = 1, max = 300) int cols,
                          @ForAll @IntRange(min = 0, max = 3) int pad, @ForAll long seed) {
        Random rnd = new Random(seed);
        float scale = 1f / rows;
        try (MatrixArena arena = new MatrixArena()) {
            FloatMatrix z = Fixtures.random(arena, rnd, rows, cols, pad, true);
            FloatMatrix t = arena.allocate(rows, cols);
            for (int i = 0; i < rows; i++) {
                if (rnd.nextBoolean()) {
                    t.set(i, rnd.nextInt(cols), 1f);                         // one-hot
                } else {
                    for (int j = 0; j < cols; j++) t.set(i, j, rnd.nextFloat());  // soft / binary-ish
                }
            }
            FloatMatrix g1 = arena.allocate(rows, cols), g2 = arena.allocate(rows, cols);
            double n = (double) rows * cols;

            double v1 = SIMD.mse(z, t, scale, g1), v2 = REF.mse(z, t, scale, g2);
            assertEquals(v2, v1, n * 0x1p-52 * v2 + 1e-300, "mse value");
            assertArrayEquals(g2.toArray(), g1.toArray(), "mse gradient");

            v1 = SIMD.binaryCrossEntropyWithLogits(z, t, scale, g1);
            v2 = REF.binaryCrossEntropyWithLogits(z, t, scale, g2);
            double mag = absSum(z) + n;
            assertEquals(v2, v1, 4e-7 * mag, "bce value");
            assertClose("bce gradient", g2, g1, 2e-7 * scale, 4);

            v1 = SIMD.softmaxCrossEntropy(z, t, scale, g1);
            v2 = REF.softmaxCrossEntropy(z, t, scale, g2);
            assertTrue(Double.isFinite(v1), "softmaxCrossEntropy is finite");
            assertEquals(v2, v1, 4e-7 * (v2 + n), "softmax cross-entropy value");
            assertClose("softmax cross-entropy gradient", g2, g1, (4 + cols / 8.0) * Fixtures.EPS * scale, 8 + cols / 8.0);
        }
    }

    static double absSum(FloatMatrix x) {
        double s = 0;
        for (float v : x.toArray()) s += Math.abs(v);
        return s;
    }

    static double absDot(FloatMatrix x, FloatMatrix y) {
        float[] a = x.toArray(), b = y.toArray();
        double s = 0;
        for (int i = 0; i < a.length; i++) s += Math.abs((double) a[i] * b[i]);
        return s;
    }

    /** |got − want| ≤ abs + ulps·ulp(want) element by element. */
    static void assertClose(String what, FloatMatrix want, FloatMatrix got, double abs, double ulps) {
        float[] w = want.toArray(), g = got.toArray();
        for (int i = 0; i < w.length; i++) {
            double tol = abs + ulps * Math.ulp(w[i]);
            if (!(Math.abs(g[i] - w[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + g[i] + ", the scalar twin gives " + w[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
