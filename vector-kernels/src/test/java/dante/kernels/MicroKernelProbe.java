package dante.kernels;

import java.util.Random;

/**
 * The GEMM micro-kernels alone, on packed panels that stay in cache: GFLOP/s of each tile
 * shape at a given depth KC, to see which shape this CPU's registers hold without spilling and
 * whether a B strip and an A strip of that depth fit its L1 (bench/RESULTS.md). A main
 * program, not a test. Usage, after {@code ./mvnw install}:
 * {@code java [-XX:UseAVX=2] --add-modules jdk.incubator.vector -cp vector-kernels/target/classes:vector-kernels/target/test-classes
 * dante.kernels.MicroKernelProbe KC [SHAPE...]} with shapes such as {@code 8x2 4x2 3x3} (rows × vectors).
 */
public final class MicroKernelProbe {
    private MicroKernelProbe() {}

    public static void main(String[] args) {
        int kc = Integer.parseInt(args[0]);
        String[] shapes = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) : new String[] {"8x2", "4x2", "3x3"};
        int l = PanamaKernels.L;
        System.out.println("this process's tile: " + PanamaKernels.TILE);
        for (String shape : shapes) {
            String[] d = shape.split("x");
            int mr = Integer.parseInt(d[0]), v = Integer.parseInt(d[1]), nr = v * l;
            float[] ap = new float[mr * kc], bp = new float[nr * kc];
            java.lang.foreign.MemorySegment tile = java.lang.foreign.Arena.ofAuto().allocate((long) mr * nr * Float.BYTES, 64);
            Random r = new Random(1);
            for (int i = 0; i < ap.length; i++) ap[i] = r.nextFloat();
            for (int i = 0; i < bp.length; i++) bp[i] = r.nextFloat();
            double bestRate = 0;
            for (int rep = 0; rep < 6; rep++) {
                long best = Long.MAX_VALUE;
                for (int t = 0; t < 200; t++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 1000; i++) {
                        switch (shape) {
                            case "8x2" -> PanamaGemm.microKernel8x2Into(ap, 0, bp, 0, kc, tile, 0, (long) nr * Float.BYTES, 1f, 0f);
                            case "4x2" -> PanamaGemm.microKernel4x2Into(ap, 0, bp, 0, kc, tile, 0, (long) nr * Float.BYTES, 1f, 0f);
                            case "3x3" -> PanamaGemm.microKernel3x3(ap, 0, bp, 0, kc, tile);
                            default -> throw new IllegalArgumentException("no micro-kernel " + shape);
                        }
                    }
                    best = Math.min(best, System.nanoTime() - t0);
                }
                bestRate = Math.max(bestRate, 2.0 * mr * nr * kc * 1000 / best);
            }
            System.out.printf("%s (%d×%d), KC %d: micro-kernel %.1f GFLOP/s (L1d %d KB)%n", shape, mr, nr, kc, bestRate, GemmTile.l1DataBytes() / 1024);
        }
    }
}
