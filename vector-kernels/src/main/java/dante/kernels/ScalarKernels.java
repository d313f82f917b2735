package dante.kernels;

import java.lang.foreign.MemorySegment;

/**
 * The plain-Java reference for every kernel, and the fallback when the Vector API is
 * absent. Loops are simple enough to read as the formula; GEMM runs rows in parallel with a
 * fixed summation order (p ascending) for every element.
 */
final class ScalarKernels implements Kernels, Owned {
    private static final java.lang.foreign.ValueLayout.OfFloat F = FloatMatrix.F32;

    private final Parallel parallel;
    private final RowGather gather;
    private final GemmJob job = new GemmJob();

    ScalarKernels(int threads) {
        this.parallel = new Parallel(threads);
        this.gather = new RowGather(parallel);
    }

    @Override public String name() { return "scalar"; }
    @Override public int vectorBits() { return 32; }
    @Override public int threads() { return parallel.threads(); }

    private volatile boolean shared;

    @Override public void markShared() { shared = true; }

    @Override
    public void close() {
        if (!shared) parallel.close();
    }

    // ------------------------------------------------------------------ GEMM

    @Override
    public void gemm(Transpose transA, Transpose transB, float alpha, FloatMatrix a, FloatMatrix b, float beta, FloatMatrix c) {
        Shapes.gemm(transA, transB, a, b, c);
        if (c.rows() == 0 || c.cols() == 0) return;
        synchronized (job) {
            job.set(transA, transB, alpha, a, b, beta, c, parallel.threads());
            parallel.forEach(job.tasks, job);
            job.clear();
        }
    }

    private static final class GemmJob implements Parallel.Body {
        Transpose transA, transB;
        float alpha, beta;
        FloatMatrix a, b, c;
        int k, tasks;
        float[][] aRow = new float[0][], acc = new float[0][];

        void set(Transpose transA, Transpose transB, float alpha, FloatMatrix a, FloatMatrix b, float beta, FloatMatrix c, int threads) {
            this.transA = transA; this.transB = transB; this.alpha = alpha; this.beta = beta;
            this.a = a; this.b = b; this.c = c;
            this.k = transA == Transpose.N ? a.cols() : a.rows();
            this.tasks = Math.min(threads, c.rows());
            if (aRow.length < threads) { aRow = new float[threads][]; acc = new float[threads][]; }
            for (int w = 0; w < threads; w++) {
                if (aRow[w] == null || aRow[w].length < k) aRow[w] = new float[k];
                if (acc[w] == null || acc[w].length < c.cols()) acc[w] = new float[c.cols()];
            }
        }

        void clear() { a = b = c = null; }

        @Override
        public void run(int task, int worker) {
            int m = c.rows();
            int from = Parallel.rangeStart(m, tasks, task, 1), to = Parallel.rangeStart(m, tasks, task + 1, 1);
            for (int i = from; i < to; i++) row(i, aRow[worker], acc[worker]);
        }

        private void row(int i, float[] ar, float[] acc) {
            int n = c.cols();
            MemorySegment as = a.segment(), bs = b.segment(), cs = c.segment();
            if (transA == Transpose.N) {
                long base = a.index(i, 0);
                for (int p = 0; p < k; p++) ar[p] = as.getAtIndex(F, base + p);
            } else {
                for (int p = 0; p < k; p++) ar[p] = as.getAtIndex(F, a.index(p, i));
            }
            if (transB == Transpose.N) {
                java.util.Arrays.fill(acc, 0, n, 0f);
                for (int p = 0; p < k; p++) {
                    float aip = ar[p];
                    long bb = b.index(p, 0);
                    for (int j = 0; j < n; j++) acc[j] += aip * bs.getAtIndex(F, bb + j);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    long bb = b.index(j, 0);
                    float s = 0f;
                    for (int p = 0; p < k; p++) s += ar[p] * bs.getAtIndex(F, bb + p);
                    acc[j] = s;
                }
            }
            long cb = c.index(i, 0);
            if (beta == 0f) {
                for (int j = 0; j < n; j++) cs.setAtIndex(F, cb + j, alpha * acc[j]);
            } else {
                for (int j = 0; j < n; j++) cs.setAtIndex(F, cb + j, alpha * acc[j] + beta * cs.getAtIndex(F, cb + j));
            }
        }
    }

