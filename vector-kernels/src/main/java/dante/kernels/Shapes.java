package dante.kernels;

/** Shape checks at the API boundary, with messages that print both shapes. */
final class Shapes {
    private Shapes() {}

    static void requireSameShape(String op, FloatMatrix x, FloatMatrix y) {
        if (x.rows() != y.rows() || x.cols() != y.cols()) {
            throw new IllegalArgumentException(op + ": shapes differ, " + x.shape() + " and " + y.shape());
        }
    }

    static void requireRowVector(String op, FloatMatrix v, int cols) {
        if (v.rows() != 1 || v.cols() != cols) {
            throw new IllegalArgumentException(op + ": expected a 1×" + cols + " row vector, found " + v.shape());
        }
    }

    static void requireArgmaxOut(FloatMatrix m, int[] out) {
        if (out.length < m.rows()) {
            throw new IllegalArgumentException("argmaxRows: output holds " + out.length + " entries but the matrix has " + m.rows() + " rows");
        }
    }

    static void gemm(Transpose transA, Transpose transB, FloatMatrix a, FloatMatrix b, FloatMatrix c) {
        int m = transA == Transpose.N ? a.rows() : a.cols();
        int ka = transA == Transpose.N ? a.cols() : a.rows();
        int kb = transB == Transpose.N ? b.rows() : b.cols();
        int n = transB == Transpose.N ? b.cols() : b.rows();
        if (ka != kb) {
            throw new IllegalArgumentException("gemm: op(A) is " + m + "×" + ka + " but op(B) is " + kb + "×" + n);
        }
        if (c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm: op(A)·op(B) is " + m + "×" + n + " but C is " + c.shape());
        }
        if (overlap(c, a)) throw new IllegalArgumentException("gemm: C (" + c.shape() + ") shares memory with A (" + a.shape() + "); the product would read what it overwrites");
        if (overlap(c, b)) throw new IllegalArgumentException("gemm: C (" + c.shape() + ") shares memory with B (" + b.shape() + "); the product would read what it overwrites");
    }

    /**
     * Whether two views share an element. Exact for views with the same row stride (such as
     * column blocks of one matrix, which interleave but do not share); otherwise conservative
     * (first to last element).
     */
    static boolean overlap(FloatMatrix x, FloatMatrix y) {
        if (x.rows() == 0 || x.cols() == 0 || y.rows() == 0 || y.cols() == 0) return false;
        var sx = x.segment();
        var sy = y.segment();
        if (sx.isNative() != sy.isNative()) return false;
        if (!sx.isNative() && sx.heapBase().orElse(null) != sy.heapBase().orElse(null)) return false;
        long x0 = sx.address() + x.index(0, 0) * Float.BYTES, x1 = sx.address() + (x.index(x.rows() - 1, x.cols() - 1) + 1) * Float.BYTES;
        long y0 = sy.address() + y.index(0, 0) * Float.BYTES, y1 = sy.address() + (y.index(y.rows() - 1, y.cols() - 1) + 1) * Float.BYTES;
        if (!(x0 < y1 && y0 < x1)) return false;
        long stride = x.stride();
        if (x.rows() > 1 && y.rows() > 1 && y.stride() == stride && x.cols() <= stride && y.cols() <= stride) {
            long ex = x0 / Float.BYTES, ey = y0 / Float.BYTES;         // element addresses (floats are 4-byte aligned in both)
            if (x0 % Float.BYTES != 0 || y0 % Float.BYTES != 0) return true;
            long base = Math.min(ex, ey);
            long rx = (ex - base) / stride, cx = (ex - base) % stride, ry = (ey - base) / stride, cy = (ey - base) % stride;
            if (cx + x.cols() > stride || cy + y.cols() > stride) return true;      // a view that wraps: stay conservative
            boolean rows = rx < ry + y.rows() && ry < rx + x.rows();
            boolean cols = cx < cy + y.cols() && cy < cx + x.cols();
            return rows && cols;
        }
        return true;
    }
}
