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

    /** An open arena that has allocated nothing yet. */
    public MatrixArena() {}

    /**
     * A zeroed dense {@code rows×cols} matrix.
     *
     * @param rows number of rows
     * @param cols number of columns
     * @return the new matrix
     */
    public FloatMatrix allocate(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix shape must be non-negative, found " + rows + "×" + cols);
        }
        long bytes = Math.max(1L, (long) rows * cols) * Float.BYTES;
        MemorySegment segment = arena.allocate(bytes, ALIGNMENT);
        return FloatMatrix.of(segment, 0, rows, cols, cols);
    }

    /**
     * A dense matrix holding a copy of {@code data} (row-major).
     *
     * @param data the elements, exactly {@code rows·cols}
     * @param rows number of rows
     * @param cols number of columns
     * @return the new off-heap matrix
     */
    public FloatMatrix copyOf(float[] data, int rows, int cols) {
        return allocate(rows, cols).copyFrom(data);
    }

    /**
     * A raw zeroed segment of {@code floats} floats, for slabs that hold many tensors.
     *
     * @param floats the segment's length in floats
     * @return the new segment, 64-byte aligned
     */
    public MemorySegment allocateFloats(long floats) {
        if (floats < 0 || floats > Long.MAX_VALUE / Float.BYTES) throw new IllegalArgumentException("cannot allocate " + floats + " floats");
        return arena.allocate(Math.max(1L, floats) * Float.BYTES, ALIGNMENT);
    }

    /**
     * Refuses an allocation of {@code bytes} that this machine cannot give: more than its
     * physical memory (Linux's MemTotal, or {@code dante.max.memory} in bytes when set).
     * {@code what} names it in the message.
     *
     * @param bytes the size of the allocation
     * @param what what is allocated, for the message
     * @throws IllegalArgumentException when it exceeds the machine's memory
     */
    public static void requireFits(long bytes, String what) {
        long limit = memoryLimit();
        if (bytes < 0 || (limit > 0 && bytes > limit)) {
            throw new IllegalArgumentException(what + " needs " + human(bytes) + " but this machine has " + human(limit) + " of memory");
        }
    }

    private static long memoryLimit() {
        String p = System.getProperty("dante.max.memory");
        if (p != null && !p.isBlank()) {
            try { return Long.parseLong(p.trim()); } catch (NumberFormatException e) {
                throw new IllegalArgumentException("system property dante.max.memory: expected a number of bytes, found '" + p + "'");
            }
        }
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static String human(long bytes) {
        if (bytes < 0) return "an impossible size (" + bytes + " bytes)";
        if (bytes < 1L << 20) return bytes + " bytes";
        if (bytes < 1L << 30) return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1048576.0);
        return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1073741824.0);
    }

    /** {@return whether the memory is still allocated (false after {@link #close})} */
    public boolean isOpen() { return arena.scope().isAlive(); }

    /** Frees everything; a second close does nothing. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
    }
}
