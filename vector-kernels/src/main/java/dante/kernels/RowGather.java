package dante.kernels;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * {@link Kernels#gatherRows}, shared by both implementations: a copy has no SIMD and no scalar
 * twin to differ from. Rows go in chunks of {@value #CHUNK}, split over the threads when the copy
 * is large enough to pay for waking them (a minibatch of 64 Fashion-MNIST rows is 200 KB, and on
 * two threads the serial copy was a sixth of the calling thread's time in a step).
 */
final class RowGather implements Parallel.Body {
    static final int CHUNK = 16;
    private static final long PARALLEL_BYTES = 64 * 1024;

    private final Parallel parallel;
    private FloatMatrix src, dst;
    private int[] order;
    private int start;

    RowGather(Parallel parallel) { this.parallel = parallel; }

    synchronized void gather(FloatMatrix src, int[] order, int start, FloatMatrix dst) {
        if (src.cols() != dst.cols()) {
            throw new IllegalArgumentException("gatherRows: the source has " + src.cols() + " columns, the destination " + dst.cols());
        }
        int rows = dst.rows();
        Objects.checkFromIndexSize(start, rows, order.length);
        for (int i = 0; i < rows; i++) Objects.checkIndex(order[start + i], src.rows());
        this.src = src; this.dst = dst; this.order = order; this.start = start;
        try {
            int chunks = (rows + CHUNK - 1) / CHUNK;
            if (chunks > 1 && parallel.threads() > 1 && (long) rows * src.cols() * Float.BYTES >= PARALLEL_BYTES) parallel.forEach(chunks, this);
            else copy(0, rows);
        } finally {
            this.src = this.dst = null;
            this.order = null;
        }
    }

    @Override
    public void run(int task, int worker) {
        copy(task * CHUNK, Math.min(dst.rows(), (task + 1) * CHUNK));
    }

    private void copy(int from, int to) {
        MemorySegment ss = src.segment(), ds = dst.segment();
        long bytes = (long) src.cols() * Float.BYTES;
        for (int i = from; i < to; i++) {
            MemorySegment.copy(ss, src.index(order[start + i], 0) * Float.BYTES, ds, dst.index(i, 0) * Float.BYTES, bytes);
        }
    }
}
