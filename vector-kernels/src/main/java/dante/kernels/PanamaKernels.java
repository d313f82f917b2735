package dante.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twin of {@link ScalarKernels}. Each kernel is a vector main loop followed
 * by its scalar tail. GEMM is {@link PanamaGemm}'s, with the tile {@link GemmTile} chose for
 * this CPU's vector width and register count. Loaded by name only (see {@link Kernels#best()}); no vector type leaves this class.
 */
final class PanamaKernels implements Kernels, Owned {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final java.lang.foreign.ValueLayout.OfFloat F = FloatMatrix.F32;

    static final VectorSpecies<Float> FS = chooseSpecies();
    /** Doubles in a vector of the same width: a float vector widens into exactly two of them. */
    static final VectorSpecies<Double> DS = VectorSpecies.of(double.class, FS.vectorShape());
    /** Floats of half FS's width: DS's lane count, so widening one to DS is lane for lane. */
    static final VectorSpecies<Float> FH = VectorSpecies.of(float.class, VectorShape.forBitSize(FS.vectorBitSize() / 2));
    static final int L = FS.length();
    /** Doubles in a vector of {@link #DS}. */
    static final int DL = DS.length();

    /** The GEMM's tile and cache blocks for this process, chosen once (see {@link GemmTile#forThisProcess}). */
    static final GemmTile TILE = GemmTile.forThisProcess(FS.vectorBitSize());

    private static VectorSpecies<Float> chooseSpecies() {
        String p = System.getProperty("dante.vector.bits");
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        if (p == null || p.isBlank()) return preferred;
        int bits;
        try {
            bits = Integer.parseInt(p.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property dante.vector.bits: expected 128, 256 or 512, found '" + p + "'");
        }
        VectorSpecies<Float> s = switch (bits) {
            case 128 -> FloatVector.SPECIES_128;
            case 256 -> FloatVector.SPECIES_256;
            case 512 -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException("system property dante.vector.bits: expected 128, 256 or 512, found " + bits);
        };
        if (s.vectorBitSize() > preferred.vectorBitSize()) {
            System.err.println("dante: this CPU's widest float vector is " + preferred.vectorBitSize() + " bits; ignoring dante.vector.bits=" + bits);
            return preferred;
        }
        return s;
    }

    private final Parallel parallel;
    private final PanamaGemm gemm;
    private final RowGather gather;
    private final Object scratchLock = new Object();
    private double[] columnScratch = new double[0];

    PanamaKernels(int threads) {
        this(threads, TILE);
    }

    /** Kernels with a given GEMM tile (tests run the GEMM's properties under every shape). */
    PanamaKernels(int threads, GemmTile tile) {
        this.parallel = new Parallel(threads);
        this.gemm = new PanamaGemm(tile, parallel);
        this.gather = new RowGather(parallel);
    }

    @Override public String name() { return "panama"; }
    @Override public int vectorBits() { return FS.vectorBitSize(); }
    @Override public int threads() { return parallel.threads(); }
    @Override public String tuning() { return gemm.tile().toString(); }

    private volatile boolean shared;

    @Override public void markShared() { shared = true; }

    @Override
    public void close() {
        if (!shared) parallel.close();
    }

    // ================================================================== GEMM

    @Override
    public void gemm(Transpose transA, Transpose transB, float alpha, FloatMatrix a, FloatMatrix b, float beta, FloatMatrix c) {
        Shapes.gemm(transA, transB, a, b, c);
        int m = c.rows(), n = c.cols();
        int k = transA == Transpose.N ? a.cols() : a.rows();
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            if (beta == 0f) c.fill(0f);
            else if (beta != 1f) scale(beta, c);
            return;
        }
        gemm.gemm(transA, transB, alpha, a, b, beta, c, k);
    }

    // ================================================================== broadcasts and reductions

    // Vector loads and stores are written out at each use: a helper that takes or returns a
    // vector boxes it whenever C2 declines to inline it (large kernels exceed the budget).

    @Override
    public void addRowVector(FloatMatrix v, FloatMatrix m) {
        Shapes.requireRowVector("addRowVector", v, m.cols());
        MemorySegment vs = v.segment(), ms = m.segment();
        long vb = v.index(0, 0);
        int n = m.cols(), bound = FS.loopBound(n);
        for (int i = 0; i < m.rows(); i++) {
            long mb = m.index(i, 0);
            int j = 0;
            for (; j < bound; j += L) FloatVector.fromMemorySegment(FS, ms, (mb + j) * Float.BYTES, LE).add(FloatVector.fromMemorySegment(FS, vs, (vb + j) * Float.BYTES, LE)).intoMemorySegment(ms, (mb + j) * Float.BYTES, LE);
            for (; j < n; j++) ms.setAtIndex(F, mb + j, ms.getAtIndex(F, mb + j) + vs.getAtIndex(F, vb + j));
        }
    }

