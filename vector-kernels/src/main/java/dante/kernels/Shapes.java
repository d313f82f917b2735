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
    }
}
