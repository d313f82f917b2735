package dante.cli;

import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;
import dante.kernels.Transpose;

/**
 * Runs the kernels of a network's training step on throwaway matrices, on a daemon thread, so
 * that the JIT compiles them while the command parses its options and loads its data. Vector API
 * code runs 100–300× slower until C2 has compiled it, and without this the first evaluation of
 * the untrained network and the first steps wait for the compiler. The shapes reach every path
 * of the GEMM (full and partial tiles, two K blocks, the three orientations of a step). Nothing
 * here touches the run's matrices or kernels: the numbers cannot change. It runs only where a
 * second processor can take it, for a bounded time.
 *
 * <p>Off unless {@code -Ddante.warmup=true}. On two vCPUs it shortened the first epoch (0.77–0.94 s
 * against 1.03–1.23 s) but lengthened the whole four-epoch {@code dante train} by half a second
 * (6.2 s against 5.7 s, bench/RESULTS.md): its uncompiled steps take the core that the JIT's two
 * compiler threads and the loading need. Not measured on machines with more cores.
 */
final class KernelWarmUp {
    private static final long MAX_NANOS = 3_000_000_000L;
    private static final int MAX_STEPS = 400;

    private KernelWarmUp() {}

    static void inBackground(Kernels run) {
        if (!"panama".equals(run.name()) || Runtime.getRuntime().availableProcessors() < 2 || !Boolean.getBoolean("dante.warmup")) return;
        Thread t = new Thread(KernelWarmUp::warmUp, "dante-kernel-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void warmUp() {
        int n = 64, d = 300, h = 40, c = 10;                       // d > KC (256): two K blocks; h and c: partial tiles
        try (Kernels k = Kernels.panama(1); MatrixArena a = new MatrixArena()) {
            FloatMatrix x = a.allocate(n, d), w1 = a.allocate(h, d), b1 = a.allocate(1, h), z1 = a.allocate(n, h), h1 = a.allocate(n, h);
            FloatMatrix w2 = a.allocate(c, h), z2 = a.allocate(n, c), a2 = a.allocate(n, c), y = a.allocate(n, c), g2 = a.allocate(n, c), gw2 = a.allocate(c, h);
            FloatMatrix gh = a.allocate(n, h), gz = a.allocate(n, h), gw1 = a.allocate(h, d), gb1 = a.allocate(1, h), s = a.allocate(n, h);
            int[] argmax = new int[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) x.set(i, j, ((i * 31 + j * 17) % 97) / 97f - 0.5f);
                y.set(i, i % c, 1);
            }
            for (int i = 0; i < h; i++) for (int j = 0; j < d; j++) w1.set(i, j, ((i * 13 + j * 7) % 89) / 890f - 0.05f);
            for (int i = 0; i < c; i++) for (int j = 0; j < h; j++) w2.set(i, j, ((i * 11 + j * 5) % 83) / 830f - 0.05f);
            long end = System.nanoTime() + MAX_NANOS;
            for (int step = 0; step < MAX_STEPS && System.nanoTime() < end; step++) {
                long t0 = System.nanoTime();
                k.gemm(Transpose.N, Transpose.T, 1, x, w1, 0, z1);                    // forward: X·Wᵀ
                k.addRowVector(b1, z1);
                k.generalizedRelu(0.01f, 1, z1, h1);
                k.sigmoid(z1, s);
                k.gemm(Transpose.N, Transpose.T, 1, h1, w2, 0, z2);
                k.softmaxRows(z2, a2);                                                    // a softmax output layer's forward
                if (step % 2 == 0) k.softmaxCrossEntropy(z2, y, 1f / n, g2);
                else k.mse(z2, y, 1f / n, g2);
                k.argmaxRows(z2, argmax);
                k.gemm(Transpose.T, Transpose.N, 1, g2, h1, 0, gw2);                  // weight gradient: Δᵀ·H
                k.gemm(Transpose.N, Transpose.N, 1, g2, w2, 0, gh);                   // input gradient: Δ·W
                k.generalizedReluBackward(0.01f, 1, z1, gh, gz);
                k.sigmoidBackward(s, gh, gz);
                k.gemm(Transpose.T, Transpose.N, 1, gz, x, 0, gw1);
                k.columnSums(1, gz, 0, gb1);
                float norm = (float) k.frobeniusNorm(gw1);
                k.axpy(-1e-6f / Math.max(norm, 1e-6f), gw1, w1);
                k.axpy(-1e-6f, gw2, w2);
                // A step that took over a millisecond ran uncompiled code; its counts already asked
                // for the compilation, so rest as long: the compiler threads and the loading need the cores.
                long took = System.nanoTime() - t0;
                if (took > 1_000_000) Thread.sleep(took / 1_000_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | LinkageError e) {
            // a warm-up only: the run reports its own failures
        }
    }
}