    @Override
    public void columnSums(float alpha, FloatMatrix m, float beta, FloatMatrix out) {
        Shapes.requireRowVector("columnSums", out, m.cols());
        int n = m.cols(), dl = DS.length();
        synchronized (scratchLock) {
            if (columnScratch.length < n + L) columnScratch = new double[n + L];
            double[] acc = columnScratch;
            java.util.Arrays.fill(acc, 0, n, 0.0);
            MemorySegment ms = m.segment();
            int bound = FS.loopBound(n), rows = m.rows();
            // A strip of L columns at a time, its sums held in registers down all the rows (each
            // column still adds its rows in order, in double, as the scalar twin does)
            for (int j = 0; j < bound; j += L) {
                DoubleVector s0 = DoubleVector.zero(DS), s1 = s0;
                for (int i = 0; i < rows; i++) {
                    FloatVector x = FloatVector.fromMemorySegment(FS, ms, (m.index(i, 0) + j) * Float.BYTES, LE);
                    s0 = s0.add((DoubleVector) x.convertShape(VectorOperators.F2D, DS, 0));
                    s1 = s1.add((DoubleVector) x.convertShape(VectorOperators.F2D, DS, 1));
                }
                s0.intoArray(acc, j);
                s1.intoArray(acc, j + dl);                          // DS has half of FS's lanes: two parts
            }
            for (int i = 0; i < rows; i++) {
                long mb = m.index(i, 0);
                for (int j = bound; j < n; j++) acc[j] += ms.getAtIndex(F, mb + j);
            }
            MemorySegment os = out.segment();
            long ob = out.index(0, 0);
            for (int j = 0; j < n; j++) {
                float prev = beta == 0f ? 0f : beta * os.getAtIndex(F, ob + j);
                os.setAtIndex(F, ob + j, (float) (alpha * acc[j]) + prev);
            }
        }
    }

    // ================================================================== activations

