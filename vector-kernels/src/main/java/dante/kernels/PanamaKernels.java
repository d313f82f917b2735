package dante.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twin of {@link ScalarKernels}. Each kernel is a vector main loop followed
 * by its scalar tail. GEMM packs panels of op(A) and op(B), runs an 8×(2 vectors)
 * register-blocked FMA micro-kernel under cache blocking, and splits C into disjoint blocks
 * aligned to the micro-tile grid, so every element has one owner and one summation order.
 * Loaded by name only (see {@link Kernels#best()}); no vector type leaves this class.
 */
final class PanamaKernels implements Kernels, Owned {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final java.lang.foreign.ValueLayout.OfFloat F = FloatMatrix.F32;

    static final VectorSpecies<Float> FS = chooseSpecies();
    /** Doubles in a vector of the same width: a float vector widens into exactly two of them. */
    static final VectorSpecies<Double> DS = VectorSpecies.of(double.class, FS.vectorShape());
    static final int L = FS.length();

    /** Micro-tile: MR rows × NR columns (two vectors). */
    static final int MR = 8;
    static final int NR = 2 * L;
    /**
     * Cache blocks: a KC×NR panel of B and a KC×MR strip of A stay in L1 together, an MC×KC
     * block of A in L2. KC follows this CPU's L1 data cache: with 32 KB (Intel) a KC of 256
     * makes the two 40 KB and the micro-kernel runs at half speed (measured: 62–70 against
     * 118–131 GFLOP/s at KC 128–160); with 48 KB (AMD Zen 4/5) it fits.
     */
    static final int KC = chooseKc();
    static final int MC = 128;
    static final int NC = 1024;

    /** {@code dante.gemm.kc} if set, else the largest multiple of 32 with (NR + MR)·KC floats in 85 % of L1d, between 64 and 256. */
    private static int chooseKc() {
        Integer forced = Integer.getInteger("dante.gemm.kc");
        if (forced != null) {
            if (forced < 1 || forced > 4096) throw new IllegalArgumentException("system property dante.gemm.kc: expected 1..4096, found " + forced);
            return forced;
        }
        return kcFor(l1DataBytes(), NR, MR);
    }

    static int kcFor(long l1Bytes, int nr, int mr) {
        long kc = (long) (0.85 * l1Bytes) / ((nr + mr) * (long) Float.BYTES) / 32 * 32;
        return (int) Math.max(64, Math.min(256, kc));
    }

    /** The level-1 data cache of CPU 0 in bytes, from Linux's sysfs; 32 KB when it cannot be read. */
    static long l1DataBytes() {
        try {
            java.nio.file.Path base = java.nio.file.Path.of("/sys/devices/system/cpu/cpu0/cache");
            for (int i = 0; i < 8; i++) {
                java.nio.file.Path d = base.resolve("index" + i);
                if (!java.nio.file.Files.isDirectory(d)) break;
                String level = java.nio.file.Files.readString(d.resolve("level")).trim(), type = java.nio.file.Files.readString(d.resolve("type")).trim();
                if (level.equals("1") && (type.equals("Data") || type.equals("Unified"))) {
                    String size = java.nio.file.Files.readString(d.resolve("size")).trim().toUpperCase(java.util.Locale.ROOT);
                    long mult = size.endsWith("K") ? 1024 : size.endsWith("M") ? 1024 * 1024 : 1;
                    return Long.parseLong(size.replaceAll("[^0-9]", "")) * mult;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or no sysfs: assume the common size
        }
        return 32 * 1024;
    }

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
    private final GemmJob job;
    private final Object scratchLock = new Object();
    private double[] columnScratch = new double[0];

    PanamaKernels(int threads) {
        this.parallel = new Parallel(threads);
        this.job = new GemmJob(threads);
    }

    @Override public String name() { return "panama"; }
    @Override public int vectorBits() { return FS.vectorBitSize(); }
    @Override public int threads() { return parallel.threads(); }
    @Override public String tuning() {
        return "GEMM micro-tile " + MR + "×" + NR + ", blocks KC " + KC + " (L1d " + l1DataBytes() / 1024 + " KB" + (Integer.getInteger("dante.gemm.kc") != null ? ", set by dante.gemm.kc" : "")
                + "), MC " + MC + ", NC " + NC;
    }

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
        synchronized (job) {
            job.set(transA, transB, alpha, a, b, beta, c, k, parallel.threads());
            parallel.forEach(job.tasks, job);
            job.clear();
        }
    }

    /** One GEMM call's arguments and the per-worker packing buffers; reused, so a call allocates nothing. */
    private static final class GemmJob implements Parallel.Body {
        private final float[][] packA, packB;
        private final float[][] tiles;
        Transpose transA, transB;
        float alpha, beta;
        FloatMatrix a, b, c;
        int m, n, k, tasks;
        boolean splitColumns;

        GemmJob(int threads) {
            packA = new float[threads][MC * KC];
            packB = new float[threads][KC * NC];
            tiles = new float[threads][MR * NR];
        }

        void set(Transpose transA, Transpose transB, float alpha, FloatMatrix a, FloatMatrix b, float beta, FloatMatrix c, int k, int threads) {
            this.transA = transA; this.transB = transB; this.alpha = alpha; this.beta = beta;
            this.a = a; this.b = b; this.c = c;
            this.m = c.rows(); this.n = c.cols(); this.k = k;
            int rowTiles = (m + MR - 1) / MR, colTiles = (n + NR - 1) / NR;
            long flops = 2L * m * n * k;
            int t = flops < (1L << 18) ? 1 : threads;
            // Splitting columns duplicates the packing of A (m×k), splitting rows that of B (k×n).
            splitColumns = colTiles >= t && (m <= n || rowTiles < t);
            tasks = Math.max(1, Math.min(t, splitColumns ? colTiles : rowTiles));
        }

        void clear() { a = b = c = null; }

        @Override
        public void run(int task, int worker) {
            if (splitColumns) {
                block(0, m, Parallel.rangeStart(n, tasks, task, NR), Parallel.rangeStart(n, tasks, task + 1, NR), worker);
            } else {
                block(Parallel.rangeStart(m, tasks, task, MR), Parallel.rangeStart(m, tasks, task + 1, MR), 0, n, worker);
            }
        }

        private void block(int r0, int r1, int c0, int c1, int worker) {
            float[] ap = packA[worker], bp = packB[worker];
            float[] tile = tiles[worker];
            MemorySegment cs = c.segment();
            long ldc = c.stride();
            for (int jc = c0; jc < c1; jc += NC) {
                int nc = Math.min(NC, c1 - jc);
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    packB(pc, kc, jc, nc, bp);
                    float betaEff = pc == 0 ? beta : 1f;
                    for (int ic = r0; ic < r1; ic += MC) {
                        int mc = Math.min(MC, r1 - ic);
                        packA(ic, mc, pc, kc, ap);
                        for (int jr = 0; jr < nc; jr += NR) {
                            int nr = Math.min(NR, nc - jr);
                            for (int ir = 0; ir < mc; ir += MR) {
                                int mr = Math.min(MR, mc - ir);
                                int aOff = ir * kc, bOff = jr * kc;
                                long cIdx = c.index(ic + ir, jc + jr);
                                microKernel(ap, aOff, bp, bOff, kc, tile);
                                if (mr == MR && nr == NR) {
                                    mergeTile(tile, cs, cIdx, ldc, alpha, betaEff);
                                } else {
                                    for (int r = 0; r < mr; r++) {
                                        long row = cIdx + r * ldc;
                                        for (int j = 0; j < nr; j++) {
                                            float acc = tile[r * NR + j];
                                            float v = betaEff == 0f ? alpha * acc : alpha * acc + betaEff * cs.getAtIndex(F, row + j);
                                            cs.setAtIndex(F, row + j, v);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        /** Packs op(B)[pc..pc+kc, jc..jc+nc] into NR-wide strips, p-major, zero-padded. */
        private void packB(int pc, int kc, int jc, int nc, float[] bp) {
            MemorySegment bs = b.segment();
            for (int s = 0, jr = 0; jr < nc; s++, jr += NR) {
                int nr = Math.min(NR, nc - jr);
                int base = s * NR * kc;
                if (transB == Transpose.N) {
                    for (int p = 0; p < kc; p++) {
                        long src = b.index(pc + p, jc + jr);
                        int dst = base + p * NR;
                        if (nr == NR) {
                            FloatVector.fromMemorySegment(FS, bs, src * Float.BYTES, LE).intoArray(bp, dst);
                            FloatVector.fromMemorySegment(FS, bs, (src + L) * Float.BYTES, LE).intoArray(bp, dst + L);
                        } else {
                            for (int j = 0; j < nr; j++) bp[dst + j] = bs.getAtIndex(F, src + j);
                            for (int j = nr; j < NR; j++) bp[dst + j] = 0f;
                        }
                    }
                } else {
                    for (int j = 0; j < nr; j++) {
                        long src = b.index(jc + jr + j, pc);
                        for (int p = 0; p < kc; p++) bp[base + p * NR + j] = bs.getAtIndex(F, src + p);
                    }
                    for (int j = nr; j < NR; j++) {
                        for (int p = 0; p < kc; p++) bp[base + p * NR + j] = 0f;
                    }
                }
            }
        }

        /** Packs op(A)[ic..ic+mc, pc..pc+kc] into MR-tall strips, p-major, zero-padded. */
        private void packA(int ic, int mc, int pc, int kc, float[] ap) {
            MemorySegment as = a.segment();
            for (int s = 0, ir = 0; ir < mc; s++, ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int base = s * MR * kc;
                if (transA == Transpose.N) {
                    for (int i = 0; i < mr; i++) {
                        long src = a.index(ic + ir + i, pc);
                        for (int p = 0; p < kc; p++) ap[base + p * MR + i] = as.getAtIndex(F, src + p);
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        long src = a.index(pc + p, ic + ir);
                        int dst = base + p * MR;
                        for (int i = 0; i < mr; i++) ap[dst + i] = as.getAtIndex(F, src + i);
                    }
                }
                if (mr < MR) {
                    for (int p = 0; p < kc; p++) {
                        for (int i = mr; i < MR; i++) ap[base + p * MR + i] = 0f;
                    }
                }
            }
        }
    }

    /**
     * tile[0..8, 0..NR) = A-strip · B-strip, with 16 accumulators in registers. Kept small on
     * purpose: C1 must be able to compile it (a larger body runs out of virtual registers and
     * can leave the method stuck in slow code), so merging into C is {@link #mergeTile}'s job.
     */
    static void microKernel(float[] ap, int aOff, float[] bp, int bOff, int kc, float[] tile) {
        FloatVector c00 = FloatVector.zero(FS), c01 = FloatVector.zero(FS);
        FloatVector c10 = FloatVector.zero(FS), c11 = FloatVector.zero(FS);
        FloatVector c20 = FloatVector.zero(FS), c21 = FloatVector.zero(FS);
        FloatVector c30 = FloatVector.zero(FS), c31 = FloatVector.zero(FS);
        FloatVector c40 = FloatVector.zero(FS), c41 = FloatVector.zero(FS);
        FloatVector c50 = FloatVector.zero(FS), c51 = FloatVector.zero(FS);
        FloatVector c60 = FloatVector.zero(FS), c61 = FloatVector.zero(FS);
        FloatVector c70 = FloatVector.zero(FS), c71 = FloatVector.zero(FS);
        int ai = aOff, bi = bOff;
        for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(FS, bp, bi);
            FloatVector b1 = FloatVector.fromArray(FS, bp, bi + L);
            FloatVector a;
            a = FloatVector.broadcast(FS, ap[ai]);     c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(FS, ap[ai + 1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(FS, ap[ai + 2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(FS, ap[ai + 3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(FS, ap[ai + 4]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(FS, ap[ai + 5]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(FS, ap[ai + 6]); c60 = a.fma(b0, c60); c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(FS, ap[ai + 7]); c70 = a.fma(b0, c70); c71 = a.fma(b1, c71);
        }
        c00.intoArray(tile, 0 * NR);
        c01.intoArray(tile, 0 * NR + L);
        c10.intoArray(tile, 1 * NR);
        c11.intoArray(tile, 1 * NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + L);
    }

    /** C[0..8, 0..NR) = alpha·tile + beta·C for a full tile; with beta == 0, C is not read. */
    static void mergeTile(float[] tile, MemorySegment cs, long cIdx, long ldc, float alpha, float beta) {
        for (int r = 0; r < MR; r++) {
            long row = (cIdx + r * ldc) * Float.BYTES;
            for (int h = 0; h < NR; h += L) {
                FloatVector v = FloatVector.fromArray(FS, tile, r * NR + h).mul(alpha);
                long off = row + (long) h * Float.BYTES;
                if (beta != 0f) v = v.add(FloatVector.fromMemorySegment(FS, cs, off, LE).mul(beta));
                v.intoMemorySegment(cs, off, LE);
            }
        }
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
            int bound = FS.loopBound(n);
            for (int i = 0; i < m.rows(); i++) {
                long mb = m.index(i, 0);
                int j = 0;
                for (; j < bound; j += L) {
                    FloatVector x = FloatVector.fromMemorySegment(FS, ms, (mb + j) * Float.BYTES, LE);
                    for (int part = 0; part * dl < L; part++) {
                        DoubleVector d = (DoubleVector) x.convertShape(VectorOperators.F2D, DS, part);
                        DoubleVector.fromArray(DS, acc, j + part * dl).add(d).intoArray(acc, j + part * dl);
                    }
                }
                for (; j < n; j++) acc[j] += ms.getAtIndex(F, mb + j);
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
                FloatVector e = FloatVector.fromMemorySegment(FS, xs, (xb + j) * Float.BYTES, LE).neg().lanewise(VectorOperators.EXP);
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
            for (; j < bound; j += L) FloatVector.fromMemorySegment(FS, xs, (xb + j) * Float.BYTES, LE).lanewise(VectorOperators.TANH).intoMemorySegment(ys, (yb + j) * Float.BYTES, LE);
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
            FloatVector e = FloatVector.fromMemorySegment(FS, xs, (xb + j) * Float.BYTES, LE).sub(max).lanewise(VectorOperators.EXP);
            if (ys != null) e.intoMemorySegment(ys, (yb + j) * Float.BYTES, LE);
            acc = acc.add(e);
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
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
            double sum = acc.reduceLanes(VectorOperators.ADD);
            for (; j < n; j++) {
                float d = ps.getAtIndex(F, pb + j) - ts.getAtIndex(F, tb + j);
                sum += (double) d * d;
                if (gs != null) gs.setAtIndex(F, gb + j, g2 * d);
            }
            total += sum;
        }
        return total;
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
                FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP);        // e^{−|z|} ∈ (0, 1]
                FloatVector term = v.max(0f).sub(v.mul(y)).add(e.lanewise(VectorOperators.LOG1P));
                acc = addWidened(acc, term);
                if (gs != null) {
                    // σ(z) = 1/(1+e) for z ≥ 0, e/(1+e) for z < 0, with e = e^{−|z|}
                    FloatVector inv = one.div(e.add(1f));
                    FloatVector s = inv.blend(e.mul(inv), v.compare(VectorOperators.LT, 0f));
                    s.sub(y).mul(gradScale).intoMemorySegment(gs, (gb + j) * Float.BYTES, LE);
                }
            }
            double sum = acc.reduceLanes(VectorOperators.ADD);
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
            double gap = tgap.reduceLanes(VectorOperators.ADD), ysum = tsum.reduceLanes(VectorOperators.ADD);
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
                    FloatVector sm = FloatVector.fromMemorySegment(FS, zs, (zb + j) * Float.BYTES, LE).sub(max).lanewise(VectorOperators.EXP).mul(inv);
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

    private static double dotRange(MemorySegment xs, long xb, MemorySegment ys, long yb, int n) {
        int bound = FS.loopBound(n), j = 0;
        DoubleVector acc = DoubleVector.zero(DS);
        for (; j < bound; j += L) {
            acc = addProducts(acc, FloatVector.fromMemorySegment(FS, xs, (xb + j) * Float.BYTES, LE),
                    FloatVector.fromMemorySegment(FS, ys, (yb + j) * Float.BYTES, LE));
        }
        double tail = 0;
        for (; j < n; j++) tail += (double) xs.getAtIndex(F, xb + j) * ys.getAtIndex(F, yb + j);
        return acc.reduceLanes(VectorOperators.ADD) + tail;
    }

    private static double squaresRange(MemorySegment xs, long xb, int n) {
        int bound = FS.loopBound(n), j = 0;
        DoubleVector acc = DoubleVector.zero(DS);
        for (; j < bound; j += L) acc = addSquares(acc, FloatVector.fromMemorySegment(FS, xs, (xb + j) * Float.BYTES, LE));
        double tail = 0;
        for (; j < n; j++) { double v = xs.getAtIndex(F, xb + j); tail += v * v; }
        return acc.reduceLanes(VectorOperators.ADD) + tail;
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
