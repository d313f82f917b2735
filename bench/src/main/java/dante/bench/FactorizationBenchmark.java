package dante.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;

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
 * ADMM's linear algebra: the Cholesky factorization of a d×d Gram matrix (d = 101, 257, 785:
 * the bias-augmented inputs of Figure 8's layers) and the solve of n = 16 384 right-hand-side
 * rows against it ({@code choleskySolve}: two blocked triangular solves). Each invocation
 * restores its input first (a copy, timed too, and small against the work). The anchor is
 * scipy.linalg on OpenBLAS (bench/factorization.sh).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
public class FactorizationBenchmark {
    /** A benchmark state; JMH creates it. */
    public FactorizationBenchmark() {}

    static final int ROWS = 16_384;

    /** The Gram matrix's side. */
    @Param({"101", "257", "785"})
    public int d;

    /** The kernels: panama or scalar. */
    @Param({"panama", "scalar"})
    public String impl;

    /** Kernel threads. */
    @Param({"1", "2"})
    public int threads;

    private MatrixArena arena;
    private Kernels k;
    private FloatMatrix spd, work, factor, rhs, rhsWork;

    /** Builds a symmetric positive definite matrix, its factor and the right-hand sides (once per trial). */
    @Setup(Level.Trial)
    public void setup() {
        k = impl.equals("panama") ? Kernels.panama(threads) : Kernels.scalar(threads);
        arena = new MatrixArena();
        Random r = new Random(1);
        FloatMatrix g = arena.allocate(2 * d, d);
        for (int i = 0; i < 2 * d; i++) for (int j = 0; j < d; j++) g.set(i, j, (float) r.nextGaussian());
        spd = arena.allocate(d, d);
        k.gemm(dante.kernels.Transpose.T, dante.kernels.Transpose.N, 1f, g, g, 0f, spd);
        for (int i = 0; i < d; i++) spd.set(i, i, spd.get(i, i) + d);
        work = arena.allocate(d, d);
        factor = arena.allocate(d, d).copyFrom(spd);
        k.cholesky(factor);
        rhs = arena.allocate(ROWS, d);
        for (int i = 0; i < ROWS; i++) for (int j = 0; j < d; j++) rhs.set(i, j, (float) r.nextGaussian());
        rhsWork = arena.allocate(ROWS, d);
    }

    /** Frees the matrices and the kernels' threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
        k.close();
    }

    /**
     * Restores the input and factors it.
     *
     * @return the factor (kept alive for JMH)
     */
    @Benchmark
    public FloatMatrix cholesky() {
        work.copyFrom(spd);
        k.cholesky(work);
        return work;
    }

    /**
     * Restores the right-hand sides and solves them against the factor.
     *
     * @return the solutions (kept alive for JMH)
     */
    @Benchmark
    public FloatMatrix choleskySolve() {
        rhsWork.copyFrom(rhs);
        k.choleskySolve(factor, rhsWork);
        return rhsWork;
    }
}