    @Override
    public void generalizedRelu(float a, float b, FloatMatrix x, FloatMatrix y) {
        Shapes.requireSameShape("generalizedRelu", x, y);
        MemorySegment xs = x.segment(), ys = y.segment();
        int n = x.cols(), bound = FS.loopBound(n);
        for (int i = 0; i < x.rows(); i++) {
            long xb = x.index(i, 0), yb = y.index(i, 0);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector v = FloatVector.fromMemorySegment(FS, xs, (xb + j) * Float.BYTES, LE);
                VectorMask<Float> pos = v.compare(VectorOperators.GT, 0f);
                v.mul(FloatVector.broadcast(FS, a).blend(b, pos)).intoMemorySegment(ys, (yb + j) * Float.BYTES, LE);
            }
            for (; j < n; j++) {
                float v = xs.getAtIndex(F, xb + j);
                ys.setAtIndex(F, yb + j, v > 0f ? b * v : a * v);
            }
        }
    }

    @Override
    public void generalizedReluBackward(float a, float b, FloatMatrix x, FloatMatrix gradY, FloatMatrix gradX) {
        Shapes.requireSameShape("generalizedReluBackward", x, gradY);
        Shapes.requireSameShape("generalizedReluBackward", x, gradX);
        MemorySegment xs = x.segment(), gs = gradY.segment(), os = gradX.segment();
        int n = x.cols(), bound = FS.loopBound(n);
        for (int i = 0; i < x.rows(); i++) {
            long xb = x.index(i, 0), gb = gradY.index(i, 0), ob = gradX.index(i, 0);
            int j = 0;
            for (; j < bound; j += L) {
                VectorMask<Float> pos = FloatVector.fromMemorySegment(FS, xs, (xb + j) * Float.BYTES, LE).compare(VectorOperators.GT, 0f);
                FloatVector.broadcast(FS, a).blend(b, pos).mul(FloatVector.fromMemorySegment(FS, gs, (gb + j) * Float.BYTES, LE)).intoMemorySegment(os, (ob + j) * Float.BYTES, LE);
            }
            for (; j < n; j++) {
                float g = xs.getAtIndex(F, xb + j) > 0f ? b : a;
                os.setAtIndex(F, ob + j, g * gs.getAtIndex(F, gb + j));
            }
        }
    }

    @Override
    public void sigmoid(FloatMatrix x, FloatMatrix y) {
        Shapes.requireSameShape("sigmoid", x, y);
        MemorySegment xs = x.segment(), ys = y.segment();
        int n = x.cols(), bound = FS.loopBound(n);
        FloatVector one = FloatVector.broadcast(FS, 1f);
        for (int i = 0; i < x.rows(); i++) {
            long xb = x.index(i, 0), yb = y.index(i, 0);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector e = exp(FloatVector.fromMemorySegment(FS, xs, (xb + j) * Float.BYTES, LE).neg());
                one.div(e.add(1f)).intoMemorySegment(ys, (yb + j) * Float.BYTES, LE);
            }
            for (; j < n; j++) ys.setAtIndex(F, yb + j, ScalarKernels.sigmoid(xs.getAtIndex(F, xb + j)));
        }
    }

    @Override
    public void sigmoidBackward(FloatMatrix y, FloatMatrix gradY, FloatMatrix gradX) {
        Shapes.requireSameShape("sigmoidBackward", y, gradY);
        Shapes.requireSameShape("sigmoidBackward", y, gradX);
        MemorySegment ys = y.segment(), gs = gradY.segment(), os = gradX.segment();
        int n = y.cols(), bound = FS.loopBound(n);
        for (int i = 0; i < y.rows(); i++) {
            long yb = y.index(i, 0), gb = gradY.index(i, 0), ob = gradX.index(i, 0);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector s = FloatVector.fromMemorySegment(FS, ys, (yb + j) * Float.BYTES, LE);
                FloatVector.fromMemorySegment(FS, gs, (gb + j) * Float.BYTES, LE).mul(s.mul(s.neg().add(1f))).intoMemorySegment(os, (ob + j) * Float.BYTES, LE);
            }
            for (; j < n; j++) {
                float s = ys.getAtIndex(F, yb + j);
                os.setAtIndex(F, ob + j, gs.getAtIndex(F, gb + j) * (s * (1f - s)));
            }
        }
    }

    @Override
    public void tanh(FloatMatrix x, FloatMatrix y) {
        Shapes.requireSameShape("tanh", x, y);
        MemorySegment xs = x.segment(), ys = y.segment();
        int n = x.cols(), bound = FS.loopBound(n);
        for (int i = 0; i < x.rows(); i++) {
            long xb = x.index(i, 0), yb = y.index(i, 0);
            int j = 0;
            for (; j < bound; j += L) tanh(FloatVector.fromMemorySegment(FS, xs, (xb + j) * Float.BYTES, LE)).intoMemorySegment(ys, (yb + j) * Float.BYTES, LE);
            for (; j < n; j++) ys.setAtIndex(F, yb + j, (float) Math.tanh(xs.getAtIndex(F, xb + j)));
        }
    }

    @Override
    public void tanhBackward(FloatMatrix y, FloatMatrix gradY, FloatMatrix gradX) {
        Shapes.requireSameShape("tanhBackward", y, gradY);
        Shapes.requireSameShape("tanhBackward", y, gradX);
        MemorySegment ys = y.segment(), gs = gradY.segment(), os = gradX.segment();
        int n = y.cols(), bound = FS.loopBound(n);
        for (int i = 0; i < y.rows(); i++) {
            long yb = y.index(i, 0), gb = gradY.index(i, 0), ob = gradX.index(i, 0);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector t = FloatVector.fromMemorySegment(FS, ys, (yb + j) * Float.BYTES, LE);
                FloatVector.fromMemorySegment(FS, gs, (gb + j) * Float.BYTES, LE).mul(t.mul(t).neg().add(1f)).intoMemorySegment(os, (ob + j) * Float.BYTES, LE);
            }
            for (; j < n; j++) {
                float t = ys.getAtIndex(F, yb + j);
                os.setAtIndex(F, ob + j, gs.getAtIndex(F, gb + j) * (1f - t * t));
            }
        }
    }

    private static float rowMax(MemorySegment s, long base, int n) {
        int bound = FS.loopBound(n), j = 0;
        float max = Float.NEGATIVE_INFINITY;
        if (bound > 0) {
            FloatVector mv = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY);
            for (; j < bound; j += L) mv = mv.max(FloatVector.fromMemorySegment(FS, s, (base + j) * Float.BYTES, LE));
            max = mv.reduceLanes(VectorOperators.MAX);
        }
        for (; j < n; j++) max = Math.max(max, s.getAtIndex(F, base + j));
        return max;
    }

    /** Writes e^{x − max} to y (when y is not null) and returns Σ e^{x − max}. */
    private static double expShiftSum(MemorySegment xs, long xb, int n, float max, MemorySegment ys, long yb) {
        int bound = FS.loopBound(n), j = 0;
        FloatVector acc = FloatVector.zero(FS);
        for (; j < bound; j += L) {
            FloatVector e = exp(FloatVector.fromMemorySegment(FS, xs, (xb + j) * Float.BYTES, LE).sub(max));
            if (ys != null) e.intoMemorySegment(ys, (yb + j) * Float.BYTES, LE);
            acc = acc.add(e);
        }
        double sum = sumLanes(acc);
        for (; j < n; j++) {
            float e = (float) Math.exp(xs.getAtIndex(F, xb + j) - max);
            if (ys != null) ys.setAtIndex(F, yb + j, e);
            sum += e;
        }
        return sum;
    }

    @Override
    public void softmaxRows(FloatMatrix x, FloatMatrix y) {
        Shapes.requireSameShape("softmaxRows", x, y);
        MemorySegment xs = x.segment(), ys = y.segment();
        int n = x.cols(), bound = FS.loopBound(n);
        for (int i = 0; i < x.rows(); i++) {
            long xb = x.index(i, 0), yb = y.index(i, 0);
            float max = rowMax(xs, xb, n);
            float inv = (float) (1.0 / expShiftSum(xs, xb, n, max, ys, yb));
            int j = 0;
            for (; j < bound; j += L) FloatVector.fromMemorySegment(FS, ys, (yb + j) * Float.BYTES, LE).mul(inv).intoMemorySegment(ys, (yb + j) * Float.BYTES, LE);
            for (; j < n; j++) ys.setAtIndex(F, yb + j, ys.getAtIndex(F, yb + j) * inv);
        }
    }

    // ================================================================== losses

    @Override
    public double mse(FloatMatrix p, FloatMatrix t, float gradScale, FloatMatrix grad) {
        Shapes.requireSameShape("mse", p, t);
        if (grad != null) Shapes.requireSameShape("mse", p, grad);
        MemorySegment ps = p.segment(), ts = t.segment(), gs = grad == null ? null : grad.segment();
        int n = p.cols(), bound = FS.loopBound(n);
        float g2 = gradScale * 2f;
        double total = 0;
        for (int i = 0; i < p.rows(); i++) {
            long pb = p.index(i, 0), tb = t.index(i, 0), gb = grad == null ? 0 : grad.index(i, 0);
            DoubleVector acc = DoubleVector.zero(DS);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector d = FloatVector.fromMemorySegment(FS, ps, (pb + j) * Float.BYTES, LE).sub(FloatVector.fromMemorySegment(FS, ts, (tb + j) * Float.BYTES, LE));
                acc = addSquares(acc, d);
                if (gs != null) d.mul(g2).intoMemorySegment(gs, (gb + j) * Float.BYTES, LE);
            }
            double sum = sumLanes(acc);
            for (; j < n; j++) {
                float d = ps.getAtIndex(F, pb + j) - ts.getAtIndex(F, tb + j);
                sum += (double) d * d;
                if (gs != null) gs.setAtIndex(F, gb + j, g2 * d);
            }
            total += sum;
        }
        return total;
    }

    /**
     * Σ of the lanes in lane order. {@code reduceLanes(ADD)} leaves the order of a floating-point
     * sum to the implementation: C2 may sum in a tree where the interpreter sums in lane order,
     * and the same call then rounds differently before and after compilation.
     */
    private static double sumLanes(DoubleVector v) {
        double s = 0;
        for (int i = 0; i < DL; i++) s += v.lane(i);
        return s;
    }

    /** Σ of the lanes in lane order, in float (see {@link #sumLanes(DoubleVector)}). */
    private static float sumLanes(FloatVector v) {
        float s = 0;
        for (int i = 0; i < L; i++) s += v.lane(i);
        return s;
    }

    // ---------------------------------------------------------------- e^x, log1p, tanh from + − × ÷ and FMA
    // The Vector API's EXP, LOG1P and TANH are computed by HotSpot's vector math library once C2
    // has compiled the caller and by java.lang.Math before (they differ in the last bit in about
    // one lane in a hundred), so a run's numbers depended on when the JIT got there. These use
    // only operations that round the same either way (Cephes' single-precision algorithms:
    // range reduction, then a polynomial), within 2 ulp of Math (PanamaEqualsScalarProperties).

    /** e^x lane by lane: 0 below −87.34, +∞ above 88.72 (and e^88.37 between 88.37 and 88.72). */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(-87.33654f).min(88.37626f);
        FloatVector fx = c.fma(FloatVector.broadcast(FS, 1.44269504088896341f), FloatVector.broadcast(FS, 0.5f));
        IntVector k = (IntVector) fx.convert(VectorOperators.F2I, 0);
        FloatVector kf = (FloatVector) k.convert(VectorOperators.I2F, 0);
        VectorMask<Float> over = kf.compare(VectorOperators.GT, fx);                  // truncation rounded up: floor is one less
        kf = kf.sub(FloatVector.broadcast(FS, 1f), over);
        k = (IntVector) kf.convert(VectorOperators.F2I, 0);
        FloatVector r = kf.fma(FloatVector.broadcast(FS, -0.693359375f), c).add(kf.mul(2.12194440e-4f));
        FloatVector z = r.mul(r);
        FloatVector y = r.fma(FloatVector.broadcast(FS, 1.9875691500E-4f), FloatVector.broadcast(FS, 1.3981999507E-3f));
        y = y.fma(r, FloatVector.broadcast(FS, 8.3334519073E-3f));
        y = y.fma(r, FloatVector.broadcast(FS, 4.1665795894E-2f));
        y = y.fma(r, FloatVector.broadcast(FS, 1.6666665459E-1f));
        y = y.fma(r, FloatVector.broadcast(FS, 5.0000001201E-1f));
        y = y.fma(z, r).add(1f);
        FloatVector pow2 = k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector e = y.mul(pow2);
        e = e.blend(0f, x.compare(VectorOperators.LT, -87.33654f));
        return e.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, 88.72283f));
    }

    /** log(1 + u) lane by lane for u in [0, 1] (binary cross-entropy's log(1 + e^{−|z|})). */
    static FloatVector log1p01(FloatVector u) {
        VectorMask<Float> high = u.compare(VectorOperators.GT, 0.41421356f);         // 1 + u above √2: log 2 + log((1 + u)/2)
        FloatVector x = u.blend(u.sub(1f).mul(0.5f), high);
        FloatVector e = FloatVector.zero(FS).blend(1f, high);
        FloatVector z = x.mul(x);
        FloatVector y = x.fma(FloatVector.broadcast(FS, 7.0376836292E-2f), FloatVector.broadcast(FS, -1.1514610310E-1f));
        y = y.fma(x, FloatVector.broadcast(FS, 1.1676998740E-1f));
        y = y.fma(x, FloatVector.broadcast(FS, -1.2420140846E-1f));
        y = y.fma(x, FloatVector.broadcast(FS, 1.4249322787E-1f));
        y = y.fma(x, FloatVector.broadcast(FS, -1.6668057665E-1f));
        y = y.fma(x, FloatVector.broadcast(FS, 2.0000714765E-1f));
        y = y.fma(x, FloatVector.broadcast(FS, -2.4999993993E-1f));
        y = y.fma(x, FloatVector.broadcast(FS, 3.3333331174E-1f));
        y = y.mul(x).mul(z);
        y = e.fma(FloatVector.broadcast(FS, -2.12194440e-4f), y);
        y = z.fma(FloatVector.broadcast(FS, -0.5f), y);
        return e.fma(FloatVector.broadcast(FS, 0.693359375f), x.add(y));
    }

    /** tanh lane by lane: an odd polynomial below |x| = 0.625, 1 − 2/(e^{2|x|} + 1) with x's sign above. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector big = FloatVector.broadcast(FS, 1f).sub(FloatVector.broadcast(FS, 2f).div(exp(a.mul(2f)).add(1f)));
        big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0f));
        FloatVector s = x.mul(x);
        FloatVector y = s.fma(FloatVector.broadcast(FS, -5.70498872745E-3f), FloatVector.broadcast(FS, 2.06390887954E-2f));
        y = y.fma(s, FloatVector.broadcast(FS, -5.37397155531E-2f));
        y = y.fma(s, FloatVector.broadcast(FS, 1.33314422036E-1f));
        y = y.fma(s, FloatVector.broadcast(FS, -3.33332819422E-1f));
        FloatVector small = y.mul(s).fma(x, x).blend(x, a.compare(VectorOperators.EQ, 0f));   // tanh(±0) = ±0
        return small.blend(big, a.compare(VectorOperators.GT, 0.625f));
    }

    /** acc + Σ parts of d², each part widened to double before squaring. */
    private static DoubleVector addSquares(DoubleVector acc, FloatVector d) {
        DoubleVector x0 = (DoubleVector) d.convertShape(VectorOperators.F2D, DS, 0);
        DoubleVector x1 = (DoubleVector) d.convertShape(VectorOperators.F2D, DS, 1);
        return x1.fma(x1, x0.fma(x0, acc));
    }

    /** acc + Σ parts of x·y, each part widened to double before multiplying. */
    private static DoubleVector addProducts(DoubleVector acc, FloatVector x, FloatVector y) {
        DoubleVector x0 = (DoubleVector) x.convertShape(VectorOperators.F2D, DS, 0);
        DoubleVector y0 = (DoubleVector) y.convertShape(VectorOperators.F2D, DS, 0);
        DoubleVector x1 = (DoubleVector) x.convertShape(VectorOperators.F2D, DS, 1);
        DoubleVector y1 = (DoubleVector) y.convertShape(VectorOperators.F2D, DS, 1);
        return x1.fma(y1, x0.fma(y0, acc));
    }

    /** acc + Σ parts of x, widened to double. */
    private static DoubleVector addWidened(DoubleVector acc, FloatVector x) {
        return acc.add((DoubleVector) x.convertShape(VectorOperators.F2D, DS, 0))
                .add((DoubleVector) x.convertShape(VectorOperators.F2D, DS, 1));
    }

    @Override
    public double binaryCrossEntropyWithLogits(FloatMatrix z, FloatMatrix t, float gradScale, FloatMatrix grad) {
        Shapes.requireSameShape("binaryCrossEntropyWithLogits", z, t);
        if (grad != null) Shapes.requireSameShape("binaryCrossEntropyWithLogits", z, grad);
        MemorySegment zs = z.segment(), ts = t.segment(), gs = grad == null ? null : grad.segment();
        int n = z.cols(), bound = FS.loopBound(n);
        FloatVector one = FloatVector.broadcast(FS, 1f);
        double total = 0;
        for (int i = 0; i < z.rows(); i++) {
            long zb = z.index(i, 0), tb = t.index(i, 0), gb = grad == null ? 0 : grad.index(i, 0);
            DoubleVector acc = DoubleVector.zero(DS);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector v = FloatVector.fromMemorySegment(FS, zs, (zb + j) * Float.BYTES, LE), y = FloatVector.fromMemorySegment(FS, ts, (tb + j) * Float.BYTES, LE);
                FloatVector e = exp(v.abs().neg());                                  // e^{−|z|} ∈ (0, 1]
                FloatVector term = v.max(0f).sub(v.mul(y)).add(log1p01(e));
                acc = addWidened(acc, term);
                if (gs != null) {
                    // σ(z) = 1/(1+e) for z ≥ 0, e/(1+e) for z < 0, with e = e^{−|z|}
                    FloatVector inv = one.div(e.add(1f));
                    FloatVector s = inv.blend(e.mul(inv), v.compare(VectorOperators.LT, 0f));
                    s.sub(y).mul(gradScale).intoMemorySegment(gs, (gb + j) * Float.BYTES, LE);
                }
            }
            double sum = sumLanes(acc);
            for (; j < n; j++) {
                float v = zs.getAtIndex(F, zb + j), y = ts.getAtIndex(F, tb + j);
                sum += Math.max(v, 0.0) - (double) v * y + Math.log1p(Math.exp(-Math.abs((double) v)));
                if (gs != null) gs.setAtIndex(F, gb + j, gradScale * (ScalarKernels.sigmoid(v) - y));
            }
            total += sum;
        }
        return total;
    }

    @Override
    public double softmaxCrossEntropy(FloatMatrix z, FloatMatrix t, float gradScale, FloatMatrix grad) {
        Shapes.requireSameShape("softmaxCrossEntropy", z, t);
        if (grad != null) Shapes.requireSameShape("softmaxCrossEntropy", z, grad);
        MemorySegment zs = z.segment(), ts = t.segment(), gs = grad == null ? null : grad.segment();
        int n = z.cols(), bound = FS.loopBound(n);
        double total = 0;
        for (int i = 0; i < z.rows(); i++) {
            long zb = z.index(i, 0), tb = t.index(i, 0);
            float max = rowMax(zs, zb, n);
            double sumExp = expShiftSum(zs, zb, n, max, null, 0);
            // Σ_j t_j (lse − z_j) = Σ_j t_j (max − z_j) + (Σ_j t_j)·log Σ e^{z−max}: no cancellation.
            DoubleVector tgap = DoubleVector.zero(DS), tsum = DoubleVector.zero(DS);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector y = FloatVector.fromMemorySegment(FS, ts, (tb + j) * Float.BYTES, LE);
                FloatVector gapv = FloatVector.fromMemorySegment(FS, zs, (zb + j) * Float.BYTES, LE).neg().add(max);
                DoubleVector dy0 = (DoubleVector) y.convertShape(VectorOperators.F2D, DS, 0);
                DoubleVector dy1 = (DoubleVector) y.convertShape(VectorOperators.F2D, DS, 1);
                tgap = dy0.fma((DoubleVector) gapv.convertShape(VectorOperators.F2D, DS, 0), tgap);
                tgap = dy1.fma((DoubleVector) gapv.convertShape(VectorOperators.F2D, DS, 1), tgap);
                tsum = tsum.add(dy0).add(dy1);
            }
            double gap = sumLanes(tgap), ysum = sumLanes(tsum);
            for (; j < n; j++) {
                float y = ts.getAtIndex(F, tb + j);
                gap += (double) y * (max - zs.getAtIndex(F, zb + j));
                ysum += y;
            }
            total += gap + ysum * Math.log(sumExp);
            if (gs != null) {
                long gb = grad.index(i, 0);
                float inv = (float) (1.0 / sumExp);
                j = 0;
                for (; j < bound; j += L) {
                    FloatVector sm = exp(FloatVector.fromMemorySegment(FS, zs, (zb + j) * Float.BYTES, LE).sub(max)).mul(inv);
                    sm.sub(FloatVector.fromMemorySegment(FS, ts, (tb + j) * Float.BYTES, LE)).mul(gradScale).intoMemorySegment(gs, (gb + j) * Float.BYTES, LE);
                }
                for (; j < n; j++) {
                    float sm = (float) Math.exp(zs.getAtIndex(F, zb + j) - max) * inv;
                    gs.setAtIndex(F, gb + j, gradScale * (sm - ts.getAtIndex(F, tb + j)));
                }
            }
        }
        return total;
    }

    // ================================================================== BLAS-1

    /**
     * Long rows (a layer's parameters or gradient as one row) are cut into fixed chunks of
     * CHUNK floats; chunks run in parallel when there are several threads, and reductions add
     * the chunks' partial sums in chunk order, so the bits do not depend on the thread count.
     */
    static final int CHUNK = 1 << 14;

    private static final int DOT = 0, SQUARES = 1, AXPY = 2, SCALE = 3;

    private final Blas1Job blas1 = new Blas1Job();

    private final class Blas1Job implements Parallel.Body {
        int op;
        float alpha;
        MemorySegment xs, ys;
        long xo, yo;
        int n;
        double[] partials = new double[16];

        double run(int op, float alpha, MemorySegment xs, long xo, MemorySegment ys, long yo, int n) {
            this.op = op; this.alpha = alpha; this.xs = xs; this.xo = xo; this.ys = ys; this.yo = yo; this.n = n;
            int chunks = (n + CHUNK - 1) / CHUNK;
            if (partials.length < chunks) partials = new double[chunks];
            if (chunks > 1 && parallel.threads() > 1) parallel.forEach(chunks, this);
            else for (int c = 0; c < chunks; c++) run(c, 0);
            double total = 0;
            for (int c = 0; c < chunks; c++) total += partials[c];
            this.xs = this.ys = null;
            return total;
        }

        @Override
        public void run(int c, int worker) {
            long from = (long) c * CHUNK;
            int len = (int) Math.min(CHUNK, n - from);
            partials[c] = switch (op) {
                case DOT -> dotRange(xs, xo + from, ys, yo + from, len);
                case SQUARES -> squaresRange(xs, xo + from, len);
                case AXPY -> { axpyRange(alpha, xs, xo + from, ys, yo + from, len); yield 0; }
                default -> { scaleRange(alpha, xs, xo + from, len); yield 0; }
            };
        }
    }

    /*
     * The reductions below keep four accumulators: one chain of dependent fused multiply-adds
     * waits on the FMA's latency (4-5 cycles) at every block, four chains keep the units busy
     * (the SNGD step's ‖G‖ over a 256×784 gradient took 80 µs with one, 25-35 µs with four, on
     * AVX2). The order is fixed (block b goes to accumulator b mod 4, then (a0 + a1) + (a2 + a3),
     * then the blocks left one at a time), so the result does not depend on the thread count.
     * The widening loads are written out at every use: through a helper method C2 did not always
     * inline them, and the returned vector was boxed (64 bytes a step, TrainerAllocationTest).
     */
    private static double dotRange(MemorySegment xs, long xb, MemorySegment ys, long yb, int n) {
        int dl = DS.length(), j = 0;
        long xo = xb * Float.BYTES, yo = yb * Float.BYTES, step = (long) dl * Float.BYTES;
        DoubleVector a0 = DoubleVector.zero(DS), a1 = a0, a2 = a0, a3 = a0;
        for (; j + 4 * dl <= n; j += 4 * dl, xo += 4 * step, yo += 4 * step) {
            DoubleVector x0 = (DoubleVector) FloatVector.fromMemorySegment(FH, xs, xo, LE).convertShape(VectorOperators.F2D, DS, 0);
            DoubleVector y0 = (DoubleVector) FloatVector.fromMemorySegment(FH, ys, yo, LE).convertShape(VectorOperators.F2D, DS, 0);
            DoubleVector x1 = (DoubleVector) FloatVector.fromMemorySegment(FH, xs, xo + step, LE).convertShape(VectorOperators.F2D, DS, 0);
            DoubleVector y1 = (DoubleVector) FloatVector.fromMemorySegment(FH, ys, yo + step, LE).convertShape(VectorOperators.F2D, DS, 0);
            DoubleVector x2 = (DoubleVector) FloatVector.fromMemorySegment(FH, xs, xo + 2 * step, LE).convertShape(VectorOperators.F2D, DS, 0);
            DoubleVector y2 = (DoubleVector) FloatVector.fromMemorySegment(FH, ys, yo + 2 * step, LE).convertShape(VectorOperators.F2D, DS, 0);
            DoubleVector x3 = (DoubleVector) FloatVector.fromMemorySegment(FH, xs, xo + 3 * step, LE).convertShape(VectorOperators.F2D, DS, 0);
            DoubleVector y3 = (DoubleVector) FloatVector.fromMemorySegment(FH, ys, yo + 3 * step, LE).convertShape(VectorOperators.F2D, DS, 0);
            a0 = x0.fma(y0, a0);
            a1 = x1.fma(y1, a1);
            a2 = x2.fma(y2, a2);
            a3 = x3.fma(y3, a3);
        }
        DoubleVector acc = a0.add(a1).add(a2.add(a3));
        for (; j + dl <= n; j += dl, xo += step, yo += step) {
            DoubleVector x = (DoubleVector) FloatVector.fromMemorySegment(FH, xs, xo, LE).convertShape(VectorOperators.F2D, DS, 0);
            DoubleVector y = (DoubleVector) FloatVector.fromMemorySegment(FH, ys, yo, LE).convertShape(VectorOperators.F2D, DS, 0);
            acc = x.fma(y, acc);
        }
        double tail = 0;
        for (; j < n; j++) tail += (double) xs.getAtIndex(F, xb + j) * ys.getAtIndex(F, yb + j);
        return sumLanes(acc) + tail;
    }

    private static double squaresRange(MemorySegment xs, long xb, int n) {
        int dl = DS.length(), j = 0;
        long xo = xb * Float.BYTES, step = (long) dl * Float.BYTES;
        DoubleVector a0 = DoubleVector.zero(DS), a1 = a0, a2 = a0, a3 = a0;
        for (; j + 4 * dl <= n; j += 4 * dl, xo += 4 * step) {
            DoubleVector x0 = (DoubleVector) FloatVector.fromMemorySegment(FH, xs, xo, LE).convertShape(VectorOperators.F2D, DS, 0);
            DoubleVector x1 = (DoubleVector) FloatVector.fromMemorySegment(FH, xs, xo + step, LE).convertShape(VectorOperators.F2D, DS, 0);
            DoubleVector x2 = (DoubleVector) FloatVector.fromMemorySegment(FH, xs, xo + 2 * step, LE).convertShape(VectorOperators.F2D, DS, 0);
            DoubleVector x3 = (DoubleVector) FloatVector.fromMemorySegment(FH, xs, xo + 3 * step, LE).convertShape(VectorOperators.F2D, DS, 0);
            a0 = x0.fma(x0, a0);
            a1 = x1.fma(x1, a1);
            a2 = x2.fma(x2, a2);
            a3 = x3.fma(x3, a3);
        }
        DoubleVector acc = a0.add(a1).add(a2.add(a3));
        for (; j + dl <= n; j += dl, xo += step) {
            DoubleVector x = (DoubleVector) FloatVector.fromMemorySegment(FH, xs, xo, LE).convertShape(VectorOperators.F2D, DS, 0);
            acc = x.fma(x, acc);
        }
        double tail = 0;
        for (; j < n; j++) { double v = xs.getAtIndex(F, xb + j); tail += v * v; }
        return sumLanes(acc) + tail;
    }

    /** y + alpha·x rounded as the scalar twin does (no fused multiply-add), so the two agree bit for bit. */
    private static void axpyRange(float alpha, MemorySegment xs, long xb, MemorySegment ys, long yb, int n) {
        int bound = FS.loopBound(n), j = 0;
        for (; j < bound; j += L) {
            FloatVector.fromMemorySegment(FS, ys, (yb + j) * Float.BYTES, LE)
                    .add(FloatVector.fromMemorySegment(FS, xs, (xb + j) * Float.BYTES, LE).mul(alpha))
                    .intoMemorySegment(ys, (yb + j) * Float.BYTES, LE);
        }
        for (; j < n; j++) ys.setAtIndex(F, yb + j, ys.getAtIndex(F, yb + j) + alpha * xs.getAtIndex(F, xb + j));
    }

    private static void scaleRange(float alpha, MemorySegment xs, long xb, int n) {
        int bound = FS.loopBound(n), j = 0;
        for (; j < bound; j += L) {
            FloatVector.fromMemorySegment(FS, xs, (xb + j) * Float.BYTES, LE).mul(alpha).intoMemorySegment(xs, (xb + j) * Float.BYTES, LE);
        }
        for (; j < n; j++) xs.setAtIndex(F, xb + j, alpha * xs.getAtIndex(F, xb + j));
    }

    @Override
    public void cholesky(FloatMatrix a) { Factorization.cholesky(this, a, PanamaKernels::dotRange); }

    @Override
    public void triangularSolve(FloatMatrix l, Transpose op, FloatMatrix b) { Factorization.triangularSolve(this, parallel, l, op, b, PanamaKernels::axpyRange); }

    @Override
    public double dot(FloatMatrix x, FloatMatrix y) {
        Shapes.requireSameShape("dot", x, y);
        if (x.rows() == 1) {
            synchronized (blas1) { return blas1.run(DOT, 0f, x.segment(), x.offset(), y.segment(), y.offset(), x.cols()); }
        }
        double s = 0;
        for (int i = 0; i < x.rows(); i++) s += dotRange(x.segment(), x.index(i, 0), y.segment(), y.index(i, 0), x.cols());
        return s;
    }

    @Override
    public double frobeniusNorm(FloatMatrix x) {
        if (x.rows() == 1) {
            synchronized (blas1) { return Math.sqrt(blas1.run(SQUARES, 0f, x.segment(), x.offset(), null, 0, x.cols())); }
        }
        double s = 0;
        for (int i = 0; i < x.rows(); i++) s += squaresRange(x.segment(), x.index(i, 0), x.cols());
        return Math.sqrt(s);
    }

    @Override
    public void gatherRows(FloatMatrix src, int[] order, int start, FloatMatrix dst) { gather.gather(src, order, start, dst); }

    @Override
    public void axpy(float alpha, FloatMatrix x, FloatMatrix y) {
        Shapes.requireSameShape("axpy", x, y);
        if (x.rows() == 1) {
            synchronized (blas1) { blas1.run(AXPY, alpha, x.segment(), x.offset(), y.segment(), y.offset(), x.cols()); }
            return;
        }
        for (int i = 0; i < x.rows(); i++) axpyRange(alpha, x.segment(), x.index(i, 0), y.segment(), y.index(i, 0), x.cols());
    }

    @Override
    public void scale(float alpha, FloatMatrix x) {
        if (x.rows() == 1) {
            synchronized (blas1) { blas1.run(SCALE, alpha, x.segment(), x.offset(), null, 0, x.cols()); }
            return;
        }
        for (int i = 0; i < x.rows(); i++) scaleRange(alpha, x.segment(), x.index(i, 0), x.cols());
    }

    @Override
    public void argmaxRows(FloatMatrix m, int[] out) {
        Shapes.requireArgmaxOut(m, out);
        MemorySegment ms = m.segment();
        int n = m.cols();
        for (int i = 0; i < m.rows(); i++) {
            long mb = m.index(i, 0);
            float max = rowMax(ms, mb, n);                 // NaN if any element is NaN
            int best = 0;
            for (int j = 0; j < n; j++) {
                float v = ms.getAtIndex(F, mb + j);
                if (v == max || (Float.isNaN(max) && Float.isNaN(v))) { best = j; break; }
            }
            out[i] = best;
        }
    }
}
