package dante.kernels;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * The numerical operations training needs, BLAS-named, outputs last. Two implementations:
 * {@link ScalarKernels} (plain Java, the reference) and a Vector API twin chosen by
 * {@link #best()}. Element-wise operations accept {@code out == in}. Reductions accumulate
 * in {@code double}. Shapes are checked once per call, with both shapes in the message.
 *
 * <p>Selection: system property {@code dante.kernels} = {@code auto} (default),
 * {@code panama} or {@code scalar}; {@code dante.threads} sets the GEMM thread count
 * (default: available processors); {@code dante.vector.bits} = 128, 256 or 512 forces a
 * vector width.
 */
public interface Kernels extends AutoCloseable {

    /**
     * Stops this instance's worker threads. Kernels made by {@link #create}, {@link #scalar}
     * or {@link #panama} own a pool and should be closed; {@link #best()} is shared and closing
     * it does nothing. Closing twice is harmless.
     */
    @Override
    default void close() {}


    /**
     * "scalar" or "panama".
     *
     * @return the kernels' name
     */
    String name();

    /**
     * Width of the SIMD registers used, in bits (32 for the scalar kernels).
     *
     * @return the width in bits
     */
    int vectorBits();

    /**
     * How the kernels tuned themselves to this machine (cache blocks and why), or "" when they did not.
     *
     * @return the tuning, one line, or ""
     */
    default String tuning() { return ""; }

    /**
     * Threads GEMM runs on.
     *
     * @return the thread count
     */
    int threads();

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C}; with {@code beta == 0} C is not read. Bit-identical for every thread count.
     *
     * @param transA whether A is read transposed
     * @param transB whether B is read transposed
     * @param alpha scale of the product
     * @param a the left operand
     * @param b the right operand
     * @param beta scale of C's old value (0: C is write-only)
     * @param c the result, m×n, which may not overlap A or B
     */
    void gemm(Transpose transA, Transpose transB, float alpha, FloatMatrix a, FloatMatrix b, float beta, FloatMatrix c);

    /**
     * {@code m[i, j] += v[0, j]} (bias add).
     *
     * @param v the 1×n row to add
     * @param m the m×n matrix, updated in place
     */
    void addRowVector(FloatMatrix v, FloatMatrix m);

    /**
     * {@code out[0, j] = alpha·Σ_i m[i, j] + beta·out[0, j]} (bias gradient); sums in double.
     *
     * @param alpha scale of the sums
     * @param m the matrix whose columns are summed
     * @param beta scale of out's old value (0: out is write-only)
     * @param out the 1×n result
     */
    void columnSums(float alpha, FloatMatrix m, float beta, FloatMatrix out);

    /**
     * Generalized ReLU: {@code y = a·x} for {@code x ≤ 0}, {@code b·x} for {@code x > 0}.
     *
     * @param a slope for {@code x ≤ 0}
     * @param b slope for {@code x > 0}
     * @param x the input
     * @param y the output, same shape as x (may be x itself)
     */
    void generalizedRelu(float a, float b, FloatMatrix x, FloatMatrix y);

    /**
     * {@code gradX = gradY ⊙ g(x)} with the subgradient {@code g(x) = a} for {@code x ≤ 0} (so g(0) = a), {@code b} otherwise.
     *
     * @param a slope for {@code x ≤ 0}
     * @param b slope for {@code x > 0}
     * @param x the forward pass's input
     * @param gradY the gradient with respect to the output
     * @param gradX the gradient with respect to the input (may be gradY itself)
     */
    void generalizedReluBackward(float a, float b, FloatMatrix x, FloatMatrix gradY, FloatMatrix gradX);

    /**
     * Logistic sigmoid, stable for large |x|.
     *
     * @param x the input
     * @param y the output, same shape as x (may be x itself)
     */
    void sigmoid(FloatMatrix x, FloatMatrix y);

    /**
     * {@code gradX = gradY ⊙ y(1 − y)} from the sigmoid's output y.
     *
     * @param y the forward pass's output
     * @param gradY the gradient with respect to the output
     * @param gradX the gradient with respect to the input (may be gradY itself)
     */
    void sigmoidBackward(FloatMatrix y, FloatMatrix gradY, FloatMatrix gradX);

    /**
     * Hyperbolic tangent.
     *
     * @param x the input
     * @param y the output, same shape as x (may be x itself)
     */
    void tanh(FloatMatrix x, FloatMatrix y);

    /**
     * {@code gradX = gradY ⊙ (1 − y²)} from tanh's output y.
     *
     * @param y the forward pass's output
     * @param gradY the gradient with respect to the output
     * @param gradX the gradient with respect to the input (may be gradY itself)
     */
    void tanhBackward(FloatMatrix y, FloatMatrix gradY, FloatMatrix gradX);

    /**
     * Row-wise softmax (subtracts the row maximum).
     *
     * @param x the logits, one example per row
     * @param y the probabilities, same shape as x (may be x itself)
     */
    void softmaxRows(FloatMatrix x, FloatMatrix y);

    /**
     * Returns {@code Σ (p − t)²}; writes {@code grad = gradScale·2(p − t)} when grad is not null.
     *
     * @param prediction the network's output
     * @param target the targets, same shape
     * @param gradScale the factor on the gradient (e.g. 1/rows for a mean)
     * @param grad where the gradient goes, same shape, or null for the loss only
     * @return the sum of squared errors, in double
     */
    double mse(FloatMatrix prediction, FloatMatrix target, float gradScale, FloatMatrix grad);

    /**
     * Binary cross-entropy on logits z (the sigmoid is inside): returns
     * {@code Σ max(z,0) − z·t + log(1 + e^{−|z|})}; writes {@code grad = gradScale·(σ(z) − t)}.
     *
     * @param logits the output before the sigmoid
     * @param target targets in [0, 1], same shape
     * @param gradScale the factor on the gradient (e.g. 1/rows for a mean)
     * @param grad where the gradient goes, same shape, or null for the loss only
     * @return the summed loss, in double
     */
    double binaryCrossEntropyWithLogits(FloatMatrix logits, FloatMatrix target, float gradScale, FloatMatrix grad);

    /**
     * Softmax cross-entropy on logits, row-wise with log-sum-exp: returns
     * {@code Σ_i Σ_j t_ij (lse_i − z_ij)}; writes {@code grad = gradScale·(softmax(z) − t)}.
     * Targets may be one-hot or any distribution per row.
     *
     * @param logits the output before the softmax, one example per row
     * @param target a distribution per row, same shape
     * @param gradScale the factor on the gradient (e.g. 1/rows for a mean)
     * @param grad where the gradient goes, same shape, or null for the loss only
     * @return the summed loss, in double
     */
    double softmaxCrossEntropy(FloatMatrix logits, FloatMatrix target, float gradScale, FloatMatrix grad);

    /**
     * Frobenius inner product, accumulated in double.
     *
     * @param x one operand
     * @param y the other, same shape
     * @return {@code Σ x_ij·y_ij}
     */
    double dot(FloatMatrix x, FloatMatrix y);

    /**
     * {@code ‖x‖_F}, accumulated in double.
     *
     * @param x the matrix
     * @return its Frobenius norm
     */
    double frobeniusNorm(FloatMatrix x);

    /**
     * {@code y += alpha·x}.
     *
     * @param alpha the factor on x
     * @param x the addend
     * @param y the matrix updated in place, same shape
     */
    void axpy(float alpha, FloatMatrix x, FloatMatrix y);

    /**
     * Gathers rows: row i of {@code dst} becomes row {@code order[start + i]} of {@code src}, for
     * every row of {@code dst} (a minibatch out of a shuffled training set). With several threads
     * the rows are split in fixed chunks; a copy, so the result never depends on the thread count.
     *
     * @param src the rows to pick from
     * @param order row indices into {@code src}
     * @param start where in {@code order} the first of {@code dst}'s rows is named
     * @param dst the destination, as many columns as {@code src}
     * @throws IllegalArgumentException when the column counts differ
     * @throws IndexOutOfBoundsException when {@code order} is too short or names a row {@code src} lacks
     */
    void gatherRows(FloatMatrix src, int[] order, int start, FloatMatrix dst);

    /**
     * {@code x *= alpha}.
     *
     * @param alpha the factor
     * @param x the matrix scaled in place
     */
    void scale(float alpha, FloatMatrix x);

    /**
     * {@code out[i]} = index of the largest element of row i (first one on ties; NaN counts as largest).
     *
     * @param m the matrix
     * @param out one index per row of m
     */
    void argmaxRows(FloatMatrix m, int[] out);

    /**
     * Cholesky factorization in place: the symmetric positive definite {@code a} (only its
     * lower triangle is read) becomes {@code L} with {@code a = L·Lᵀ}, lower triangular, its
     * strict upper triangle set to 0. Blocked: 64-column diagonal blocks by dot products summed
     * in double, the panels by {@link #triangularSolve}, the trailing updates by GEMM. Throws
     * {@link ArithmeticException} naming the pivot when {@code a} is not positive definite
     * in float (add a ridge to the diagonal).
     *
     * @param a the n×n matrix, overwritten by its factor
     */
    void cholesky(FloatMatrix a);

    /**
     * Triangular solve from the right, in place, every row of {@code b} one right-hand side:
     * {@code b ← b·op(L)⁻¹} with {@code op(L) = L} ({@link Transpose#N}) or {@code Lᵀ}
     * ({@link Transpose#T}), for a lower-triangular {@code L} (its upper triangle is not
     * read). Blocked by columns; the off-diagonal work is GEMM, each diagonal block an axpy per step across 256 rows at a time (float, as GEMM). Throws
     * {@link ArithmeticException} when a diagonal entry of L is 0 or not finite.
     *
     * @param l the n×n lower-triangular factor
     * @param op whether to solve with L or its transpose
     * @param b the right-hand sides, one per row, overwritten by the solutions
     */
    void triangularSolve(FloatMatrix l, Transpose op, FloatMatrix b);

    /**
     * {@code b ← b·(L·Lᵀ)⁻¹} for the factor of {@link #cholesky}: solves {@code x·A = b} for
     * every row of {@code b} (A symmetric, so also {@code A·xᵀ = bᵀ}).
     *
     * @param l the Cholesky factor of A
     * @param b the right-hand sides, one per row, overwritten by the solutions
     */
    default void choleskySolve(FloatMatrix l, FloatMatrix b) {
        triangularSolve(l, Transpose.T, b);
        triangularSolve(l, Transpose.N, b);
    }

    // ------------------------------------------------------------------ selection

    /**
     * The kernels chosen once at start-up (see the class comment).
     *
     * @return the kernels for this process
     */
    static Kernels best() { return Chooser.BEST; }

    /**
     * The plain-Java reference on {@code threads} threads.
     *
     * @param threads the thread count (at least 1)
     * @return new scalar kernels
     */
    static Kernels scalar(int threads) { return new ScalarKernels(threads); }

    /**
     * The Vector API kernels; throws {@link IllegalStateException} with the reason when they can't run here.
     *
     * @param threads the thread count (at least 1)
     * @return new Vector API kernels
     */
    static Kernels panama(int threads) {
        String why = Chooser.panamaUnavailableReason();
        if (why != null) throw new IllegalStateException(why);
        return Chooser.newPanama(threads);
    }

    /**
     * Kernels of the kind named by {@code dante.kernels} (or the fallback) on {@code threads} threads.
     *
     * @param threads the thread count (at least 1)
     * @return new kernels
     */
    static Kernels create(int threads) { return Chooser.create(threads, false); }

    /**
     * Whether the Vector API kernels can run in this JVM.
     *
     * @return true when {@link #panama} would succeed
     */
    static boolean panamaAvailable() { return Chooser.panamaUnavailableReason() == null; }

    /**
     * Default thread count: {@code dante.threads} or the number of available processors.
     *
     * @return the thread count
     */
    static int defaultThreads() {
        String p = System.getProperty("dante.threads");
        if (p == null || p.isBlank()) return Runtime.getRuntime().availableProcessors();
        try {
            int t = Integer.parseInt(p.trim());
            if (t < 1) throw new NumberFormatException();
            return t;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property dante.threads: expected a positive integer, found '" + p + "'");
        }
    }

    /** Decides once; the Panama class is loaded by name only after the module was seen. */
    final class Chooser {
        private Chooser() {}

        private static final java.util.concurrent.atomic.AtomicBoolean NOTICED = new java.util.concurrent.atomic.AtomicBoolean();
        static final Kernels BEST = shared(create(defaultThreads(), true));

        private static Kernels shared(Kernels k) {
            if (k instanceof Owned o) o.markShared();
            return k;
        }

        static String panamaUnavailableReason() {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return "jdk.incubator.vector is not in this JVM; pass --add-modules jdk.incubator.vector for SIMD kernels";
            }
            try {
                Class.forName("dante.kernels.PanamaKernels");
                return null;
            } catch (ClassNotFoundException | LinkageError e) {
                return "the Vector API kernels could not be loaded (" + e + ")";
            }
        }

        static Kernels newPanama(int threads) {
            try {
                Class<?> k = Class.forName("dante.kernels.PanamaKernels");
                Constructor<?> c = k.getDeclaredConstructor(int.class);
                return (Kernels) c.newInstance(threads);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot construct the Vector API kernels", e);
            }
        }

        static Kernels create(int threads, boolean notice) {
            String kind = System.getProperty("dante.kernels", "auto").trim().toLowerCase(java.util.Locale.ROOT);
            switch (kind) {
                case "scalar":
                    return new ScalarKernels(threads);
                case "panama": {
                    String why = panamaUnavailableReason();
                    if (why != null) throw new IllegalStateException("system property dante.kernels=panama asks for the Vector API kernels, but " + why);
                    return newPanama(threads);
                }
                case "auto": {
                    String why = panamaUnavailableReason();
                    if (why == null) return newPanama(threads);
                    if (!NOTICED.getAndSet(true)) System.err.println("dante: using the scalar kernels: " + why);
                    return new ScalarKernels(threads);
                }
                default:
                    throw new IllegalArgumentException("system property dante.kernels: expected auto, panama or scalar, found '" + kind + "'");
            }
        }
    }
}
