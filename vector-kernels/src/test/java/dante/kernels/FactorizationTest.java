package dante.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The factorization kernels' contract: a worked example, shapes refused with both shapes, column blocks of one matrix as GEMM operands. */
class FactorizationTest {

    static Kernels kernels(String name) { return name.equals("panama") ? Kernels.panama(2) : Kernels.scalar(2); }

    @ParameterizedTest
    @ValueSource(strings = {"panama", "scalar"})
    void aWorkedExample(String name) {
        try (Kernels k = kernels(name)) {
            // A = [[4, 2], [2, 3]] = L·Lᵀ with L = [[2, 0], [1, √2]]
            FloatMatrix a = FloatMatrix.wrap(new float[] {4, 2, 2, 3}, 2, 2);
            k.cholesky(a);
            assertArrayEquals(new float[] {2, 0, 1, (float) Math.sqrt(2)}, a.toArray(), 1e-6f);
            // x·A = [8, 7] → x = [1.25, 1.5]
            FloatMatrix b = FloatMatrix.wrap(new float[] {8, 7}, 1, 2);
            k.choleskySolve(a, b);
            assertArrayEquals(new float[] {1.25f, 1.5f}, b.toArray(), 1e-6f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"panama", "scalar"})
    void shapesAndSingularFactorsAreRefused(String name) {
        try (Kernels k = kernels(name)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> k.cholesky(FloatMatrix.wrap(new float[6], 2, 3)));
            assertTrue(e.getMessage().contains("2×3"), e.getMessage());
            FloatMatrix l = FloatMatrix.wrap(new float[] {1, 0, 0, 1}, 2, 2);
            e = assertThrows(IllegalArgumentException.class, () -> k.triangularSolve(l, Transpose.N, FloatMatrix.wrap(new float[3], 1, 3)));
            assertTrue(e.getMessage().contains("1×3") && e.getMessage().contains("2×2"), e.getMessage());
            FloatMatrix singular = FloatMatrix.wrap(new float[] {1, 0, 5, 0}, 2, 2);
            ArithmeticException z = assertThrows(ArithmeticException.class, () -> k.triangularSolve(singular, Transpose.T, FloatMatrix.wrap(new float[2], 1, 2)));
            assertTrue(z.getMessage().contains("diagonal entry 1"), z.getMessage());
            FloatMatrix same = FloatMatrix.wrap(new float[] {1, 0, 0, 1}, 2, 2);
            assertThrows(IllegalArgumentException.class, () -> k.triangularSolve(same, Transpose.N, same));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"panama", "scalar"})
    void columnBlocksOfOneMatrixAreDisjointGemmOperandsButOverlapsAreNot(String name) {
        try (Kernels k = kernels(name); MatrixArena arena = new MatrixArena()) {
            FloatMatrix m = arena.allocate(5, 8);
            for (int i = 0; i < 5; i++) for (int j = 0; j < 8; j++) m.set(i, j, i + j);
            FloatMatrix left = m.view(0, 0, 5, 3), right = m.view(0, 3, 5, 5);
            FloatMatrix w = FloatMatrix.wrap(new float[15], 3, 5);
            w.fill(1f);
            k.gemm(Transpose.N, Transpose.N, 1f, left, w, 0f, right);      // right[i][j] = Σ_t left[i][t] = 3i + 3
            for (int i = 0; i < 5; i++) for (int j = 3; j < 8; j++) assertEquals(3 * i + 3, m.get(i, j), 0f);
            FloatMatrix overlapping = m.view(0, 2, 5, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.gemm(Transpose.N, Transpose.N, 1f, left, FloatMatrix.wrap(new float[9], 3, 3), 0f, overlapping));
            assertTrue(e.getMessage().contains("shares memory"), e.getMessage());
            FloatMatrix nextRows = m.view(1, 0, 4, 3);
            assertThrows(IllegalArgumentException.class, () -> k.gemm(Transpose.N, Transpose.N, 1f, left.view(0, 0, 4, 3), FloatMatrix.wrap(new float[9], 3, 3), 0f, nextRows));
        }
    }
}
