package dante.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;
import dante.kernels.Transpose;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast is C = op(A)·op(B) (α = 1, β = 0) for the naive loop, the scalar reference and
 * the Vector API kernel? Shapes are "m×n×k_{op(A)}{op(B)}": square, and the MLP's forward
 * (X·Wᵀ), hidden-layer and weight-gradient (Xᵀ·Δ) products. GFLOP/s = 2mnk / time;
 * {@code bench/gemm.sh} converts and sets the numpy/OpenBLAS anchor beside it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GemmBenchmark {
    /** A benchmark state; JMH creates it. */
    public GemmBenchmark() {}


    /** The implementation: panama, scalar or naive. */
    @Param({"panama", "scalar", "naive"})
    public String impl;

    /** Kernel threads. */
    @Param({"1", "2"})
    public int threads;

    /** The product, as "m×n×k" then op(A) op(B), e.g. "64x256x784_NT". */
    @Param({"256x256x256_NN", "512x512x512_NN", "1024x1024x1024_NN",
            "64x256x784_NT", "256x600x784_NT", "784x256x64_TN"})
    public String shape;

    private MatrixArena arena;
    private Kernels kernels;
    private FloatMatrix a, b, c;
    private float[] aArr, bArr, cArr;
    private int m, n, k;
    private Transpose ta, tb;

    /** Allocates and fills the operands (once per trial). */
    @Setup(Level.Trial)
    public void setup() {
        String[] s = shape.split("[x_]");
        m = Integer.parseInt(s[0]); n = Integer.parseInt(s[1]); k = Integer.parseInt(s[2]);
        ta = Transpose.valueOf(s[3].substring(0, 1)); tb = Transpose.valueOf(s[3].substring(1, 2));
        arena = new MatrixArena();
        Random rnd = new Random(42);
        aArr = fill(rnd, m * k); bArr = fill(rnd, k * n); cArr = new float[m * n];
        a = ta == Transpose.N ? arena.copyOf(aArr, m, k) : arena.copyOf(aArr, k, m);
        b = tb == Transpose.N ? arena.copyOf(bArr, k, n) : arena.copyOf(bArr, n, k);
        c = arena.allocate(m, n);
        kernels = switch (impl) {
            case "panama" -> Kernels.panama(threads);
            case "scalar", "naive" -> Kernels.scalar(threads);
            default -> throw new IllegalArgumentException("impl: expected panama, scalar or naive, found " + impl);
        };
        // A fast wrong kernel must not post a number: check one result against a double reference.
        gemm();
        float[] got = impl.equals("naive") ? cArr : c.toArray();
        for (int i = 0; i < m; i += Math.max(1, m / 7)) {
            for (int j = 0; j < n; j += Math.max(1, n / 7)) {
                double ref = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = (double) opA(i, p) * opB(p, j);
                    ref += x;
                    abs += Math.abs(x);
                }
                if (Math.abs(got[i * n + j] - ref) > 4 * k * Math.ulp(1f) * abs + 1e-30) {
                    throw new IllegalStateException(impl + " gemm is wrong at (" + i + "," + j + "): " + got[i * n + j] + " vs " + ref);
                }
            }
        }
    }

    private float opA(int i, int p) { return ta == Transpose.N ? aArr[i * k + p] : aArr[p * m + i]; }
    private float opB(int p, int j) { return tb == Transpose.N ? bArr[p * n + j] : bArr[j * k + p]; }

    private static float[] fill(Random rnd, int len) {
        float[] d = new float[len];
        for (int i = 0; i < len; i++) d[i] = (float) rnd.nextGaussian();
        return d;
    }

    /** Frees the operands. */
    @TearDown(Level.Trial)
    public void tearDown() { arena.close(); }

    /**
     * One product.
     *
     * @return the result (kept alive for JMH)
     */
    @Benchmark
    public Object gemm() {
        if (impl.equals("naive")) {
            naive();
            return cArr;
        }
        kernels.gemm(ta, tb, 1f, a, b, 0f, c);
        return c;
    }

    /** The textbook triple loop on Java arrays (one thread): what "no kernel at all" costs. */
    private void naive() {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) s += opA(i, p) * opB(p, j);
                cArr[i * n + j] = s;
            }
        }
    }
}
