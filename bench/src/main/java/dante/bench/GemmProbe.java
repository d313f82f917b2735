package dante.bench;

import java.util.Random;

import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;
import dante.kernels.Transpose;

/**
 * A quick GEMM throughput probe for A/B comparisons on a noisy machine: for each shape, the
 * best time over SECONDS of back-to-back calls (10 per timing), as GFLOP/s. Run it
 * alternately with two builds or two settings (e.g. {@code -Ddante.gemm.kc=256}) and
 * compare, as bench/RESULTS.md does. Not a substitute for GemmBenchmark's JMH figures.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dante.bench.GemmProbe THREADS SHAPE[,SHAPE...] [SECONDS]} with shapes such as
 * {@code 64x256x784_NT} (m×n×k, then op(A) op(B)); {@code GemmProbe tile} prints the GEMM tile
 * this JVM chose.
 */
public final class GemmProbe {
    private GemmProbe() {}

    /**
     * Runs the probe.
     *
     * @param args {@code THREADS SHAPE[,SHAPE...] [SECONDS]}
     */
    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("tile")) {
            try (Kernels k = Kernels.panama(1)) {
                System.out.println(k.tuning());
            }
            return;
        }
        if (args.length < 2) throw new IllegalArgumentException("usage: GemmProbe THREADS SHAPE[,SHAPE...] [SECONDS] | GemmProbe tile");
        int threads = Integer.parseInt(args[0]);
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 2;
        try (Kernels k = Kernels.panama(threads); MatrixArena ar = new MatrixArena()) {
            Random r = new Random(1);
            for (String shape : args[1].split(",")) {
                String[] d = shape.split("[x_]");
                int m = Integer.parseInt(d[0]), n = Integer.parseInt(d[1]), kk = Integer.parseInt(d[2]);
                Transpose ta = d[3].charAt(0) == 'T' ? Transpose.T : Transpose.N, tb = d[3].charAt(1) == 'T' ? Transpose.T : Transpose.N;
                FloatMatrix a = ta == Transpose.N ? ar.allocate(m, kk) : ar.allocate(kk, m);
                FloatMatrix b = tb == Transpose.N ? ar.allocate(kk, n) : ar.allocate(n, kk), c = ar.allocate(m, n);
                fill(a, r);
                fill(b, r);
                long best = Long.MAX_VALUE, end = System.nanoTime() + (long) (seconds * 1e9);
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 10; i++) k.gemm(ta, tb, 1f, a, b, 0f, c);
                    best = Math.min(best, (System.nanoTime() - t0) / 10);
                }
                System.out.printf("%s %.1f GFLOP/s%n", shape, 2.0 * m * n * kk / best);
            }
        }
    }

    private static void fill(FloatMatrix x, Random r) {
        for (int i = 0; i < x.rows(); i++) for (int j = 0; j < x.cols(); j++) x.set(i, j, r.nextFloat() - 0.5f);
    }
}
