package dante.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
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

    // Lane moves of the in-register transpose (8 or 16 lanes): RIGHT_d takes lane i − d, LEFT_d
    // lane i + d, ODD_d selects the lanes whose bit d is set.
    private static final VectorShuffle<Float> RIGHT_1 = shift(-1), RIGHT_2 = shift(-2), RIGHT_4 = shift(-4), RIGHT_8 = shift(-8);
    private static final VectorShuffle<Float> LEFT_1 = shift(1), LEFT_2 = shift(2), LEFT_4 = shift(4), LEFT_8 = shift(8);
    private static final VectorMask<Float> ODD_1 = bit(1), ODD_2 = bit(2), ODD_4 = bit(4), ODD_8 = bit(8);

    private static VectorShuffle<Float> shift(int d) {
        return VectorShuffle.fromOp(FS, i -> Math.floorMod(i + d, L));
    }

    private static VectorMask<Float> bit(int d) {
        long bits = 0;
        for (int i = 0; i < L; i++) if ((i & d) != 0) bits |= 1L << i;
        return VectorMask.fromLong(FS, bits);
    }

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

    /** The tile's A-strip · B-strip into the scratch tile {@code acc} (row-major, nr floats a row). */
    private void microKernel(float[] ap, int aOff, float[] bp, int bOff, int depth, MemorySegment acc) {
        switch (shape) {
            case 82 -> microKernel8x2Into(ap, aOff, bp, bOff, depth, acc, 0, (long) nr * Float.BYTES, 1f, 0f);
            case 42 -> microKernel4x2Into(ap, aOff, bp, bOff, depth, acc, 0, (long) nr * Float.BYTES, 1f, 0f);
            case 33 -> microKernel3x3(ap, aOff, bp, bOff, depth, acc);
            default -> throw new AssertionError(tile);
        }
    }

    /** One GEMM call's arguments and the per-worker packing buffers; reused, so a call allocates nothing. */
    private final class Job implements Parallel.Body {
        private final float[][] packA, packB;
        /** Scratch tiles, off the heap like C, so the kernels' stores see one kind of segment. */
        private final MemorySegment[] tiles;
        Transpose transA, transB;
        float alpha, beta;
        FloatMatrix a, b, c;
        int m, n, k, tasks;
        boolean splitColumns;

        Job(int threads) {
            packA = new float[threads][mc * kc];
            packB = new float[threads][kc * nc];
            tiles = new MemorySegment[threads];
            java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofAuto();
            for (int w = 0; w < threads; w++) tiles[w] = arena.allocate((long) mr * nr * Float.BYTES, 64);
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
            MemorySegment acc = tiles[worker];
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
                                if (shape == 82 && mrb == mr && nrb == nr) {
                                    microKernel8x2Into(ap, ir * kcb, bp, jr * kcb, kcb, cs, cIdx * Float.BYTES, ldc * Float.BYTES, alpha, betaEff);
                                    continue;
                                }
                                if (shape == 42 && mrb == mr && nrb == nr) {
                                    microKernel4x2Into(ap, ir * kcb, bp, jr * kcb, kcb, cs, cIdx * Float.BYTES, ldc * Float.BYTES, alpha, betaEff);
                                    continue;
                                }
                                // a partial tile (or the 3×3 shape): the raw products into the scratch tile (alpha 1 is exact), then merged
                                microKernel(ap, ir * kcb, bp, jr * kcb, kcb, acc);
                                if (mrb == mr && nrb == nr) {
                                    mergeTile(acc, mr, nr, cs, cIdx, ldc, alpha, betaEff);
                                } else {
                                    for (int r = 0; r < mrb; r++) {
                                        long row = cIdx + r * ldc;
                                        for (int j = 0; j < nrb; j++) {
                                            float s = acc.getAtIndex(F, (long) r * nr + j);
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
                } else if (nrb == nr && (L == 8 || L == 16)) {
                    // op(B) = Bᵀ: transpose L×L blocks in registers, the rest of the depth lane by lane.
                    long rowBytes = b.stride() * Float.BYTES;
                    int p = 0;
                    for (; p + L <= kcb; p += L) {
                        for (int j0 = 0; j0 < nr; j0 += L) {
                            long src = b.index(jc + jr + j0, pc + p) * Float.BYTES;
                            if (L == 16) transpose16(bs, src, rowBytes, bp, base + p * nr + j0, nr);
                            else transpose8(bs, src, rowBytes, bp, base + p * nr + j0, nr);
                        }
                    }
                    for (; p < kcb; p++) {
                        for (int j = 0; j < nr; j++) bp[base + p * nr + j] = bs.getAtIndex(F, b.index(jc + jr + j, pc + p));
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
                if (transA == Transpose.N && mrb == mr && mr == 4 && L == 8) {
                    // four rows of A, eight columns at a time, interleaved in registers (the AVX2 tile)
                    long rowBytes = a.stride() * Float.BYTES;
                    int p = 0;
                    for (; p + L <= kcb; p += L) interleave4x8(as, a.index(ic + ir, pc + p) * Float.BYTES, rowBytes, ap, base + p * mr);
                    for (; p < kcb; p++) {
                        for (int i = 0; i < mr; i++) ap[base + p * mr + i] = as.getAtIndex(F, a.index(ic + ir + i, pc + p));
                    }
                } else if (transA == Transpose.N && mrb == mr && mr == 8 && L == 16) {
                    // eight rows of A, sixteen columns at a time, interleaved in registers (the AVX-512 tile)
                    long rowBytes = a.stride() * Float.BYTES;
                    int p = 0;
                    for (; p + L <= kcb; p += L) interleave8x16(as, a.index(ic + ir, pc + p) * Float.BYTES, rowBytes, ap, base + p * mr);
                    for (; p < kcb; p++) {
                        for (int i = 0; i < mr; i++) ap[base + p * mr + i] = as.getAtIndex(F, a.index(ic + ir + i, pc + p));
                    }
                } else if (transA == Transpose.N) {
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
    static void mergeTile(MemorySegment acc, int mr, int nr, MemorySegment cs, long cIdx, long ldc, float alpha, float beta) {
        for (int r = 0; r < mr; r++) {
            long row = (cIdx + r * ldc) * Float.BYTES;
            for (int h = 0; h < nr; h += L) {
                FloatVector v = FloatVector.fromMemorySegment(FS, acc, (long) (r * nr + h) * Float.BYTES, LE).mul(alpha);
                long off = row + (long) h * Float.BYTES;
                if (beta != 0f) v = v.add(FloatVector.fromMemorySegment(FS, cs, off, LE).mul(beta));
                v.intoMemorySegment(cs, off, LE);
            }
        }
    }

    /**
     * Packs a 4×8 block of A (four rows {@code rowBytes} apart, eight columns from {@code src})
     * column by column: {@code ap[dst + 4q + i]} = row i, column q. Two stages pair the rows'
     * lanes as {@link #transpose8} does; a third puts the 128-bit halves in column order.
     */
    private static void interleave4x8(MemorySegment as, long src, long rowBytes, float[] ap, int dst) {
        FloatVector r0 = FloatVector.fromMemorySegment(FS, as, src, LE);
        FloatVector r1 = FloatVector.fromMemorySegment(FS, as, src + rowBytes, LE);
        FloatVector r2 = FloatVector.fromMemorySegment(FS, as, src + 2 * rowBytes, LE);
        FloatVector r3 = FloatVector.fromMemorySegment(FS, as, src + 3 * rowBytes, LE);
        FloatVector s0 = r0.blend(r1.rearrange(RIGHT_1), ODD_1);         // r0[0] r1[0] r0[2] r1[2] …
        FloatVector s1 = r0.rearrange(LEFT_1).blend(r1, ODD_1);          // r0[1] r1[1] r0[3] r1[3] …
        FloatVector s2 = r2.blend(r3.rearrange(RIGHT_1), ODD_1);
        FloatVector s3 = r2.rearrange(LEFT_1).blend(r3, ODD_1);
        FloatVector c04 = s0.blend(s2.rearrange(RIGHT_2), ODD_2);        // column 0 | column 4
        FloatVector c26 = s0.rearrange(LEFT_2).blend(s2, ODD_2);         // column 2 | column 6
        FloatVector c15 = s1.blend(s3.rearrange(RIGHT_2), ODD_2);        // column 1 | column 5
        FloatVector c37 = s1.rearrange(LEFT_2).blend(s3, ODD_2);         // column 3 | column 7
        c04.blend(c15.rearrange(RIGHT_4), ODD_4).intoArray(ap, dst);                 // columns 0, 1
        c26.blend(c37.rearrange(RIGHT_4), ODD_4).intoArray(ap, dst + 8);             // columns 2, 3
        c04.rearrange(LEFT_4).blend(c15, ODD_4).intoArray(ap, dst + 16);             // columns 4, 5
        c26.rearrange(LEFT_4).blend(c37, ODD_4).intoArray(ap, dst + 24);             // columns 6, 7
    }

    /**
     * Packs an 8×16 block of A (eight rows {@code rowBytes} apart, sixteen columns from
     * {@code src}) column by column: {@code ap[dst + 8q + i]} = row i, column q. Three stages
     * pair the rows' lanes as {@link #transpose8} does, leaving column q beside column q + 8;
     * a fourth puts the 256-bit halves in column order.
     */
    private static void interleave8x16(MemorySegment as, long src, long rowBytes, float[] ap, int dst) {
        FloatVector r0 = FloatVector.fromMemorySegment(FS, as, src, LE);
        FloatVector r1 = FloatVector.fromMemorySegment(FS, as, src + rowBytes, LE);
        FloatVector r2 = FloatVector.fromMemorySegment(FS, as, src + 2 * rowBytes, LE);
        FloatVector r3 = FloatVector.fromMemorySegment(FS, as, src + 3 * rowBytes, LE);
        FloatVector r4 = FloatVector.fromMemorySegment(FS, as, src + 4 * rowBytes, LE);
        FloatVector r5 = FloatVector.fromMemorySegment(FS, as, src + 5 * rowBytes, LE);
        FloatVector r6 = FloatVector.fromMemorySegment(FS, as, src + 6 * rowBytes, LE);
        FloatVector r7 = FloatVector.fromMemorySegment(FS, as, src + 7 * rowBytes, LE);
        FloatVector s0 = r0.blend(r1.rearrange(RIGHT_1), ODD_1);         // rows 0, 1 of the even columns
        FloatVector s1 = r0.rearrange(LEFT_1).blend(r1, ODD_1);          // rows 0, 1 of the odd columns
        FloatVector s2 = r2.blend(r3.rearrange(RIGHT_1), ODD_1);
        FloatVector s3 = r2.rearrange(LEFT_1).blend(r3, ODD_1);
        FloatVector s4 = r4.blend(r5.rearrange(RIGHT_1), ODD_1);
        FloatVector s5 = r4.rearrange(LEFT_1).blend(r5, ODD_1);
        FloatVector s6 = r6.blend(r7.rearrange(RIGHT_1), ODD_1);
        FloatVector s7 = r6.rearrange(LEFT_1).blend(r7, ODD_1);
        FloatVector t0 = s0.blend(s2.rearrange(RIGHT_2), ODD_2);         // rows 0-3 of columns 0, 4, 8, 12
        FloatVector t2 = s0.rearrange(LEFT_2).blend(s2, ODD_2);          // rows 0-3 of columns 2, 6, 10, 14
        FloatVector t1 = s1.blend(s3.rearrange(RIGHT_2), ODD_2);         // rows 0-3 of columns 1, 5, 9, 13
        FloatVector t3 = s1.rearrange(LEFT_2).blend(s3, ODD_2);          // rows 0-3 of columns 3, 7, 11, 15
        FloatVector t4 = s4.blend(s6.rearrange(RIGHT_2), ODD_2);
        FloatVector t6 = s4.rearrange(LEFT_2).blend(s6, ODD_2);
        FloatVector t5 = s5.blend(s7.rearrange(RIGHT_2), ODD_2);
        FloatVector t7 = s5.rearrange(LEFT_2).blend(s7, ODD_2);
        FloatVector c08 = t0.blend(t4.rearrange(RIGHT_4), ODD_4);        // column 0 | column 8
        FloatVector c412 = t0.rearrange(LEFT_4).blend(t4, ODD_4);        // column 4 | column 12
        FloatVector c19 = t1.blend(t5.rearrange(RIGHT_4), ODD_4);
        FloatVector c513 = t1.rearrange(LEFT_4).blend(t5, ODD_4);
        FloatVector c210 = t2.blend(t6.rearrange(RIGHT_4), ODD_4);
        FloatVector c614 = t2.rearrange(LEFT_4).blend(t6, ODD_4);
        FloatVector c311 = t3.blend(t7.rearrange(RIGHT_4), ODD_4);
        FloatVector c715 = t3.rearrange(LEFT_4).blend(t7, ODD_4);
        c08.blend(c19.rearrange(RIGHT_8), ODD_8).intoArray(ap, dst);                 // columns 0, 1
        c210.blend(c311.rearrange(RIGHT_8), ODD_8).intoArray(ap, dst + 16);         // columns 2, 3
        c412.blend(c513.rearrange(RIGHT_8), ODD_8).intoArray(ap, dst + 32);         // columns 4, 5
        c614.blend(c715.rearrange(RIGHT_8), ODD_8).intoArray(ap, dst + 48);         // columns 6, 7
        c08.rearrange(LEFT_8).blend(c19, ODD_8).intoArray(ap, dst + 64);            // columns 8, 9
        c210.rearrange(LEFT_8).blend(c311, ODD_8).intoArray(ap, dst + 80);          // columns 10, 11
        c412.rearrange(LEFT_8).blend(c513, ODD_8).intoArray(ap, dst + 96);          // columns 12, 13
        c614.rearrange(LEFT_8).blend(c715, ODD_8).intoArray(ap, dst + 112);         // columns 14, 15
    }

    /**
     * Writes the transpose of the 8×8 block at {@code src} (rows {@code rowBytes} apart) to
     * {@code bp}: row q of the result, 8 floats, at {@code dst + q·dstStride}. log₂ 8 stages,
     * each swapping the off-diagonal blocks of one size with a lane permute and a blend.
     */
    private static void transpose8(MemorySegment bs, long src, long rowBytes, float[] bp, int dst, int dstStride) {
        FloatVector r0 = FloatVector.fromMemorySegment(FS, bs, src, LE);
        FloatVector r1 = FloatVector.fromMemorySegment(FS, bs, src + 1 * rowBytes, LE);
        FloatVector r2 = FloatVector.fromMemorySegment(FS, bs, src + 2 * rowBytes, LE);
        FloatVector r3 = FloatVector.fromMemorySegment(FS, bs, src + 3 * rowBytes, LE);
        FloatVector r4 = FloatVector.fromMemorySegment(FS, bs, src + 4 * rowBytes, LE);
        FloatVector r5 = FloatVector.fromMemorySegment(FS, bs, src + 5 * rowBytes, LE);
        FloatVector r6 = FloatVector.fromMemorySegment(FS, bs, src + 6 * rowBytes, LE);
        FloatVector r7 = FloatVector.fromMemorySegment(FS, bs, src + 7 * rowBytes, LE);
        FloatVector s0_0 = r0.blend(r1.rearrange(RIGHT_1), ODD_1);
        FloatVector s0_1 = r0.rearrange(LEFT_1).blend(r1, ODD_1);
        FloatVector s0_2 = r2.blend(r3.rearrange(RIGHT_1), ODD_1);
        FloatVector s0_3 = r2.rearrange(LEFT_1).blend(r3, ODD_1);
        FloatVector s0_4 = r4.blend(r5.rearrange(RIGHT_1), ODD_1);
        FloatVector s0_5 = r4.rearrange(LEFT_1).blend(r5, ODD_1);
        FloatVector s0_6 = r6.blend(r7.rearrange(RIGHT_1), ODD_1);
        FloatVector s0_7 = r6.rearrange(LEFT_1).blend(r7, ODD_1);
        FloatVector s1_0 = s0_0.blend(s0_2.rearrange(RIGHT_2), ODD_2);
        FloatVector s1_2 = s0_0.rearrange(LEFT_2).blend(s0_2, ODD_2);
        FloatVector s1_1 = s0_1.blend(s0_3.rearrange(RIGHT_2), ODD_2);
        FloatVector s1_3 = s0_1.rearrange(LEFT_2).blend(s0_3, ODD_2);
        FloatVector s1_4 = s0_4.blend(s0_6.rearrange(RIGHT_2), ODD_2);
        FloatVector s1_6 = s0_4.rearrange(LEFT_2).blend(s0_6, ODD_2);
        FloatVector s1_5 = s0_5.blend(s0_7.rearrange(RIGHT_2), ODD_2);
        FloatVector s1_7 = s0_5.rearrange(LEFT_2).blend(s0_7, ODD_2);
        FloatVector s2_0 = s1_0.blend(s1_4.rearrange(RIGHT_4), ODD_4);
        FloatVector s2_4 = s1_0.rearrange(LEFT_4).blend(s1_4, ODD_4);
        FloatVector s2_1 = s1_1.blend(s1_5.rearrange(RIGHT_4), ODD_4);
        FloatVector s2_5 = s1_1.rearrange(LEFT_4).blend(s1_5, ODD_4);
        FloatVector s2_2 = s1_2.blend(s1_6.rearrange(RIGHT_4), ODD_4);
        FloatVector s2_6 = s1_2.rearrange(LEFT_4).blend(s1_6, ODD_4);
        FloatVector s2_3 = s1_3.blend(s1_7.rearrange(RIGHT_4), ODD_4);
        FloatVector s2_7 = s1_3.rearrange(LEFT_4).blend(s1_7, ODD_4);
        s2_0.intoArray(bp, dst);
        s2_1.intoArray(bp, dst + 1 * dstStride);
        s2_2.intoArray(bp, dst + 2 * dstStride);
        s2_3.intoArray(bp, dst + 3 * dstStride);
        s2_4.intoArray(bp, dst + 4 * dstStride);
        s2_5.intoArray(bp, dst + 5 * dstStride);
        s2_6.intoArray(bp, dst + 6 * dstStride);
        s2_7.intoArray(bp, dst + 7 * dstStride);
    }

    /**
     * Writes the transpose of the 16×16 block at {@code src} (rows {@code rowBytes} apart) to
     * {@code bp}: row q of the result, 16 floats, at {@code dst + q·dstStride}. log₂ 16 stages,
     * each swapping the off-diagonal blocks of one size with a lane permute and a blend.
     */
    private static void transpose16(MemorySegment bs, long src, long rowBytes, float[] bp, int dst, int dstStride) {
        FloatVector r0 = FloatVector.fromMemorySegment(FS, bs, src, LE);
        FloatVector r1 = FloatVector.fromMemorySegment(FS, bs, src + 1 * rowBytes, LE);
        FloatVector r2 = FloatVector.fromMemorySegment(FS, bs, src + 2 * rowBytes, LE);
        FloatVector r3 = FloatVector.fromMemorySegment(FS, bs, src + 3 * rowBytes, LE);
        FloatVector r4 = FloatVector.fromMemorySegment(FS, bs, src + 4 * rowBytes, LE);
        FloatVector r5 = FloatVector.fromMemorySegment(FS, bs, src + 5 * rowBytes, LE);
        FloatVector r6 = FloatVector.fromMemorySegment(FS, bs, src + 6 * rowBytes, LE);
        FloatVector r7 = FloatVector.fromMemorySegment(FS, bs, src + 7 * rowBytes, LE);
        FloatVector r8 = FloatVector.fromMemorySegment(FS, bs, src + 8 * rowBytes, LE);
        FloatVector r9 = FloatVector.fromMemorySegment(FS, bs, src + 9 * rowBytes, LE);
        FloatVector r10 = FloatVector.fromMemorySegment(FS, bs, src + 10 * rowBytes, LE);
        FloatVector r11 = FloatVector.fromMemorySegment(FS, bs, src + 11 * rowBytes, LE);
        FloatVector r12 = FloatVector.fromMemorySegment(FS, bs, src + 12 * rowBytes, LE);
        FloatVector r13 = FloatVector.fromMemorySegment(FS, bs, src + 13 * rowBytes, LE);
        FloatVector r14 = FloatVector.fromMemorySegment(FS, bs, src + 14 * rowBytes, LE);
        FloatVector r15 = FloatVector.fromMemorySegment(FS, bs, src + 15 * rowBytes, LE);
        FloatVector s0_0 = r0.blend(r1.rearrange(RIGHT_1), ODD_1);
        FloatVector s0_1 = r0.rearrange(LEFT_1).blend(r1, ODD_1);
        FloatVector s0_2 = r2.blend(r3.rearrange(RIGHT_1), ODD_1);
        FloatVector s0_3 = r2.rearrange(LEFT_1).blend(r3, ODD_1);
        FloatVector s0_4 = r4.blend(r5.rearrange(RIGHT_1), ODD_1);
        FloatVector s0_5 = r4.rearrange(LEFT_1).blend(r5, ODD_1);
        FloatVector s0_6 = r6.blend(r7.rearrange(RIGHT_1), ODD_1);
        FloatVector s0_7 = r6.rearrange(LEFT_1).blend(r7, ODD_1);
        FloatVector s0_8 = r8.blend(r9.rearrange(RIGHT_1), ODD_1);
        FloatVector s0_9 = r8.rearrange(LEFT_1).blend(r9, ODD_1);
        FloatVector s0_10 = r10.blend(r11.rearrange(RIGHT_1), ODD_1);
        FloatVector s0_11 = r10.rearrange(LEFT_1).blend(r11, ODD_1);
        FloatVector s0_12 = r12.blend(r13.rearrange(RIGHT_1), ODD_1);
        FloatVector s0_13 = r12.rearrange(LEFT_1).blend(r13, ODD_1);
        FloatVector s0_14 = r14.blend(r15.rearrange(RIGHT_1), ODD_1);
        FloatVector s0_15 = r14.rearrange(LEFT_1).blend(r15, ODD_1);
        FloatVector s1_0 = s0_0.blend(s0_2.rearrange(RIGHT_2), ODD_2);
        FloatVector s1_2 = s0_0.rearrange(LEFT_2).blend(s0_2, ODD_2);
        FloatVector s1_1 = s0_1.blend(s0_3.rearrange(RIGHT_2), ODD_2);
        FloatVector s1_3 = s0_1.rearrange(LEFT_2).blend(s0_3, ODD_2);
        FloatVector s1_4 = s0_4.blend(s0_6.rearrange(RIGHT_2), ODD_2);
        FloatVector s1_6 = s0_4.rearrange(LEFT_2).blend(s0_6, ODD_2);
        FloatVector s1_5 = s0_5.blend(s0_7.rearrange(RIGHT_2), ODD_2);
        FloatVector s1_7 = s0_5.rearrange(LEFT_2).blend(s0_7, ODD_2);
        FloatVector s1_8 = s0_8.blend(s0_10.rearrange(RIGHT_2), ODD_2);
        FloatVector s1_10 = s0_8.rearrange(LEFT_2).blend(s0_10, ODD_2);
        FloatVector s1_9 = s0_9.blend(s0_11.rearrange(RIGHT_2), ODD_2);
        FloatVector s1_11 = s0_9.rearrange(LEFT_2).blend(s0_11, ODD_2);
        FloatVector s1_12 = s0_12.blend(s0_14.rearrange(RIGHT_2), ODD_2);
        FloatVector s1_14 = s0_12.rearrange(LEFT_2).blend(s0_14, ODD_2);
        FloatVector s1_13 = s0_13.blend(s0_15.rearrange(RIGHT_2), ODD_2);
        FloatVector s1_15 = s0_13.rearrange(LEFT_2).blend(s0_15, ODD_2);
        FloatVector s2_0 = s1_0.blend(s1_4.rearrange(RIGHT_4), ODD_4);
        FloatVector s2_4 = s1_0.rearrange(LEFT_4).blend(s1_4, ODD_4);
        FloatVector s2_1 = s1_1.blend(s1_5.rearrange(RIGHT_4), ODD_4);
        FloatVector s2_5 = s1_1.rearrange(LEFT_4).blend(s1_5, ODD_4);
        FloatVector s2_2 = s1_2.blend(s1_6.rearrange(RIGHT_4), ODD_4);
        FloatVector s2_6 = s1_2.rearrange(LEFT_4).blend(s1_6, ODD_4);
        FloatVector s2_3 = s1_3.blend(s1_7.rearrange(RIGHT_4), ODD_4);
        FloatVector s2_7 = s1_3.rearrange(LEFT_4).blend(s1_7, ODD_4);
        FloatVector s2_8 = s1_8.blend(s1_12.rearrange(RIGHT_4), ODD_4);
        FloatVector s2_12 = s1_8.rearrange(LEFT_4).blend(s1_12, ODD_4);
        FloatVector s2_9 = s1_9.blend(s1_13.rearrange(RIGHT_4), ODD_4);
        FloatVector s2_13 = s1_9.rearrange(LEFT_4).blend(s1_13, ODD_4);
        FloatVector s2_10 = s1_10.blend(s1_14.rearrange(RIGHT_4), ODD_4);
        FloatVector s2_14 = s1_10.rearrange(LEFT_4).blend(s1_14, ODD_4);
        FloatVector s2_11 = s1_11.blend(s1_15.rearrange(RIGHT_4), ODD_4);
        FloatVector s2_15 = s1_11.rearrange(LEFT_4).blend(s1_15, ODD_4);
        FloatVector s3_0 = s2_0.blend(s2_8.rearrange(RIGHT_8), ODD_8);
        FloatVector s3_8 = s2_0.rearrange(LEFT_8).blend(s2_8, ODD_8);
        FloatVector s3_1 = s2_1.blend(s2_9.rearrange(RIGHT_8), ODD_8);
        FloatVector s3_9 = s2_1.rearrange(LEFT_8).blend(s2_9, ODD_8);
        FloatVector s3_2 = s2_2.blend(s2_10.rearrange(RIGHT_8), ODD_8);
        FloatVector s3_10 = s2_2.rearrange(LEFT_8).blend(s2_10, ODD_8);
        FloatVector s3_3 = s2_3.blend(s2_11.rearrange(RIGHT_8), ODD_8);
        FloatVector s3_11 = s2_3.rearrange(LEFT_8).blend(s2_11, ODD_8);
        FloatVector s3_4 = s2_4.blend(s2_12.rearrange(RIGHT_8), ODD_8);
        FloatVector s3_12 = s2_4.rearrange(LEFT_8).blend(s2_12, ODD_8);
        FloatVector s3_5 = s2_5.blend(s2_13.rearrange(RIGHT_8), ODD_8);
        FloatVector s3_13 = s2_5.rearrange(LEFT_8).blend(s2_13, ODD_8);
        FloatVector s3_6 = s2_6.blend(s2_14.rearrange(RIGHT_8), ODD_8);
        FloatVector s3_14 = s2_6.rearrange(LEFT_8).blend(s2_14, ODD_8);
        FloatVector s3_7 = s2_7.blend(s2_15.rearrange(RIGHT_8), ODD_8);
        FloatVector s3_15 = s2_7.rearrange(LEFT_8).blend(s2_15, ODD_8);
        s3_0.intoArray(bp, dst);
        s3_1.intoArray(bp, dst + 1 * dstStride);
        s3_2.intoArray(bp, dst + 2 * dstStride);
        s3_3.intoArray(bp, dst + 3 * dstStride);
        s3_4.intoArray(bp, dst + 4 * dstStride);
        s3_5.intoArray(bp, dst + 5 * dstStride);
        s3_6.intoArray(bp, dst + 6 * dstStride);
        s3_7.intoArray(bp, dst + 7 * dstStride);
        s3_8.intoArray(bp, dst + 8 * dstStride);
        s3_9.intoArray(bp, dst + 9 * dstStride);
        s3_10.intoArray(bp, dst + 10 * dstStride);
        s3_11.intoArray(bp, dst + 11 * dstStride);
        s3_12.intoArray(bp, dst + 12 * dstStride);
        s3_13.intoArray(bp, dst + 13 * dstStride);
        s3_14.intoArray(bp, dst + 14 * dstStride);
        s3_15.intoArray(bp, dst + 15 * dstStride);
    }

    // The micro-kernels, one per shape GemmTile.SHAPES lists. The AVX-512 shape (8×2) and the AVX2
    // shape (4×2) merge a full tile into C from their registers: alpha·acc + beta·C, written out
    // (passed to a helper, the vectors were boxed and the GEMM ran at a third). The merge took a
    // tenth off the GEMM on AVX2 and up to a quarter on AVX-512 (bench/RESULTS.md); with 16
    // accumulators the 8×2 body still compiles at every tier (PrintCompilation: tier 3, then 4;
    // a body too large for C1 can leave a method stuck in slow code). A partial tile is the same
    // kernel with alpha 1 and beta 0 into a scratch tile (exact: the raw products), merged
    // element by element; the 3×3 shape (only when dante.gemm.tile asks for it) always goes through it.

    /**
     * C[0..8, 0..2·L) = alpha·(A-strip · B-strip) + beta·C, C's rows {@code ldcBytes} apart from
     * byte {@code cByte} of {@code cs}: 16 accumulators in registers, merged into C from them; with
     * beta 0, C is not read.
     */
    static void microKernel8x2Into(float[] ap, int aOff, float[] bp, int bOff, int kc, MemorySegment cs, long cByte, long ldcBytes, float alpha, float beta) {
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
        long h = (long) L * Float.BYTES;
        long r0 = cByte, r1 = r0 + ldcBytes, r2 = r1 + ldcBytes, r3 = r2 + ldcBytes;
        long r4 = r3 + ldcBytes, r5 = r4 + ldcBytes, r6 = r5 + ldcBytes, r7 = r6 + ldcBytes;
        c00 = c00.mul(alpha); c01 = c01.mul(alpha); c10 = c10.mul(alpha); c11 = c11.mul(alpha);
        c20 = c20.mul(alpha); c21 = c21.mul(alpha); c30 = c30.mul(alpha); c31 = c31.mul(alpha);
        c40 = c40.mul(alpha); c41 = c41.mul(alpha); c50 = c50.mul(alpha); c51 = c51.mul(alpha);
        c60 = c60.mul(alpha); c61 = c61.mul(alpha); c70 = c70.mul(alpha); c71 = c71.mul(alpha);
        if (beta != 0f) {
            c00 = c00.add(FloatVector.fromMemorySegment(FS, cs, r0, LE).mul(beta)); c01 = c01.add(FloatVector.fromMemorySegment(FS, cs, r0 + h, LE).mul(beta));
            c10 = c10.add(FloatVector.fromMemorySegment(FS, cs, r1, LE).mul(beta)); c11 = c11.add(FloatVector.fromMemorySegment(FS, cs, r1 + h, LE).mul(beta));
            c20 = c20.add(FloatVector.fromMemorySegment(FS, cs, r2, LE).mul(beta)); c21 = c21.add(FloatVector.fromMemorySegment(FS, cs, r2 + h, LE).mul(beta));
            c30 = c30.add(FloatVector.fromMemorySegment(FS, cs, r3, LE).mul(beta)); c31 = c31.add(FloatVector.fromMemorySegment(FS, cs, r3 + h, LE).mul(beta));
            c40 = c40.add(FloatVector.fromMemorySegment(FS, cs, r4, LE).mul(beta)); c41 = c41.add(FloatVector.fromMemorySegment(FS, cs, r4 + h, LE).mul(beta));
            c50 = c50.add(FloatVector.fromMemorySegment(FS, cs, r5, LE).mul(beta)); c51 = c51.add(FloatVector.fromMemorySegment(FS, cs, r5 + h, LE).mul(beta));
            c60 = c60.add(FloatVector.fromMemorySegment(FS, cs, r6, LE).mul(beta)); c61 = c61.add(FloatVector.fromMemorySegment(FS, cs, r6 + h, LE).mul(beta));
            c70 = c70.add(FloatVector.fromMemorySegment(FS, cs, r7, LE).mul(beta)); c71 = c71.add(FloatVector.fromMemorySegment(FS, cs, r7 + h, LE).mul(beta));
        }
        c00.intoMemorySegment(cs, r0, LE); c01.intoMemorySegment(cs, r0 + h, LE);
        c10.intoMemorySegment(cs, r1, LE); c11.intoMemorySegment(cs, r1 + h, LE);
        c20.intoMemorySegment(cs, r2, LE); c21.intoMemorySegment(cs, r2 + h, LE);
        c30.intoMemorySegment(cs, r3, LE); c31.intoMemorySegment(cs, r3 + h, LE);
        c40.intoMemorySegment(cs, r4, LE); c41.intoMemorySegment(cs, r4 + h, LE);
        c50.intoMemorySegment(cs, r5, LE); c51.intoMemorySegment(cs, r5 + h, LE);
        c60.intoMemorySegment(cs, r6, LE); c61.intoMemorySegment(cs, r6 + h, LE);
        c70.intoMemorySegment(cs, r7, LE); c71.intoMemorySegment(cs, r7 + h, LE);
    }

    /**
     * C[0..4, 0..2·L) = alpha·(A-strip · B-strip) + beta·C, as {@link #microKernel8x2Into} with
     * 8 accumulators.
     */
    static void microKernel4x2Into(float[] ap, int aOff, float[] bp, int bOff, int kc, MemorySegment cs, long cByte, long ldcBytes, float alpha, float beta) {
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
        long r0 = cByte, r1 = cByte + ldcBytes, r2 = r1 + ldcBytes, r3 = r2 + ldcBytes, h = (long) L * Float.BYTES;
        c00 = c00.mul(alpha); c01 = c01.mul(alpha); c10 = c10.mul(alpha); c11 = c11.mul(alpha);
        c20 = c20.mul(alpha); c21 = c21.mul(alpha); c30 = c30.mul(alpha); c31 = c31.mul(alpha);
        if (beta != 0f) {
            c00 = c00.add(FloatVector.fromMemorySegment(FS, cs, r0, LE).mul(beta)); c01 = c01.add(FloatVector.fromMemorySegment(FS, cs, r0 + h, LE).mul(beta));
            c10 = c10.add(FloatVector.fromMemorySegment(FS, cs, r1, LE).mul(beta)); c11 = c11.add(FloatVector.fromMemorySegment(FS, cs, r1 + h, LE).mul(beta));
            c20 = c20.add(FloatVector.fromMemorySegment(FS, cs, r2, LE).mul(beta)); c21 = c21.add(FloatVector.fromMemorySegment(FS, cs, r2 + h, LE).mul(beta));
            c30 = c30.add(FloatVector.fromMemorySegment(FS, cs, r3, LE).mul(beta)); c31 = c31.add(FloatVector.fromMemorySegment(FS, cs, r3 + h, LE).mul(beta));
        }
        c00.intoMemorySegment(cs, r0, LE); c01.intoMemorySegment(cs, r0 + h, LE);
        c10.intoMemorySegment(cs, r1, LE); c11.intoMemorySegment(cs, r1 + h, LE);
        c20.intoMemorySegment(cs, r2, LE); c21.intoMemorySegment(cs, r2 + h, LE);
        c30.intoMemorySegment(cs, r3, LE); c31.intoMemorySegment(cs, r3 + h, LE);
    }

    /** tile[0..3, 0..3·L) = A-strip · B-strip, 9 accumulators in registers, stored row-major into {@code tile}. */
    static void microKernel3x3(float[] ap, int aOff, float[] bp, int bOff, int kc, MemorySegment tile) {
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
        long v = (long) L * Float.BYTES;
        c00.intoMemorySegment(tile, 0 * v, LE); c01.intoMemorySegment(tile, 1 * v, LE); c02.intoMemorySegment(tile, 2 * v, LE);
        c10.intoMemorySegment(tile, 3 * v, LE); c11.intoMemorySegment(tile, 4 * v, LE); c12.intoMemorySegment(tile, 5 * v, LE);
        c20.intoMemorySegment(tile, 6 * v, LE); c21.intoMemorySegment(tile, 7 * v, LE); c22.intoMemorySegment(tile, 8 * v, LE);
    }}
