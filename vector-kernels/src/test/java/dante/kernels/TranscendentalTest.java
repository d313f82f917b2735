package dante.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels' e^x, log(1 + u) and tanh: close to java.lang.Math, and the same bits
 * whether HotSpot has compiled them or not. The second is the point: the Vector API's own
 * EXP/LOG1P/TANH are computed by a vector math library once C2 compiles the caller and by
 * java.lang.Math before, and differ in the last bit in about one lane in a hundred, so a run's
 * first evaluations (made before compilation) rounded differently from one run to the next.
 */
class TranscendentalTest {
    private static final int L = PanamaKernels.L;

    private static float[] apply(UnaryOperator<FloatVector> f, float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i + L <= x.length; i += L) f.apply(FloatVector.fromArray(PanamaKernels.FS, x, i)).intoArray(y, i);
        return y;
    }

    private static void within(String name, UnaryOperator<FloatVector> f, DoubleUnaryOperator ref, float[] x, int ulps) {
        float[] y = apply(f, x);
        int worst = 0;
        float at = Float.NaN;
        for (int i = 0; i < x.length; i++) {
            float want = (float) ref.applyAsDouble(x[i]);
            if (Float.isInfinite(want) || want == 0f) {
                assertEquals(want, y[i], name + "(" + x[i] + ")");
                continue;
            }
            int d = Math.abs(Float.floatToIntBits(y[i]) - Float.floatToIntBits(want));
            if (d > worst) { worst = d; at = x[i]; }
        }
        assertTrue(worst <= ulps, name + ": " + worst + " ulp from Math at " + at + " (allowed " + ulps + ")");
    }

    private static float[] inputs(int n, long seed, double lo, double hi, float... edges) {
        Random r = new Random(seed);
        int m = (n + edges.length + L - 1) / L * L;
        float[] x = new float[m];
        for (int i = 0; i < m; i++) x[i] = i < edges.length ? edges[i] : (float) (lo + (hi - lo) * r.nextDouble());
        return x;
    }

    @Test
    void expIsWithinTwoUlpsOfMath() {
        within("exp", PanamaKernels::exp, Math::exp, inputs(200_000, 1, -87, 88.3,
                0f, -0f, 1f, -1f, 1e-8f, -1e-8f, 0.5f, -0.5f, 0.34657359f, -0.34657359f, 10f, -10f, 88f, -87f, 88.37f), 2);
        within("exp near 0", PanamaKernels::exp, Math::exp, inputs(50_000, 2, -1, 1), 2);
        float[] y = apply(PanamaKernels::exp, inputs(0, 3, 0, 0, -88f, -100f, -1e30f, Float.NEGATIVE_INFINITY, 89f, 1e30f, Float.POSITIVE_INFINITY, 0f));
        assertEquals(0f, y[0], "e^-88 underflows to 0 as in Cephes (Math gives a subnormal)");
        assertEquals(0f, y[3]);
        assertEquals(Float.POSITIVE_INFINITY, y[4]);
        assertEquals(Float.POSITIVE_INFINITY, y[6]);
    }

    @Test
    void log1pIsWithinTwoUlpsOfMathOnTheUnitInterval() {
        within("log1p", PanamaKernels::log1p01, Math::log1p, inputs(200_000, 4, 0, 1,
                0f, 1f, 1e-30f, 1e-8f, 0.41421356f, 0.41421357f, 0.5f, 0.999999f), 2);
        within("log1p small", PanamaKernels::log1p01, Math::log1p, inputs(50_000, 5, 0, 1e-3), 2);
    }

    @Test
    void tanhIsWithinThreeUlpsOfMath() {
        within("tanh", PanamaKernels::tanh, Math::tanh, inputs(200_000, 6, -12, 12,
                0f, -0f, 0.625f, -0.625f, 0.62500006f, 1e-6f, -1e-6f, 9f, -9f, 20f, -20f), 3);
        within("tanh small", PanamaKernels::tanh, Math::tanh, inputs(50_000, 7, -0.7, 0.7), 3);
    }

    /** The kernels that use them, on rows long enough to vectorize, as bit patterns. */
    static List<String> results(int warmCalls) {
        List<String> out = new ArrayList<>();
        try (Kernels k = Kernels.panama(1); MatrixArena arena = new MatrixArena()) {
            Random rnd = new Random(42);
            int rows = 40, cols = 301;
            FloatMatrix z = arena.allocate(rows, cols), t = arena.allocate(rows, cols), g = arena.allocate(rows, cols), y = arena.allocate(rows, cols);
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) z.set(i, j, (float) (rnd.nextGaussian() * 4));
            for (int i = 0; i < rows; i++) t.set(i, (i * 5) % cols, 1f);
            for (int rep = 0; rep <= warmCalls; rep++) {
                double ce = k.softmaxCrossEntropy(z, t, 0.5f, g);
                if (rep == warmCalls) { out.add(Long.toHexString(Double.doubleToRawLongBits(ce))); for (float f : g.toArray()) out.add(Integer.toHexString(Float.floatToRawIntBits(f))); }
                double bce = k.binaryCrossEntropyWithLogits(z, t, 0.5f, g);
                if (rep == warmCalls) { out.add(Long.toHexString(Double.doubleToRawLongBits(bce))); for (float f : g.toArray()) out.add(Integer.toHexString(Float.floatToRawIntBits(f))); }
                for (int op = 0; op < 3; op++) {
                    if (op == 0) k.softmaxRows(z, y);
                    else if (op == 1) k.sigmoid(z, y);
                    else k.tanh(z, y);
                    if (rep == warmCalls) for (float f : y.toArray()) out.add(Integer.toHexString(Float.floatToRawIntBits(f)));
                }
            }
        }
        return out;
    }

    /**
     * Prints {@link #results} for an interpreted JVM.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        System.out.println(String.join(" ", results(0)));
    }

    @Test
    void interpretedAndCompiledKernelsGiveTheSameBits() throws Exception {
        List<String> compiled = results(3_000);
        String javaBin = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xint", "--add-modules", "jdk.incubator.vector"));
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Ddante.") || a.startsWith("-XX:UseAVX") || a.equals("-XX:+IgnoreUnrecognizedVMOptions")) cmd.add(a);   // the same vectors
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TranscendentalTest.class.getName()));
        Process p = new ProcessBuilder(cmd).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "the interpreted JVM failed: " + err);
        List<String> interpreted = List.of(printed.split(" "));
        assertEquals(compiled.size(), interpreted.size());
        int differ = 0, first = -1;
        for (int i = 0; i < compiled.size(); i++) if (!compiled.get(i).equals(interpreted.get(i))) { differ++; if (first < 0) first = i; }
        assertEquals(0, differ, differ + " of " + compiled.size() + " results differ between C2 and -Xint, the first at " + first
                + " (layout: cross-entropy and its gradient, binary cross-entropy and its gradient, softmax, sigmoid, tanh)");
    }
}
