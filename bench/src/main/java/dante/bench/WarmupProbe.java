package dante.bench;

import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;
import dante.kernels.Transpose;

/**
 * How long the JIT takes to make the Vector API GEMM fast in a fresh JVM: calls the
 * forward product of 784-256-10 at batch 64 (64×256×784, X·Wᵀ) until one call takes under
 * 2 ms, and prints when that happened and after how many calls. Optionally first runs N
 * tiny products (to see whether a warm-up on small matrices shortens it).
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector [JVM flags] -cp
 * bench/target/benchmarks.jar dante.bench.WarmupProbe [TINY_CALLS]}.
 */
public final class WarmupProbe {
    private WarmupProbe() {}

    /**
     * Runs the probe.
     *
     * @param args {@code [TINY_CALLS]}
     */
    public static void main(String[] args) {
        long start = System.nanoTime();
        int tiny = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        try (Kernels k = Kernels.panama(1); MatrixArena ar = new MatrixArena()) {
            if (tiny > 0) {
                FloatMatrix ta = ar.allocate(16, 48), tb = ar.allocate(64, 48), tc = ar.allocate(16, 64), tbn = ar.allocate(48, 64);
                for (int i = 0; i < tiny; i++) {
                    k.gemm(Transpose.N, Transpose.T, 1f, ta, tb, 0f, tc);
                    k.gemm(Transpose.N, Transpose.N, 1f, ta, tbn, 1f, tc);
                }
                System.out.printf("%d tiny products done at %.2f s%n", tiny, (System.nanoTime() - start) / 1e9);
            }
            FloatMatrix a = ar.allocate(64, 784), b = ar.allocate(256, 784), c = ar.allocate(64, 256);
            a.fill(0.5f);
            b.fill(0.25f);
            for (int calls = 1; System.nanoTime() - start < 20e9; calls++) {
                long t0 = System.nanoTime();
                k.gemm(Transpose.N, Transpose.T, 1f, a, b, 0f, c);
                if (System.nanoTime() - t0 < 2_000_000) {
                    System.out.printf("first call under 2 ms at %.2f s (call %d)%n", (System.nanoTime() - start) / 1e9, calls);
                    return;
                }
            }
            System.out.println("no call under 2 ms in 20 s");
        }
    }
}
