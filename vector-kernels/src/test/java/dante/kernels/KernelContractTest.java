package dante.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every kernel on both twins across a size matrix (1..4, around the vector width, the MLP
 * shapes) against a double reference. CI runs this class again with the vector width forced
 * to 128 and 256 bits ({@code -Ddante.vector.bits}).
 */
class KernelContractTest {

    static List<Kernels> twins() {
        List<Kernels> k = new ArrayList<>();
        k.add(Kernels.scalar(1));
        k.add(Kernels.panama(2));
        return k;
    }

    static int[] sizes() {
        int lanes = Kernels.panama(1).vectorBits() / 32;
        TreeSet<Integer> s = new TreeSet<>(List.of(1, 2, 3, 4, 8, 9, 10));
        for (int base : new int[] {lanes, 2 * lanes}) {
            for (int d = -1; d <= 1; d++) if (base + d > 0) s.add(base + d);
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    @TestFactory
    Stream<DynamicTest> gemmOnTheSizeMatrix() {
        List<DynamicTest> tests = new ArrayList<>();
        int[] sz = sizes();
        for (Kernels k : twins()) {
            tests.add(DynamicTest.dynamicTest(k.name() + " " + k.vectorBits() + "-bit: all small shapes, all transposes", () -> {
                Random rnd = new Random(7);
                try (MatrixArena arena = new MatrixArena()) {
                    for (int m : sz) for (int n : sz) for (int kk : sz) {
                        for (Transpose ta : Transpose.values()) for (Transpose tb : Transpose.values()) {
                            float alpha = (m + n) % 3 == 0 ? 1f : -0.75f, beta = kk % 3 == 0 ? 0f : (kk % 3 == 1 ? 1f : 0.5f);
                            check(k, arena, rnd, m, n, kk, ta, tb, alpha, beta, (m + kk) % 2);
                        }
                    }
                }
            }));
            int[][] mlp = {{64, 256, 784}, {256, 600, 784}, {784, 256, 64}, {64, 784, 256}, {64, 10, 256}, {33, 47, 300}};
            for (int[] s : mlp) {
                for (Transpose ta : Transpose.values()) for (Transpose tb : Transpose.values()) {
                    tests.add(DynamicTest.dynamicTest(k.name() + " " + k.vectorBits() + "-bit: gemm " + s[0] + "×" + s[1] + "×" + s[2] + " " + ta + tb, () -> {
                        try (MatrixArena arena = new MatrixArena()) {
                            check(k, arena, new Random(s[0] * 31L + s[1]), s[0], s[1], s[2], ta, tb, 0.5f, 1f, 3);
                        }
                    }));
                }
            }
        }
        return tests.stream();
    }

    private static void check(Kernels k, MatrixArena arena, Random rnd, int m, int n, int kk, Transpose ta, Transpose tb,
                              float alpha, float beta, int pad) {
        FloatMatrix a = Fixtures.operand(arena, rnd, ta, m, kk, pad);
        FloatMatrix b = Fixtures.operand(arena, rnd, tb, kk, n, pad);
        FloatMatrix c = Fixtures.random(arena, rnd, m, n, pad, false);
        double[][] c0 = Fixtures.toDouble(c);
        k.gemm(ta, tb, alpha, a, b, beta, c);
        Fixtures.assertGemmClose(k.name(), ta, tb, alpha, a, b, beta, c0, c);
    }

    @TestFactory
    Stream<DynamicTest> elementwiseAndReductionsOnTheSizeMatrix() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Kernels k : twins()) {
            tests.add(DynamicTest.dynamicTest(k.name() + " " + k.vectorBits() + "-bit: every element-wise kernel and reduction", () -> {
                Random rnd = new Random(11);
                int[] sz = sizes();
                try (MatrixArena arena = new MatrixArena()) {
                    for (int r : sz) for (int c : new int[] {1, 2, 3, 4, 15, 16, 17, 31, 32, 33, 100, 784}) {
                        FloatMatrix x = Fixtures.random(arena, rnd, r, c, 1, true);
                        FloatMatrix g = Fixtures.random(arena, rnd, r, c, 2, false);
                        elementwise(k, arena, x, g);
                    }
                }
            }));
        }
        return tests.stream();
    }

