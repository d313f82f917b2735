package dante.kernels;

import java.util.Random;

/** Test data: random matrices, optionally as strided views inside a larger allocation, and double references. */
final class Fixtures {
    private Fixtures() {}

    static final double EPS = Math.ulp(1f);     // 2^-23

    /** A rows×cols matrix of N(0,1)-ish values with hard cases mixed in; strided when {@code padCols > 0}. */
    static FloatMatrix random(MatrixArena arena, Random rnd, int rows, int cols, int padCols, boolean hardCases) {
        FloatMatrix big = arena.allocate(rows + 1, cols + padCols + 1);
        FloatMatrix m = padCols > 0 || rnd.nextBoolean() ? big.view(1, 1, rows, cols) : arena.allocate(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) m.set(i, j, value(rnd, hardCases));
        }
        return m;
    }

    static float value(Random rnd, boolean hardCases) {
        if (hardCases) {
            int r = rnd.nextInt(20);
            if (r == 0) return 0f;                          // the kink of every ReLU
            if (r == 1) return -0f;
            if (r == 2) return rnd.nextBoolean() ? 1e4f : -1e4f;
            if (r == 3) return (float) (rnd.nextGaussian() * 1e-30);
            if (r == 4) return (float) (rnd.nextGaussian() * 30);
        }
        return (float) rnd.nextGaussian();
    }

    static double[][] toDouble(FloatMatrix m) {
        double[][] d = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) for (int j = 0; j < m.cols(); j++) d[i][j] = m.get(i, j);
        return d;
    }

    static double op(FloatMatrix x, Transpose t, int i, int j) {
        return t == Transpose.N ? x.get(i, j) : x.get(j, i);
    }

    /** A GEMM operand of logical shape r×c stored as op requires. */
    static FloatMatrix operand(MatrixArena arena, Random rnd, Transpose t, int r, int c, int pad) {
        return t == Transpose.N ? random(arena, rnd, r, c, pad, false) : random(arena, rnd, c, r, pad, false);
    }

    /**
     * Checks C against alpha·op(A)·op(B) + beta·C0 computed in double, element by element,
     * with the forward error bound γ_{k+2}·(|α|Σ|a||b| + |β||c0|) (Higham, Thm 3.5).
     */
    static void assertGemmClose(String what, Transpose ta, Transpose tb, float alpha, FloatMatrix a, FloatMatrix b,
                                float beta, double[][] c0, FloatMatrix c) {
        int m = c.rows(), n = c.cols(), k = ta == Transpose.N ? a.cols() : a.rows();
        double gamma = (k + 2) * EPS;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = op(a, ta, i, p) * op(b, tb, p, j);
                    s += x;
                    abs += Math.abs(x);
                }
                double expected = alpha * s + (beta == 0f ? 0 : beta * c0[i][j]);
                double bound = gamma * (Math.abs(alpha) * abs + Math.abs(beta) * Math.abs(beta == 0f ? 0 : c0[i][j])) + 1e-37;
                double got = c.get(i, j);
                if (!(Math.abs(got - expected) <= bound)) {
                    throw new AssertionError(what + ": C[" + i + "," + j + "] = " + got + " but the double reference is "
                            + expected + " (bound " + bound + ", m=" + m + " n=" + n + " k=" + k + " " + ta + tb
                            + " alpha=" + alpha + " beta=" + beta + ")");
                }
            }
        }
    }
}
