package dante.kernels;

import java.util.Random;

/**
 * The kernel self-check: says which kernels, vector width and thread count are in use,
 * checks GEMM against the scalar reference, and prints a GEMM GFLOP/s figure.
 * This is a smoke figure; the measured numbers live in bench/ (JMH).
 */
public final class KernelSelfCheck {
    private KernelSelfCheck() {}

    /**
     * Runs the self-check.
     *
     * @param args optionally the GEMM size n (default 1024)
     */
    public static void main(String[] args) {
        Kernels k = Kernels.best();
        System.out.printf("dante kernels: %s, vector width %d bits, %d thread(s), JDK %s%n",
                k.name(), k.vectorBits(), k.threads(), Runtime.version());
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        try (MatrixArena arena = new MatrixArena()) {
            FloatMatrix a = random(arena, n, n, 1), b = random(arena, n, n, 2);
            FloatMatrix c = arena.allocate(n, n), ref = arena.allocate(n, n);
            int m = Math.min(n, 64);
            Kernels.scalar(1).gemm(Transpose.N, Transpose.N, 1f, a.rowRange(0, m), b, 0f, ref.rowRange(0, m));
            k.gemm(Transpose.N, Transpose.N, 1f, a, b, 0f, c);
            double maxErr = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) maxErr = Math.max(maxErr, Math.abs(c.get(i, j) - ref.get(i, j)));
            }
            System.out.printf("gemm %d×%d×%d agrees with the scalar reference: max |Δ| = %.3g%n", n, n, n, maxErr);
            if (maxErr > 1e-3 * Math.sqrt(n)) {
                System.err.println("dante: GEMM disagrees with the scalar reference; this is a bug");
                System.exit(1);
            }
            double flops = 2.0 * n * n * n, best = Double.MAX_VALUE;
            long until = System.nanoTime() + 3_000_000_000L;
            int reps = 0;
            while (reps < 3 || (System.nanoTime() < until && reps < 200)) {
                long t0 = System.nanoTime();
                k.gemm(Transpose.N, Transpose.N, 1f, a, b, 0f, c);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                reps++;
            }
            System.out.printf("gemm %d×%d×%d: %.1f GFLOP/s (best of %d runs on %d thread(s))%n",
                    n, n, n, flops / best / 1e9, reps, k.threads());
        }
    }

    private static FloatMatrix random(MatrixArena arena, int r, int c, long seed) {
        Random rnd = new Random(seed);
        float[] d = new float[r * c];
        for (int i = 0; i < d.length; i++) d[i] = (float) rnd.nextGaussian();
        return arena.copyOf(d, r, c);
    }
}