    private static void elementwise(Kernels k, MatrixArena arena, FloatMatrix x, FloatMatrix g) {
        int r = x.rows(), c = x.cols();
        double[][] xd = Fixtures.toDouble(x), gd = Fixtures.toDouble(g);
        FloatMatrix y = arena.allocate(r, c);
        float a = 0.1f, b = 1.5f;

        k.generalizedRelu(a, b, x, y);
        expect("generalizedRelu", y, (i, j) -> xd[i][j] > 0 ? b * xd[i][j] : a * xd[i][j], 0, 0.5);
        k.generalizedReluBackward(a, b, x, g, y);
        expect("generalizedReluBackward", y, (i, j) -> (xd[i][j] > 0 ? b : a) * gd[i][j], 0, 0.5);
        k.sigmoid(x, y);
        expect("sigmoid", y, (i, j) -> 1 / (1 + Math.exp(-xd[i][j])), 1e-30, 4);
        k.tanh(x, y);
        expect("tanh", y, (i, j) -> Math.tanh(xd[i][j]), 1e-30, 4);
        k.softmaxRows(x, y);
        double[][] sm = softmax(xd);
        // probabilities: the absolute error is what matters (vector EXP is within a few ulps, plus the row sum)
        expect("softmaxRows", y, (i, j) -> sm[i][j], (4 + c / 8.0) * Fixtures.EPS, 8 + c / 4.0);

        FloatMatrix t = arena.allocate(r, c);
        for (int i = 0; i < r; i++) t.set(i, (i * 7) % c, 1f);
        double[][] td = Fixtures.toDouble(t);
        double ce = k.softmaxCrossEntropy(x, t, 1f, y), want = 0;
        for (int i = 0; i < r; i++) {
            double max = Double.NEGATIVE_INFINITY, s = 0;
            for (int j = 0; j < c; j++) max = Math.max(max, xd[i][j]);
            for (int j = 0; j < c; j++) s += Math.exp(xd[i][j] - max);
            want += max + Math.log(s) - xd[i][(i * 7) % c];
        }
        assertEquals(want, ce, 1e-6 * (want + r * c), k.name() + " softmaxCrossEntropy");
        expect("softmaxCrossEntropy gradient", y, (i, j) -> sm[i][j] - td[i][j], (4 + c / 8.0) * Fixtures.EPS, 8 + c / 4.0);

        double mse = k.mse(x, g, 0.5f, y), wantMse = 0;
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) wantMse += Math.pow((float) (xd[i][j] - gd[i][j]), 2);
        assertEquals(wantMse, mse, 1e-12 * wantMse, k.name() + " mse");
        expect("mse gradient", y, (i, j) -> (float) (xd[i][j] - gd[i][j]), 0, 0.5);

        double bce = k.binaryCrossEntropyWithLogits(x, t, 1f, y), wantBce = 0;
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) {
            double z = xd[i][j];
            wantBce += Math.max(z, 0) - z * td[i][j] + Math.log1p(Math.exp(-Math.abs(z)));
        }
        assertEquals(wantBce, bce, 1e-6 * (wantBce + r * c), k.name() + " binaryCrossEntropyWithLogits");
        expect("bce gradient", y, (i, j) -> 1 / (1 + Math.exp(-xd[i][j])) - td[i][j], 3e-7, 4);

        double dot = 0, sq = 0;
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) { dot += xd[i][j] * gd[i][j]; sq += xd[i][j] * xd[i][j]; }
        assertEquals(dot, k.dot(x, g), 1e-12 * (Math.abs(dot) + sq + 1), k.name() + " dot");
        assertEquals(Math.sqrt(sq), k.frobeniusNorm(x), 1e-12 * Math.sqrt(sq), k.name() + " frobeniusNorm");

        FloatMatrix sums = arena.allocate(1, c);
        sums.fill(1f);
        k.columnSums(2f, x, 0.5f, sums);
        expect("columnSums", sums, (i, j) -> {
            double s = 0;
            for (int q = 0; q < r; q++) s += xd[q][j];
            return 2 * s + 0.5;
        }, 1e-3, 4);

        y.copyFrom(g);
        k.axpy(2f, x, y);
        expect("axpy", y, (i, j) -> gd[i][j] + 2 * xd[i][j], 0, 1);
        k.scale(0.5f, y);
        expect("scale", y, (i, j) -> (float) (gd[i][j] + 2 * xd[i][j]) * 0.5, 0, 1);
        y.copyFrom(g);
        FloatMatrix v = arena.allocate(1, c);
        for (int j = 0; j < c; j++) v.set(0, j, j * 0.25f);
        k.addRowVector(v, y);
        expect("addRowVector", y, (i, j) -> gd[i][j] + j * 0.25, 0, 0.5);

        int[] arg = new int[r];
        k.argmaxRows(x, arg);
        for (int i = 0; i < r; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) if (xd[i][j] > xd[i][best]) best = j;
            assertEquals(best, arg[i], k.name() + " argmaxRows row " + i);
        }
    }

    interface Ref { double at(int i, int j); }

    private static void expect(String what, FloatMatrix got, Ref want, double abs, double ulps) {
        for (int i = 0; i < got.rows(); i++) {
            for (int j = 0; j < got.cols(); j++) {
                double w = want.at(i, j), g = got.get(i, j);
                double tol = abs + ulps * Math.ulp((float) w);
                if (!(Math.abs(g - w) <= tol)) {
                    throw new AssertionError(what + " " + got.shape() + ": [" + i + "," + j + "] = " + g + ", expected " + w + " ± " + tol);
                }
            }
        }
    }

    private static double[][] softmax(double[][] x) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double max = Double.NEGATIVE_INFINITY, s = 0;
            for (double v : x[i]) max = Math.max(max, v);
            y[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) s += y[i][j] = Math.exp(x[i][j] - max);
            for (int j = 0; j < x[i].length; j++) y[i][j] /= s;
        }
        return y;
    }

    @SuppressWarnings("unused")
    private static void same(float[] a, float[] b) { assertArrayEquals(a, b); }
}
