package dante.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Cholesky factorization and triangular solves, written once over a dot product that each
 * kernel set supplies (a plain loop, or the Vector API widened to double). The factorization
 * is row-oriented (Cholesky–Crout): every entry is one dot product of two contiguous row
 * prefixes, summed in double. The solves act on many right-hand sides stored as rows; they
 * are blocked by columns so that all but the diagonal blocks' work is one GEMM per block,
 * through the kernels' own GEMM, and the diagonal blocks are dot products again, their rows
 * split over the kernels' threads (each row is its own system, so every result is
 * independent of the thread count; GEMM is too). The factorization runs on one thread.
 */
final class Factorization {
    private Factorization() {}

    /** Column block of the solves: the diagonal block is solved by dot products, the rest by GEMM. */
    static final int BLOCK = 64;

    /** {@code Σ_{t<n} x[xb+t]·y[yb+t]} in double. */
    @FunctionalInterface
    interface RangeDot {
        double dot(MemorySegment xs, long xb, MemorySegment ys, long yb, int n);
    }

    static void requireSquare(String op, FloatMatrix a) {
        if (a.rows() != a.cols()) throw new IllegalArgumentException(op + ": expected a square matrix, found " + a.shape());
    }

    /** See {@link Kernels#cholesky}. */
    static void cholesky(FloatMatrix a, RangeDot dot) {
        requireSquare("cholesky", a);
        int n = a.rows();
        MemorySegment s = a.segment();
        for (int i = 0; i < n; i++) {
            long ri = a.index(i, 0);
            for (int j = 0; j <= i; j++) {
                long rj = a.index(j, 0);
                double v = s.getAtIndex(FloatMatrix.F32, ri + j) - dot.dot(s, ri, s, rj, j);
                if (j < i) {
                    s.setAtIndex(FloatMatrix.F32, ri + j, (float) (v / s.getAtIndex(FloatMatrix.F32, rj + j)));
                } else {
                    float d = (float) Math.sqrt(v);
                    if (!(v > 0) || !Float.isFinite(d) || d == 0f) {
                        throw new ArithmeticException("cholesky: the " + n + "×" + n + " matrix is not positive definite: pivot " + i
                                + " is " + v + " (add a ridge to its diagonal, or check it for NaN)");
                    }
                    s.setAtIndex(FloatMatrix.F32, ri + i, d);
                }
            }
            for (int j = i + 1; j < n; j++) s.setAtIndex(FloatMatrix.F32, ri + j, 0f);
        }
    }

    /** See {@link Kernels#triangularSolve}. */
    static void triangularSolve(Kernels k, Parallel parallel, FloatMatrix l, Transpose op, FloatMatrix b, RangeDot dot) {
        requireSquare("triangularSolve", l);
        if (b.cols() != l.rows()) {
            throw new IllegalArgumentException("triangularSolve: the right-hand sides are rows of " + b.shape() + " but L is " + l.shape());
        }
        if (Shapes.overlap(l, b)) throw new IllegalArgumentException("triangularSolve: B (" + b.shape() + ") shares memory with L (" + l.shape() + ")");
        int d = l.rows();
        for (int i = 0; i < d; i++) {
            float p = l.get(i, i);
            if (!(p != 0f) || !Float.isFinite(p)) {
                throw new ArithmeticException("triangularSolve: L's diagonal entry " + i + " is " + p + "; L must be a nonsingular lower-triangular factor");
            }
        }
        if (b.rows() == 0 || d == 0) return;
        if (op == Transpose.T) forwardRows(k, parallel, l, b, dot);
        else backwardRows(k, parallel, l, b, dot);
    }

    /** Rows [0, n) in at most {@code threads} contiguous ranges of at least 16 rows. */
    private static void rows(Parallel parallel, int n, java.util.function.IntBinaryOperator range) {
        int tasks = Math.max(1, Math.min(parallel.threads(), n / 16));
        parallel.forEach(tasks, (task, worker) -> range.applyAsInt(Parallel.rangeStart(n, tasks, task, 1), Parallel.rangeStart(n, tasks, task + 1, 1)));
    }

    /** {@code B ← B·L⁻ᵀ}: each row solves {@code L·yᵀ = bᵀ} forwards, block by block. */
    private static void forwardRows(Kernels k, Parallel parallel, FloatMatrix l, FloatMatrix b, RangeDot dot) {
        int d = l.rows(), n = b.rows();
        MemorySegment ls = l.segment(), bs = b.segment();
        for (int j0 = 0; j0 < d; j0 += BLOCK) {
            int start = j0, j1 = Math.min(d, j0 + BLOCK);
            if (j0 > 0) {        // B[:, J] −= Y[:, 0:j0] · L[J, 0:j0]ᵀ
                k.gemm(Transpose.N, Transpose.T, -1f, b.view(0, 0, n, j0), l.view(j0, 0, j1 - j0, j0), 1f, b.view(0, j0, n, j1 - j0));
            }
            rows(parallel, n, (from, to) -> {
                for (int i = from; i < to; i++) {
                    long bi = b.index(i, 0);
                    for (int j = start; j < j1; j++) {
                        long lj = l.index(j, 0);
                        double v = bs.getAtIndex(FloatMatrix.F32, bi + j) - dot.dot(ls, lj + start, bs, bi + start, j - start);
                        bs.setAtIndex(FloatMatrix.F32, bi + j, (float) (v / ls.getAtIndex(FloatMatrix.F32, lj + j)));
                    }
                }
                return 0;
            });
        }
    }

    /** {@code B ← B·L⁻¹}: each row solves {@code Lᵀ·xᵀ = bᵀ} backwards; the diagonal block is transposed once so its columns are rows. */
    private static void backwardRows(Kernels k, Parallel parallel, FloatMatrix l, FloatMatrix b, RangeDot dot) {
        int d = l.rows(), n = b.rows();
        MemorySegment bs = b.segment();
        FloatMatrix u = FloatMatrix.wrap(new float[BLOCK * BLOCK], BLOCK, BLOCK);
        MemorySegment us = u.segment();
        int blocks = (d + BLOCK - 1) / BLOCK;
        for (int blk = blocks - 1; blk >= 0; blk--) {
            int j0 = blk * BLOCK, j1 = Math.min(d, j0 + BLOCK), w = j1 - j0;
            if (j1 < d) {        // B[:, J] −= X[:, j1:d] · L[j1:d, J]
                k.gemm(Transpose.N, Transpose.N, -1f, b.view(0, j1, n, d - j1), l.view(j1, j0, d - j1, w), 1f, b.view(0, j0, n, w));
            }
            for (int r = 0; r < w; r++) for (int c = 0; c < w; c++) u.set(r, c, l.get(j0 + c, j0 + r));   // u = L[J, J]ᵀ
            rows(parallel, n, (from, to) -> {
                for (int i = from; i < to; i++) {
                    long bi = b.index(i, 0);
                    for (int j = j1 - 1; j >= j0; j--) {
                        int r = j - j0;
                        double v = bs.getAtIndex(FloatMatrix.F32, bi + j) - dot.dot(us, u.index(r, r + 1), bs, bi + j + 1, j1 - j - 1);
                        bs.setAtIndex(FloatMatrix.F32, bi + j, (float) (v / us.getAtIndex(FloatMatrix.F32, u.index(r, r))));
                    }
                }
                return 0;
            });
        }
    }
}