    // ------------------------------------------------------------------ broadcasts and reductions

    @Override
    public void addRowVector(FloatMatrix v, FloatMatrix m) {
        Shapes.requireRowVector("addRowVector", v, m.cols());
        MemorySegment vs = v.segment(), ms = m.segment();
        long vb = v.index(0, 0);
        for (int i = 0; i < m.rows(); i++) {
            long mb = m.index(i, 0);
            for (int j = 0; j < m.cols(); j++) ms.setAtIndex(F, mb + j, ms.getAtIndex(F, mb + j) + vs.getAtIndex(F, vb + j));
        }
    }

    @Override
    public void columnSums(float alpha, FloatMatrix m, float beta, FloatMatrix out) {
        Shapes.requireRowVector("columnSums", out, m.cols());
        MemorySegment ms = m.segment(), os = out.segment();
        long ob = out.index(0, 0);
        for (int j = 0; j < m.cols(); j++) {
            double s = 0;
            for (int i = 0; i < m.rows(); i++) s += ms.getAtIndex(F, m.index(i, j));
            float prev = beta == 0f ? 0f : beta * os.getAtIndex(F, ob + j);
            os.setAtIndex(F, ob + j, (float) (alpha * s) + prev);
        }
    }

    // ------------------------------------------------------------------ activations

