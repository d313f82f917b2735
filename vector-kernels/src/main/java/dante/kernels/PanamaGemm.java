package dante.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM on the Vector API: packs panels of op(A) and op(B), runs a register-blocked FMA
 * micro-kernel of the shape {@link GemmTile} chose under cache blocking, and splits C into
 * disjoint blocks aligned to the micro-tile grid, so every element has one owner and one
 * summation order. Every element of C is the sum over k in blocks of KC, each block summed
 * in order by FMA and added to C, so the result depends on KC but not on the tile's shape or
 * the thread count. A call allocates nothing.
 */
final class PanamaGemm {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final java.lang.foreign.ValueLayout.OfFloat F = FloatMatrix.F32;
    private static final VectorSpecies<Float> FS = PanamaKernels.FS;
    private static final int L = PanamaKernels.L;
    /** Half a vector (null below 128 bits): a strip of 8 rows under 512-bit vectors, 4 under 256. */
    private static final VectorSpecies<Float> HALF = FS.vectorBitSize() >= 128
            ? VectorSpecies.of(float.class, jdk.incubator.vector.VectorShape.forBitSize(FS.vectorBitSize() / 2)) : null;

    private final GemmTile tile;
    private final int mr, nr, kc, mc, nc, shape;
    private final Parallel parallel;
    private final Job job;

    PanamaGemm(GemmTile tile, Parallel parallel) {
        if (tile.lanes() != L) throw new IllegalArgumentException("GEMM tile for " + tile.lanes() + " lanes, vectors here have " + L);
        this.tile = tile;
        this.mr = tile.mr(); this.nr = tile.nr(); this.kc = tile.kc(); this.mc = tile.mc(); this.nc = tile.nc();
        this.shape = tile.mr() * 10 + tile.vectors();
        this.parallel = parallel;
        this.job = new Job(parallel.threads());
    }

    GemmTile tile() { return tile; }

    /** C = alpha·op(A)·op(B) + beta·C, shapes already checked, m, n, k &gt; 0 and alpha ≠ 0. */
    void gemm(Transpose transA, Transpose transB, float alpha, FloatMatrix a, FloatMatrix b, float beta, FloatMatrix c, int k) {
        synchronized (job) {
            job.set(transA, transB, alpha, a, b, beta, c, k, parallel.threads());
            parallel.forEach(job.tasks, job);
            job.clear();
        }
    }

    private void microKernel(float[] ap, int aOff, float[] bp, int bOff, int depth, float[] acc) {
        switch (shape) {
            case 82 -> microKernel8x2(ap, aOff, bp, bOff, depth, acc);
            case 42 -> microKernel4x2(ap, aOff, bp, bOff, depth, acc);
            case 33 -> microKernel3x3(ap, aOff, bp, bOff, depth, acc);
            default -> throw new AssertionError(tile);
        }
    }

    /** One GEMM call's arguments and the per-worker packing buffers; reused, so a call allocates nothing. */
    private final class Job implements Parallel.Body {
        private final float[][] packA, packB;
        private final float[][] tiles;
        Transpose transA, transB;
        float alpha, beta;
        FloatMatrix a, b, c;
        int m, n, k, tasks;
        boolean splitColumns;

        Job(int threads) {
            packA = new float[threads][mc * kc];
            packB = new float[threads][kc * nc];
            tiles = new float[threads][mr * nr];
        }

        void set(Transpose transA, Transpose transB, float alpha, FloatMatrix a, FloatMatrix b, float beta, FloatMatrix c, int k, int threads) {
            this.transA = transA; this.transB = transB; this.alpha = alpha; this.beta = beta;
            this.a = a; this.b = b; this.c = c;
            this.m = c.rows(); this.n = c.cols(); this.k = k;
            int rowTiles = (m + mr - 1) / mr, colTiles = (n + nr - 1) / nr;
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
                block(0, m, Parallel.rangeStart(n, tasks, task, nr), Parallel.rangeStart(n, tasks, task + 1, nr), worker);
            } else {
                block(Parallel.rangeStart(m, tasks, task, mr), Parallel.rangeStart(m, tasks, task + 1, mr), 0, n, worker);
            }
        }

