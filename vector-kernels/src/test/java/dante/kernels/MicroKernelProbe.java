package dante.kernels;

import java.util.Random;

/**
 * The GEMM micro-kernel alone, on packed panels that stay in cache: GFLOP/s at a given depth
 * KC, to see whether a B panel and an A strip of that depth fit this CPU's L1 (bench/RESULTS.md,
 * "GEMM on this machine"). A main program, not a test. Usage, after {@code ./mvnw install}:
 * {@code java --add-modules jdk.incubator.vector -cp vector-kernels/target/classes:vector-kernels/target/test-classes
 * dante.kernels.MicroKernelProbe KC}.
 */
public final class MicroKernelProbe {
    private MicroKernelProbe() {}

    public static void main(String[] args) {
        int kc = Integer.parseInt(args[0]);
        int mr = PanamaKernels.MR, nr = PanamaKernels.NR;
        float[] ap = new float[mr * kc], bp = new float[nr * kc], tile = new float[mr * nr];
        Random r = new Random(1);
        for (int i = 0; i < ap.length; i++) ap[i] = r.nextFloat();
        for (int i = 0; i < bp.length; i++) bp[i] = r.nextFloat();
        for (int rep = 0; rep < 8; rep++) {
            long best = Long.MAX_VALUE;
            for (int t = 0; t < 200; t++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 1000; i++) PanamaKernels.microKernel(ap, 0, bp, 0, kc, tile);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("KC %d: micro-kernel %.1f GFLOP/s (L1d %d KB)%n", kc, 2.0 * mr * nr * kc * 1000 / best, PanamaKernels.l1DataBytes() / 1024);
        }
    }
}
