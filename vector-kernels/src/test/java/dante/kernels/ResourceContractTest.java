package dante.kernels;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Kernels and pools have a lifecycle; contracts that were silently broken now fail loudly. */
class ResourceContractTest {

    static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith("dante-worker-")).count();
    }

    @Test
    void aThousandKernelsCreatedAndClosedLeaveTheThreadCountFlat() {
        long before = workerThreads();
        try (MatrixArena a = new MatrixArena()) {
            FloatMatrix x = a.allocate(64, 64), y = a.allocate(64, 64), z = a.allocate(64, 64);
            for (int i = 0; i < 1000; i++) {
                try (Kernels k = i % 2 == 0 ? Kernels.scalar(2) : Kernels.panama(2)) {
                    if (i % 100 == 0) k.gemm(Transpose.N, Transpose.N, 1f, x, y, 0f, z);
                }
            }
        }
        assertTrue(workerThreads() <= before + 1, "worker threads before " + before + ", after " + workerThreads());
        Kernels.best().close();
        try (MatrixArena a = new MatrixArena()) {
            FloatMatrix v = a.allocate(1, 4);
            assertDoesNotThrow(() -> Kernels.best().dot(v, v), "closing the shared default does nothing");
        }
    }

    @Test
    void gemmRefusesAnOutputThatSharesMemoryWithAnInput() {
        for (Kernels k : new Kernels[] {Kernels.scalar(1), Kernels.panama(1)}) {
            try (MatrixArena a = new MatrixArena(); k) {
                FloatMatrix m = a.allocate(8, 8);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> k.gemm(Transpose.N, Transpose.N, 1f, m, m, 0f, m));
                assertTrue(e.getMessage().contains("shares memory with A"), e.getMessage());
                FloatMatrix big = a.allocate(16, 8), top = big.rowRange(0, 8), mid = big.rowRange(4, 12), other = a.allocate(8, 8);
                assertThrows(IllegalArgumentException.class, () -> k.gemm(Transpose.N, Transpose.N, 1f, other, top, 0f, mid), "overlapping views of one matrix");
                assertDoesNotThrow(() -> k.gemm(Transpose.N, Transpose.N, 1f, other, big.rowRange(0, 8), 0f, big.rowRange(8, 16)), "disjoint views of one matrix are fine");
            }
        }
    }

    @Test
    void nestedUseOfAPoolIsRefusedInsteadOfDeadlocking() {
        try (Parallel p = new Parallel(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.forEach(4, (task, worker) -> p.forEach(2, (t, w) -> { })));
            assertTrue(e.getMessage().contains("nested"), e.getMessage());
            int[] ran = new int[4];
            p.forEach(4, (task, worker) -> ran[task]++);
            assertEquals(4, java.util.Arrays.stream(ran).sum(), "the pool still works after a refused nested call");
        }
    }

    @Test
    void negativeSizesAndSecondClosesAreHandled() {
        MatrixArena a = new MatrixArena();
        assertThrows(IllegalArgumentException.class, () -> a.allocateFloats(-5));
        a.close();
        assertDoesNotThrow(a::close, "closing twice is harmless");
        Parallel p = new Parallel(2);
        p.close();
        assertDoesNotThrow(p::close);
        assertThrows(IllegalStateException.class, () -> p.forEach(3, (t, w) -> { }), "a closed pool says so");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatrixArena.requireFits(Long.MAX_VALUE / 2, "a test buffer"));
        assertTrue(e.getMessage().startsWith("a test buffer needs") && e.getMessage().contains("of memory"), e.getMessage());
    }
}
