package dante.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Cholesky factorization and triangular solves, written once over the dot product and axpy
 * that each kernel set supplies (plain loops, or the Vector API) and its GEMM. The
 * factorization is blocked: 64-column diagonal blocks by Cholesky–Crout (every entry one dot
 * product of two contiguous row prefixes, summed in double), the rest by the solves and GEMM. The solves act on many right-hand sides stored as rows; they
 * are blocked by columns so that all but the diagonal blocks' work is one GEMM per block,
 * through the kernels' own GEMM; a diagonal block is solved for 256 rows at a time, turned
 * so that each substitution step is one axpy across those rows, the chunks split over the
 * kernels' threads (each row is its own system, so every result is independent of the
 * thread count; GEMM is too).
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

    /**
     * See {@link Kernels#cholesky}. Blocked, right-looking: each 64-column diagonal block is
     * factored by dot products in double, the panel below it solved against it
     * ({@link #triangularSolve}), and the trailing matrix updated by one GEMM
     * ({@code A₂₂ −= L₂₁·L₂₁ᵀ}; its upper triangle is written too and cleared at the end).
     */
    static void cholesky(Kernels k, FloatMatrix a, RangeDot dot) {
        requireSquare("cholesky", a);
        int n = a.rows();
        for (int j0 = 0; j0 < n; j0 += BLOCK) {
            int j1 = Math.min(n, j0 + BLOCK), w = j1 - j0;
            FloatMatrix diag = a.view(j0, j0, w, w);
            crout(diag, j0, n, dot);
            if (j1 < n) {
                FloatMatrix panel = a.view(j1, j0, n - j1, w);
                k.triangularSolve(diag, Transpose.T, panel);
                k.gemm(Transpose.N, Transpose.T, -1f, panel, panel, 1f, a.view(j1, j1, n - j1, n - j1));
            }
        }
        MemorySegment s = a.segment();
        for (int i = 0; i < n; i++) {
            long ri = a.index(i, 0);
            for (int j = i + 1; j < n; j++) s.setAtIndex(FloatMatrix.F32, ri + j, 0f);
        }
    }

    /** Cholesky–Crout on one diagonal block in place (its lower triangle); {@code offset} and {@code n} place it in the whole matrix for the message. */
    private static void crout(FloatMatrix a, int offset, int n, RangeDot dot) {
        int w = a.rows();
        MemorySegment s = a.segment();
        for (int i = 0; i < w; i++) {
            long ri = a.index(i, 0);
            for (int j = 0; j <= i; j++) {
                long rj = a.index(j, 0);
                double v = s.getAtIndex(FloatMatrix.F32, ri + j) - dot.dot(s, ri, s, rj, j);
                if (j < i) {
                    s.setAtIndex(FloatMatrix.F32, ri + j, (float) (v / s.getAtIndex(FloatMatrix.F32, rj + j)));
                } else {
                    float d = (float) Math.sqrt(v);
                    if (!(v > 0) || !Float.isFinite(d) || d == 0f) {
                        throw new ArithmeticException("cholesky: the " + n + "×" + n + " matrix is not positive definite: pivot " + (offset + i)
                                + " is " + v + " (add a ridge to its diagonal, or check it for NaN)");
                    }
                    s.setAtIndex(FloatMatrix.F32, ri + i, d);
                }
            }
        }
    }

    /** {@code y[yb..yb+n) += alpha·x[xb..xb+n)}, rounded as {@code y + (alpha·x)} (no fused multiply-add) in both kernel sets. */
    @FunctionalInterface
    interface RangeAxpy {
        void axpy(float alpha, MemorySegment xs, long xb, MemorySegment ys, long yb, int n);
    }

    /** Rows of B per chunk of the diagonal-block solves: a block's chunk, transposed, is BLOCK × CHUNK floats (64 KB). */
    static final int CHUNK = 256;

    /** See {@link Kernels#triangularSolve}. */
    static void triangularSolve(Kernels k, Parallel parallel, FloatMatrix l, Transpose op, FloatMatrix b, RangeAxpy axpy) {
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
        int n = b.rows();
        if (n == 0 || d == 0) return;
        int chunks = (n + CHUNK - 1) / CHUNK, workers = Math.min(parallel.threads(), chunks);
        try (MatrixArena arena = new MatrixArena()) {
            FloatMatrix[] scratch = new FloatMatrix[parallel.threads()];            // indexed by the pool's worker, whichever runs a task
            for (int w = 0; w < scratch.length; w++) scratch[w] = arena.allocate(BLOCK, CHUNK);
            boolean forward = op == Transpose.T;
            int blocks = (d + BLOCK - 1) / BLOCK;
            for (int step = 0; step < blocks; step++) {
                int blk = forward ? step : blocks - 1 - step;
                int j0 = blk * BLOCK, j1 = Math.min(d, j0 + BLOCK), w = j1 - j0;
                if (forward && j0 > 0) {            // B[:, J] −= Y[:, 0:j0] · L[J, 0:j0]ᵀ
                    k.gemm(Transpose.N, Transpose.T, -1f, b.view(0, 0, n, j0), l.view(j0, 0, w, j0), 1f, b.view(0, j0, n, w));
                } else if (!forward && j1 < d) {    // B[:, J] −= X[:, j1:d] · L[j1:d, J]
                    k.gemm(Transpose.N, Transpose.N, -1f, b.view(0, j1, n, d - j1), l.view(j1, j0, d - j1, w), 1f, b.view(0, j0, n, w));
                }
                FloatMatrix lb = l.view(j0, j0, w, w);
                parallel.forEach(workers, (task, worker) -> {
                    for (int c = task; c < chunks; c += workers) {
                        int from = c * CHUNK, rows = Math.min(CHUNK, n - from);
                        diagonalBlock(lb, b.view(from, j0, rows, w), scratch[worker], forward, axpy);
                    }
                });
            }
        }
    }

    /**
     * Solves the diagonal block for up to CHUNK rows at once: the rows' block columns are
     * transposed into {@code t} (w × rows), so that every step of the substitution is an axpy
     * over all the rows, then copied back. Forward: {@code t_j ← (t_j − Σ_{k<j} L_jk t_k) / L_jj};
     * backward: {@code t_j ← (t_j − Σ_{k>j} L_kj t_k) / L_jj}, j descending.
     */
    private static void diagonalBlock(FloatMatrix lb, FloatMatrix bb, FloatMatrix t, boolean forward, RangeAxpy axpy) {
        int w = lb.rows(), rows = bb.rows(), tStride = t.stride(), bStride = bb.stride();
        MemorySegment ts = t.segment(), bs = bb.segment();
        long t0 = t.index(0, 0), b0 = bb.index(0, 0);
        for (int i = 0; i < rows; i++) {
            long bi = b0 + (long) i * bStride;
            for (int j = 0; j < w; j++) ts.setAtIndex(FloatMatrix.F32, t0 + (long) j * tStride + i, bs.getAtIndex(FloatMatrix.F32, bi + j));
        }
        for (int s = 0; s < w; s++) {
            int j = forward ? s : w - 1 - s;
            long tj = t.index(j, 0);
            if (forward) {
                for (int q = 0; q < j; q++) axpy.axpy(-lb.get(j, q), ts, t.index(q, 0), ts, tj, rows);
            } else {
                for (int q = j + 1; q < w; q++) axpy.axpy(-lb.get(q, j), ts, t.index(q, 0), ts, tj, rows);
            }
            float pivot = lb.get(j, j);
            for (int i = 0; i < rows; i++) ts.setAtIndex(FloatMatrix.F32, tj + i, ts.getAtIndex(FloatMatrix.F32, tj + i) / pivot);
        }
        for (int i = 0; i < rows; i++) {
            long bi = b0 + (long) i * bStride;
            for (int j = 0; j < w; j++) bs.setAtIndex(FloatMatrix.F32, bi + j, ts.getAtIndex(FloatMatrix.F32, t0 + (long) j * tStride + i));
        }
    }
}
