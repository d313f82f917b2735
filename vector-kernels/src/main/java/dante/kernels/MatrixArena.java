package dante.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Owns off-heap memory for matrices. Shared, so parallel kernels may touch it from any
 * thread; closing frees everything it allocated, after which any access throws.
 */
public final class MatrixArena implements AutoCloseable {
    private static final long ALIGNMENT = 64;
    private final Arena arena = Arena.ofShared();

    /** A zeroed dense {@code rows×cols} matrix. */
    public FloatMatrix allocate(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix shape must be non-negative, found " + rows + "×" + cols);
        }
        long bytes = Math.max(1L, (long) rows * cols) * Float.BYTES;
        MemorySegment segment = arena.allocate(bytes, ALIGNMENT);
        return FloatMatrix.of(segment, 0, rows, cols, cols);
    }

    /** A dense matrix holding a copy of {@code data} (row-major). */
    public FloatMatrix copyOf(float[] data, int rows, int cols) {
        return allocate(rows, cols).copyFrom(data);
    }

    /** A raw zeroed segment of {@code floats} floats, for slabs that hold many tensors. */
    public MemorySegment allocateFloats(long floats) {
        return arena.allocate(Math.max(1L, floats) * Float.BYTES, ALIGNMENT);
    }

    public boolean isOpen() { return arena.scope().isAlive(); }

    @Override
    public void close() { arena.close(); }
}