    @Override
    public void generalizedRelu(float a, float b, FloatMatrix x, FloatMatrix y) {
        Shapes.requireSameShape("generalizedRelu", x, y);
        MemorySegment xs = x.segment(), ys = y.segment();
        for (int i = 0; i < x.rows(); i++) {
            long xb = x.index(i, 0), yb = y.index(i, 0);
            for (int j = 0; j < x.cols(); j++) {
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
        for (int i = 0; i < x.rows(); i++) {
            long xb = x.index(i, 0), gb = gradY.index(i, 0), ob = gradX.index(i, 0);
            for (int j = 0; j < x.cols(); j++) {
                float g = xs.getAtIndex(F, xb + j) > 0f ? b : a;
                os.setAtIndex(F, ob + j, g * gs.getAtIndex(F, gb + j));
            }
        }
    }

    /** σ(x) written so that neither branch overflows. */
    static float sigmoid(float x) {
        if (x >= 0f) return (float) (1.0 / (1.0 + Math.exp(-x)));
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    @Override
    public void sigmoid(FloatMatrix x, FloatMatrix y) {
        Shapes.requireSameShape("sigmoid", x, y);
        MemorySegment xs = x.segment(), ys = y.segment();
        for (int i = 0; i < x.rows(); i++) {
            long xb = x.index(i, 0), yb = y.index(i, 0);
            for (int j = 0; j < x.cols(); j++) ys.setAtIndex(F, yb + j, sigmoid(xs.getAtIndex(F, xb + j)));
        }
    }

    @Override
    public void sigmoidBackward(FloatMatrix y, FloatMatrix gradY, FloatMatrix gradX) {
        Shapes.requireSameShape("sigmoidBackward", y, gradY);
        Shapes.requireSameShape("sigmoidBackward", y, gradX);
        MemorySegment ys = y.segment(), gs = gradY.segment(), os = gradX.segment();
        for (int i = 0; i < y.rows(); i++) {
            long yb = y.index(i, 0), gb = gradY.index(i, 0), ob = gradX.index(i, 0);
            for (int j = 0; j < y.cols(); j++) {
                float s = ys.getAtIndex(F, yb + j);
                os.setAtIndex(F, ob + j, gs.getAtIndex(F, gb + j) * (s * (1f - s)));
            }
        }
    }

    @Override
    public void tanh(FloatMatrix x, FloatMatrix y) {
        Shapes.requireSameShape("tanh", x, y);
        MemorySegment xs = x.segment(), ys = y.segment();
        for (int i = 0; i < x.rows(); i++) {
            long xb = x.index(i, 0), yb = y.index(i, 0);
            for (int j = 0; j < x.cols(); j++) ys.setAtIndex(F, yb + j, (float) Math.tanh(xs.getAtIndex(F, xb + j)));
        }
    }

    @Override
    public void tanhBackward(FloatMatrix y, FloatMatrix gradY, FloatMatrix gradX) {
        Shapes.requireSameShape("tanhBackward", y, gradY);
        Shapes.requireSameShape("tanhBackward", y, gradX);
        MemorySegment ys = y.segment(), gs = gradY.segment(), os = gradX.segment();
        for (int i = 0; i < y.rows(); i++) {
            long yb = y.index(i, 0), gb = gradY.index(i, 0), ob = gradX.index(i, 0);
            for (int j = 0; j < y.cols(); j++) {
                float t = ys.getAtIndex(F, yb + j);
                os.setAtIndex(F, ob + j, gs.getAtIndex(F, gb + j) * (1f - t * t));
            }
        }
    }

    @Override
    public void softmaxRows(FloatMatrix x, FloatMatrix y) {
        Shapes.requireSameShape("softmaxRows", x, y);
        MemorySegment xs = x.segment(), ys = y.segment();
        int n = x.cols();
        for (int i = 0; i < x.rows(); i++) {
            long xb = x.index(i, 0), yb = y.index(i, 0);
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) max = Math.max(max, xs.getAtIndex(F, xb + j));
            double sum = 0;
            for (int j = 0; j < n; j++) {
                float e = (float) Math.exp(xs.getAtIndex(F, xb + j) - max);
                ys.setAtIndex(F, yb + j, e);
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int j = 0; j < n; j++) ys.setAtIndex(F, yb + j, ys.getAtIndex(F, yb + j) * inv);
        }
    }

    // ------------------------------------------------------------------ losses

    @Override
    public double mse(FloatMatrix p, FloatMatrix t, float gradScale, FloatMatrix grad) {
        Shapes.requireSameShape("mse", p, t);
        if (grad != null) Shapes.requireSameShape("mse", p, grad);
        MemorySegment ps = p.segment(), ts = t.segment();
        double sum = 0;
        for (int i = 0; i < p.rows(); i++) {
            long pb = p.index(i, 0), tb = t.index(i, 0);
            long gb = grad == null ? 0 : grad.index(i, 0);
            for (int j = 0; j < p.cols(); j++) {
                float d = ps.getAtIndex(F, pb + j) - ts.getAtIndex(F, tb + j);
                sum += (double) d * d;
                if (grad != null) grad.segment().setAtIndex(F, gb + j, gradScale * 2f * d);
            }
        }
        return sum;
    }

    @Override
    public double binaryCrossEntropyWithLogits(FloatMatrix z, FloatMatrix t, float gradScale, FloatMatrix grad) {
        Shapes.requireSameShape("binaryCrossEntropyWithLogits", z, t);
        if (grad != null) Shapes.requireSameShape("binaryCrossEntropyWithLogits", z, grad);
        MemorySegment zs = z.segment(), ts = t.segment();
        double sum = 0;
        for (int i = 0; i < z.rows(); i++) {
            long zb = z.index(i, 0), tb = t.index(i, 0);
            long gb = grad == null ? 0 : grad.index(i, 0);
            for (int j = 0; j < z.cols(); j++) {
                float v = zs.getAtIndex(F, zb + j), y = ts.getAtIndex(F, tb + j);
                sum += Math.max(v, 0.0) - (double) v * y + Math.log1p(Math.exp(-Math.abs((double) v)));
                if (grad != null) grad.segment().setAtIndex(F, gb + j, gradScale * (sigmoid(v) - y));
            }
        }
        return sum;
    }

    @Override
    public double softmaxCrossEntropy(FloatMatrix z, FloatMatrix t, float gradScale, FloatMatrix grad) {
        Shapes.requireSameShape("softmaxCrossEntropy", z, t);
        if (grad != null) Shapes.requireSameShape("softmaxCrossEntropy", z, grad);
        MemorySegment zs = z.segment(), ts = t.segment();
        int n = z.cols();
        double total = 0;
        for (int i = 0; i < z.rows(); i++) {
            long zb = z.index(i, 0), tb = t.index(i, 0);
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) max = Math.max(max, zs.getAtIndex(F, zb + j));
            double sumExp = 0;
            for (int j = 0; j < n; j++) sumExp += Math.exp(zs.getAtIndex(F, zb + j) - max);
            double lse = max + Math.log(sumExp);
            double tsum = 0, tz = 0;
            for (int j = 0; j < n; j++) {
                float y = ts.getAtIndex(F, tb + j);
                if (y != 0f) { tsum += y; tz += (double) y * zs.getAtIndex(F, zb + j); }
            }
            total += tsum * lse - tz;
            if (grad != null) {
                long gb = grad.index(i, 0);
                float invSum = (float) (1.0 / sumExp);
                for (int j = 0; j < n; j++) {
                    float sm = (float) Math.exp(zs.getAtIndex(F, zb + j) - max) * invSum;
                    grad.segment().setAtIndex(F, gb + j, gradScale * (sm - ts.getAtIndex(F, tb + j)));
                }
            }
        }
        return total;
    }

    // ------------------------------------------------------------------ BLAS-1

    @Override
    public void cholesky(FloatMatrix a) { Factorization.cholesky(this, a, ScalarKernels::dotRange); }

    @Override
    public void triangularSolve(FloatMatrix l, Transpose op, FloatMatrix b) { Factorization.triangularSolve(this, parallel, l, op, b, ScalarKernels::axpyRange); }

    private static void axpyRange(float alpha, MemorySegment xs, long xb, MemorySegment ys, long yb, int n) {
        for (int t = 0; t < n; t++) ys.setAtIndex(F, yb + t, ys.getAtIndex(F, yb + t) + alpha * xs.getAtIndex(F, xb + t));
    }

    private static double dotRange(MemorySegment xs, long xb, MemorySegment ys, long yb, int n) {
        double s = 0;
        for (int t = 0; t < n; t++) s += (double) xs.getAtIndex(F, xb + t) * ys.getAtIndex(F, yb + t);
        return s;
    }

    @Override
    public double dot(FloatMatrix x, FloatMatrix y) {
        Shapes.requireSameShape("dot", x, y);
        MemorySegment xs = x.segment(), ys = y.segment();
        double s = 0;
        for (int i = 0; i < x.rows(); i++) {
            long xb = x.index(i, 0), yb = y.index(i, 0);
            for (int j = 0; j < x.cols(); j++) s += (double) xs.getAtIndex(F, xb + j) * ys.getAtIndex(F, yb + j);
        }
        return s;
    }

    @Override
    public double frobeniusNorm(FloatMatrix x) {
        MemorySegment xs = x.segment();
        double s = 0;
        for (int i = 0; i < x.rows(); i++) {
            long xb = x.index(i, 0);
            for (int j = 0; j < x.cols(); j++) { double v = xs.getAtIndex(F, xb + j); s += v * v; }
        }
        return Math.sqrt(s);
    }

    @Override
    public void gatherRows(FloatMatrix src, int[] order, int start, FloatMatrix dst) { gather.gather(src, order, start, dst); }

    @Override
    public void axpy(float alpha, FloatMatrix x, FloatMatrix y) {
        Shapes.requireSameShape("axpy", x, y);
        MemorySegment xs = x.segment(), ys = y.segment();
        for (int i = 0; i < x.rows(); i++) {
            long xb = x.index(i, 0), yb = y.index(i, 0);
            for (int j = 0; j < x.cols(); j++) ys.setAtIndex(F, yb + j, ys.getAtIndex(F, yb + j) + alpha * xs.getAtIndex(F, xb + j));
        }
    }

    @Override
    public void scale(float alpha, FloatMatrix x) {
        MemorySegment xs = x.segment();
        for (int i = 0; i < x.rows(); i++) {
            long xb = x.index(i, 0);
            for (int j = 0; j < x.cols(); j++) xs.setAtIndex(F, xb + j, alpha * xs.getAtIndex(F, xb + j));
        }
    }

    @Override
    public void argmaxRows(FloatMatrix m, int[] out) {
        Shapes.requireArgmaxOut(m, out);
        MemorySegment ms = m.segment();
        for (int i = 0; i < m.rows(); i++) {
            long mb = m.index(i, 0);
            int best = 0;
            float bv = m.cols() == 0 ? Float.NaN : ms.getAtIndex(F, mb);
            for (int j = 1; j < m.cols() && !Float.isNaN(bv); j++) {
                float v = ms.getAtIndex(F, mb + j);
                if (v > bv || Float.isNaN(v)) { bv = v; best = j; }
            }
            out[i] = best;
        }
    }
}
