package dante.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Cholesky and the triangular solves, both kernel sets, against double precision. Sizes
 * cross the solves' 64-column blocks (1..150), matrices range from well conditioned to
 * rank-deficient plus a small ridge (the normal equations of ADMM's weight update look like
 * that), views are strided, and rows of right-hand sides include none. The bounds are the
 * textbook backward-error bounds, componentwise, with a constant: {@code |L·Lᵀ − A| ≤
 * c·(d+2)·ε·|L|·|Lᵀ|} and {@code |y·op(L) − b| ≤ c·(d+2)·ε·|y|·|op(L)|}.
 */
class FactorizationProperties {
    private static final List<Kernels> BOTH = List.of(Kernels.panama(2), Kernels.scalar(2));
    private static final double C = 4;

    @Provide
    Arbitrary<Integer> size() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, 150)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(1, 63, 64, 65, 127, 128, 129)));
    }

    /** A symmetric positive definite d×d matrix G·Gᵀ/r + ridge·I, G of rank r ≤ d, scaled; strided when pad > 0. */
    static FloatMatrix spd(MatrixArena arena, Random rnd, int d, int pad) {
        int r = 1 + rnd.nextInt(d + 3);
        double ridge = switch (rnd.nextInt(3)) { case 0 -> 1e-2; case 1 -> 1; default -> 10; };
        double scale = switch (rnd.nextInt(4)) { case 0 -> 1e-3; case 1 -> 1e3; default -> 1; };
        double[][] g = new double[d][r];
        for (double[] row : g) for (int t = 0; t < r; t++) row[t] = rnd.nextGaussian();
        FloatMatrix a = pad > 0 ? arena.allocate(d + 1, d + pad).view(1, pad, d, d) : arena.allocate(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int t = 0; t < r; t++) s += g[i][t] * g[j][t];
                float v = (float) (scale * (s / r + (i == j ? ridge : 0)));
                a.set(i, j, v);
                a.set(j, i, v);
            }
        }
        return a;
    }

    @Property(tries = 150)
    void choleskyIsBackwardStable(@ForAll("size") int d, @ForAll @IntRange(min = 0, max = 3) int pad, @ForAll long seed) {
        for (Kernels k : BOTH) {
            Random rnd = new Random(seed);
            try (MatrixArena arena = new MatrixArena()) {
                FloatMatrix a = spd(arena, rnd, d, pad);
                double[][] a0 = Fixtures.toDouble(a);
                k.cholesky(a);
                for (int i = 0; i < d; i++) {
                    for (int j = i + 1; j < d; j++) assertEquals(0f, a.get(i, j), k.name() + ": upper triangle not cleared at " + i + "," + j);
                    assertTrue(a.get(i, i) > 0, k.name() + ": diagonal " + i + " is " + a.get(i, i));
                }
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j <= i; j++) {
                        double s = 0, abs = 0;
                        for (int t = 0; t <= j; t++) { s += (double) a.get(i, t) * a.get(j, t); abs += Math.abs((double) a.get(i, t) * a.get(j, t)); }
                        double bound = C * (d + 2) * Fixtures.EPS * abs;
                        double err = Math.abs(s - a0[i][j]);
                        if (err > bound) throw new AssertionError(k.name() + " d=" + d + ": (L·Lᵀ − A)[" + i + "," + j + "] = " + err + " > " + bound);
                    }
                }
            }
        }
    }

    @Property(tries = 150)
    void triangularSolvesAreBackwardStable(@ForAll("size") int d, @ForAll @IntRange(min = 0, max = 70) int n,
                                           @ForAll Transpose op, @ForAll @IntRange(min = 0, max = 3) int pad, @ForAll long seed) {
        for (Kernels k : BOTH) {
            Random rnd = new Random(seed);
            try (MatrixArena arena = new MatrixArena()) {
                FloatMatrix l = spd(arena, rnd, d, pad);
                k.cholesky(l);
                FloatMatrix b = n == 0 ? arena.allocate(0, d) : Fixtures.random(arena, rnd, n, d, pad, false);
                double[][] b0 = Fixtures.toDouble(b);
                k.triangularSolve(l, op, b);
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < d; c++) {        // (y·op(L))[c] = Σ_j y_j op(L)[j, c]
                        double s = 0, abs = 0;
                        for (int j = 0; j < d; j++) {
                            double o = op == Transpose.N ? l.get(j, c) : l.get(c, j);
                            s += b.get(i, j) * o;
                            abs += Math.abs(b.get(i, j) * o);
                        }
                        double bound = C * (d + 2) * Fixtures.EPS * abs + Double.MIN_NORMAL;
                        double err = Math.abs(s - b0[i][c]);
                        if (!(err <= bound)) throw new AssertionError(k.name() + " op=" + op + " d=" + d + " row " + i + " col " + c + ": residual " + err + " > " + bound);
                    }
                }
            }
        }
    }

    @Property(tries = 60)
    void choleskySolveMatchesDoublePrecisionOnWellConditionedSystems(@ForAll("size") int d, @ForAll @IntRange(min = 1, max = 40) int n,
                                                                      @ForAll long seed) {
        for (Kernels k : BOTH) {
            Random rnd = new Random(seed);
            try (MatrixArena arena = new MatrixArena()) {
                FloatMatrix a = arena.allocate(d, d);                 // diagonally dominant: condition number below 3
                for (int i = 0; i < d; i++) for (int j = 0; j <= i; j++) {
                    float v = i == j ? 2f : (float) (rnd.nextGaussian() * 0.5 / d);
                    a.set(i, j, v);
                    a.set(j, i, v);
                }
                double[][] a0 = Fixtures.toDouble(a);
                FloatMatrix b = Fixtures.random(arena, rnd, n, d, 0, false);
                double[][] b0 = Fixtures.toDouble(b);
                double[][] ref = solveInDouble(a0, b0);
                k.cholesky(a);
                k.choleskySolve(a, b);
                double[][] got = Fixtures.toDouble(b);
                for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) {
                    double tol = 64 * d * Fixtures.EPS * (1 + Math.abs(ref[i][j]));
                    assertEquals(ref[i][j], got[i][j], tol, k.name() + " d=" + d + " x[" + i + "," + j + "]");
                }
            }
        }
    }

    /** Gaussian elimination with partial pivoting on x·A = b, i.e. Aᵀ·xᵀ = bᵀ, in double. */
    static double[][] solveInDouble(double[][] a, double[][] b) {
        int d = a.length, n = b.length;
        double[][] out = new double[n][];
        for (int r = 0; r < n; r++) {
            double[][] m = new double[d][d + 1];
            for (int i = 0; i < d; i++) { for (int j = 0; j < d; j++) m[i][j] = a[j][i]; m[i][d] = b[r][i]; }
            for (int c = 0; c < d; c++) {
                int p = c;
                for (int i = c + 1; i < d; i++) if (Math.abs(m[i][c]) > Math.abs(m[p][c])) p = i;
                double[] t = m[c]; m[c] = m[p]; m[p] = t;
                for (int i = c + 1; i < d; i++) {
                    double f = m[i][c] / m[c][c];
                    for (int j = c; j <= d; j++) m[i][j] -= f * m[c][j];
                }
            }
            double[] x = new double[d];
            for (int i = d - 1; i >= 0; i--) {
                double s = m[i][d];
                for (int j = i + 1; j < d; j++) s -= m[i][j] * x[j];
                x[i] = s / m[i][i];
            }
            out[r] = x;
        }
        return out;
    }

    @Property(tries = 60)
    void notPositiveDefiniteIsRefusedWithThePivot(@ForAll @IntRange(min = 1, max = 90) int d, @ForAll long seed) {
        for (Kernels k : BOTH) {
            Random rnd = new Random(seed);
            try (MatrixArena arena = new MatrixArena()) {
                FloatMatrix a = spd(arena, rnd, d, 0);
                int bad = rnd.nextInt(d);
                switch (rnd.nextInt(3)) {
                    case 0 -> a.set(bad, bad, -1f);                   // a negative diagonal: pivot ≤ that
                    case 1 -> a.set(bad, bad, Float.NaN);
                    default -> { for (int j = 0; j < d; j++) { a.set(bad, j, 0f); a.set(j, bad, 0f); } }   // singular
                }
                ArithmeticException e = assertThrows(ArithmeticException.class, () -> k.cholesky(a), k.name());
                assertTrue(e.getMessage().contains("pivot " + bad) && e.getMessage().contains(d + "×" + d), e.getMessage());
            }
        }
    }

    @Property(tries = 30)
    void solvesAreBitIdenticalOnEveryThreadCount(@ForAll("size") int d, @ForAll @IntRange(min = 0, max = 300) int n, @ForAll Transpose op, @ForAll long seed) {
        try (Kernels one = Kernels.panama(1); Kernels three = Kernels.panama(3); MatrixArena arena = new MatrixArena()) {
            Random rnd = new Random(seed);
            FloatMatrix l = spd(arena, rnd, d, 0);
            one.cholesky(l);
            FloatMatrix b = n == 0 ? arena.allocate(0, d) : Fixtures.random(arena, rnd, n, d, 0, false);
            FloatMatrix c = arena.allocate(n, d).copyFrom(b);
            one.triangularSolve(l, op, b);
            three.triangularSolve(l, op, c);
            org.junit.jupiter.api.Assertions.assertArrayEquals(b.toArray(), c.toArray(), "1 and 3 threads");
        }
    }

    @Property(tries = 40)
    void panamaAndScalarAgreeToRounding(@ForAll("size") int d, @ForAll @IntRange(min = 1, max = 50) int n, @ForAll long seed) {
        float[][] results = new float[2][];
        for (int t = 0; t < 2; t++) {
            Kernels k = BOTH.get(t);
            Random rnd = new Random(seed);
            try (MatrixArena arena = new MatrixArena()) {
                FloatMatrix a = arena.allocate(d, d);
                for (int i = 0; i < d; i++) for (int j = 0; j <= i; j++) {
                    float v = i == j ? 2f : (float) (rnd.nextGaussian() * 0.5 / d);
                    a.set(i, j, v);
                    a.set(j, i, v);
                }
                FloatMatrix b = Fixtures.random(arena, rnd, n, d, 0, false);
                k.cholesky(a);
                k.choleskySolve(a, b);
                results[t] = b.toArray();
            }
        }
        for (int i = 0; i < results[0].length; i++) {
            assertEquals(results[1][i], results[0][i], 32 * d * Fixtures.EPS * (1 + Math.abs(results[1][i])), "element " + i);
        }
    }
}