        private void block(int r0, int r1, int c0, int c1, int worker) {
            float[] ap = packA[worker], bp = packB[worker];
            float[] acc = tiles[worker];
            MemorySegment cs = c.segment();
            long ldc = c.stride();
            for (int jc = c0; jc < c1; jc += nc) {
                int ncb = Math.min(nc, c1 - jc);
                for (int pc = 0; pc < k; pc += kc) {
                    int kcb = Math.min(kc, k - pc);
                    packB(pc, kcb, jc, ncb, bp);
                    float betaEff = pc == 0 ? beta : 1f;
                    for (int ic = r0; ic < r1; ic += mc) {
                        int mcb = Math.min(mc, r1 - ic);
                        packA(ic, mcb, pc, kcb, ap);
                        for (int jr = 0; jr < ncb; jr += nr) {
                            int nrb = Math.min(nr, ncb - jr);
                            for (int ir = 0; ir < mcb; ir += mr) {
                                int mrb = Math.min(mr, mcb - ir);
                                long cIdx = c.index(ic + ir, jc + jr);
                                microKernel(ap, ir * kcb, bp, jr * kcb, kcb, acc);
                                if (mrb == mr && nrb == nr) {
                                    mergeTile(acc, mr, nr, cs, cIdx, ldc, alpha, betaEff);
                                } else {
                                    for (int r = 0; r < mrb; r++) {
                                        long row = cIdx + r * ldc;
                                        for (int j = 0; j < nrb; j++) {
                                            float s = acc[r * nr + j];
                                            float v = betaEff == 0f ? alpha * s : alpha * s + betaEff * cs.getAtIndex(F, row + j);
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

        /** Packs op(B)[pc..pc+kcb, jc..jc+ncb] into nr-wide strips, p-major, zero-padded. */
        private void packB(int pc, int kcb, int jc, int ncb, float[] bp) {
            MemorySegment bs = b.segment();
            for (int s = 0, jr = 0; jr < ncb; s++, jr += nr) {
                int nrb = Math.min(nr, ncb - jr);
                int base = s * nr * kcb;
                if (transB == Transpose.N) {
                    for (int p = 0; p < kcb; p++) {
                        long src = b.index(pc + p, jc + jr);
                        int dst = base + p * nr;
                        if (nrb == nr) {
                            for (int v = 0; v < nr; v += L) FloatVector.fromMemorySegment(FS, bs, (src + v) * Float.BYTES, LE).intoArray(bp, dst + v);
                        } else {
                            for (int j = 0; j < nrb; j++) bp[dst + j] = bs.getAtIndex(F, src + j);
                            for (int j = nrb; j < nr; j++) bp[dst + j] = 0f;
                        }
                    }
                } else {
                    for (int j = 0; j < nrb; j++) {
                        long src = b.index(jc + jr + j, pc);
                        for (int p = 0; p < kcb; p++) bp[base + p * nr + j] = bs.getAtIndex(F, src + p);
                    }
                    for (int j = nrb; j < nr; j++) {
                        for (int p = 0; p < kcb; p++) bp[base + p * nr + j] = 0f;
                    }
                }
            }
        }

        /** Packs op(A)[ic..ic+mcb, pc..pc+kcb] into mr-tall strips, p-major, zero-padded. */
        private void packA(int ic, int mcb, int pc, int kcb, float[] ap) {
            MemorySegment as = a.segment();
            for (int s = 0, ir = 0; ir < mcb; s++, ir += mr) {
                int mrb = Math.min(mr, mcb - ir);
                int base = s * mr * kcb;
                if (transA == Transpose.N) {
                    for (int i = 0; i < mrb; i++) {
                        long src = a.index(ic + ir + i, pc);
                        for (int p = 0; p < kcb; p++) ap[base + p * mr + i] = as.getAtIndex(F, src + p);
                    }
                } else if (mrb == mr && mr == L) {
                    for (int p = 0; p < kcb; p++) FloatVector.fromMemorySegment(FS, as, a.index(pc + p, ic + ir) * Float.BYTES, LE).intoArray(ap, base + p * mr);
                } else if (mrb == mr && HALF != null && 2 * mr == L) {
                    for (int p = 0; p < kcb; p++) FloatVector.fromMemorySegment(HALF, as, a.index(pc + p, ic + ir) * Float.BYTES, LE).intoArray(ap, base + p * mr);
                } else {
                    for (int p = 0; p < kcb; p++) {
                        long src = a.index(pc + p, ic + ir);
                        int dst = base + p * mr;
                        for (int i = 0; i < mrb; i++) ap[dst + i] = as.getAtIndex(F, src + i);
                    }
                }
                if (mrb < mr) {
                    for (int p = 0; p < kcb; p++) {
                        for (int i = mrb; i < mr; i++) ap[base + p * mr + i] = 0f;
                    }
                }
            }
        }
    }

    /** C[0..mr, 0..nr) = alpha·tile + beta·C for a full tile; with beta == 0, C is not read. */
    static void mergeTile(float[] acc, int mr, int nr, MemorySegment cs, long cIdx, long ldc, float alpha, float beta) {
        for (int r = 0; r < mr; r++) {
            long row = (cIdx + r * ldc) * Float.BYTES;
            for (int h = 0; h < nr; h += L) {
                FloatVector v = FloatVector.fromArray(FS, acc, r * nr + h).mul(alpha);
                long off = row + (long) h * Float.BYTES;
                if (beta != 0f) v = v.add(FloatVector.fromMemorySegment(FS, cs, off, LE).mul(beta));
                v.intoMemorySegment(cs, off, LE);
            }
        }
    }

    // The micro-kernels, one per shape GemmTile.SHAPES lists. Each is kept small on purpose: C1
    // must be able to compile it (a larger body runs out of virtual registers and can leave the
    // method stuck in slow code), so merging into C is mergeTile's job.

    /** tile[0..8, 0..2·L) = A-strip · B-strip, 16 accumulators in registers. */
    static void microKernel8x2(float[] ap, int aOff, float[] bp, int bOff, int kc, float[] tile) {
        FloatVector c00 = FloatVector.zero(FS), c01 = FloatVector.zero(FS);
        FloatVector c10 = FloatVector.zero(FS), c11 = FloatVector.zero(FS);
        FloatVector c20 = FloatVector.zero(FS), c21 = FloatVector.zero(FS);
        FloatVector c30 = FloatVector.zero(FS), c31 = FloatVector.zero(FS);
        FloatVector c40 = FloatVector.zero(FS), c41 = FloatVector.zero(FS);
        FloatVector c50 = FloatVector.zero(FS), c51 = FloatVector.zero(FS);
        FloatVector c60 = FloatVector.zero(FS), c61 = FloatVector.zero(FS);
        FloatVector c70 = FloatVector.zero(FS), c71 = FloatVector.zero(FS);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * 8, bi = bOff + p * 2 * L;
            FloatVector b0 = FloatVector.fromArray(FS, bp, bi);
            FloatVector b1 = FloatVector.fromArray(FS, bp, bi + L);
            FloatVector a;
            a = FloatVector.broadcast(FS, ap[ai]); c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(FS, ap[ai + 1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(FS, ap[ai + 2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(FS, ap[ai + 3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(FS, ap[ai + 4]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(FS, ap[ai + 5]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(FS, ap[ai + 6]); c60 = a.fma(b0, c60); c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(FS, ap[ai + 7]); c70 = a.fma(b0, c70); c71 = a.fma(b1, c71);
        }
        c00.intoArray(tile, 0 * L); c01.intoArray(tile, 1 * L);
        c10.intoArray(tile, 2 * L); c11.intoArray(tile, 3 * L);
        c20.intoArray(tile, 4 * L); c21.intoArray(tile, 5 * L);
        c30.intoArray(tile, 6 * L); c31.intoArray(tile, 7 * L);
        c40.intoArray(tile, 8 * L); c41.intoArray(tile, 9 * L);
        c50.intoArray(tile, 10 * L); c51.intoArray(tile, 11 * L);
        c60.intoArray(tile, 12 * L); c61.intoArray(tile, 13 * L);
        c70.intoArray(tile, 14 * L); c71.intoArray(tile, 15 * L);
    }

    /** tile[0..4, 0..2·L) = A-strip · B-strip, 8 accumulators in registers. */
    static void microKernel4x2(float[] ap, int aOff, float[] bp, int bOff, int kc, float[] tile) {
        FloatVector c00 = FloatVector.zero(FS), c01 = FloatVector.zero(FS);
        FloatVector c10 = FloatVector.zero(FS), c11 = FloatVector.zero(FS);
        FloatVector c20 = FloatVector.zero(FS), c21 = FloatVector.zero(FS);
        FloatVector c30 = FloatVector.zero(FS), c31 = FloatVector.zero(FS);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * 4, bi = bOff + p * 2 * L;
            FloatVector b0 = FloatVector.fromArray(FS, bp, bi);
            FloatVector b1 = FloatVector.fromArray(FS, bp, bi + L);
            FloatVector a;
            a = FloatVector.broadcast(FS, ap[ai]); c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(FS, ap[ai + 1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(FS, ap[ai + 2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(FS, ap[ai + 3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
        }
        c00.intoArray(tile, 0 * L); c01.intoArray(tile, 1 * L);
        c10.intoArray(tile, 2 * L); c11.intoArray(tile, 3 * L);
        c20.intoArray(tile, 4 * L); c21.intoArray(tile, 5 * L);
        c30.intoArray(tile, 6 * L); c31.intoArray(tile, 7 * L);
    }

    /** tile[0..3, 0..3·L) = A-strip · B-strip, 9 accumulators in registers. */
    static void microKernel3x3(float[] ap, int aOff, float[] bp, int bOff, int kc, float[] tile) {
        FloatVector c00 = FloatVector.zero(FS), c01 = FloatVector.zero(FS), c02 = FloatVector.zero(FS);
        FloatVector c10 = FloatVector.zero(FS), c11 = FloatVector.zero(FS), c12 = FloatVector.zero(FS);
        FloatVector c20 = FloatVector.zero(FS), c21 = FloatVector.zero(FS), c22 = FloatVector.zero(FS);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * 3, bi = bOff + p * 3 * L;
            FloatVector b0 = FloatVector.fromArray(FS, bp, bi);
            FloatVector b1 = FloatVector.fromArray(FS, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(FS, bp, bi + 2 * L);
            FloatVector a;
            a = FloatVector.broadcast(FS, ap[ai]); c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02);
            a = FloatVector.broadcast(FS, ap[ai + 1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12);
            a = FloatVector.broadcast(FS, ap[ai + 2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21); c22 = a.fma(b2, c22);
        }
        c00.intoArray(tile, 0 * L); c01.intoArray(tile, 1 * L); c02.intoArray(tile, 2 * L);
        c10.intoArray(tile, 3 * L); c11.intoArray(tile, 4 * L); c12.intoArray(tile, 5 * L);
        c20.intoArray(tile, 6 * L); c21.intoArray(tile, 7 * L); c22.intoArray(tile, 8 * L);
    }}
