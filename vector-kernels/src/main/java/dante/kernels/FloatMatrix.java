package dante.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A row-major view of {@code float}s in a {@link MemorySegment}: element (i, j) lives at
 * float index {@code offset + i·stride + j}. Views (a row range is a minibatch) share the
 * segment and copy nothing. Access after the owning arena is closed throws
 * {@link IllegalStateException}.
 */
public final class FloatMatrix {
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final MemorySegment segment;
    private final long offset;
    private final int rows;
    private final int cols;
    private final int stride;

    private FloatMatrix(MemorySegment segment, long offset, int rows, int cols, int stride) {
        this.segment = segment;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
        this.stride = stride;
    }

    /**
     * A view over {@code segment}; checks that every element lies inside it.
     *
     * @param segment the memory that holds the elements
     * @param offset index of element (0, 0) in the segment, in floats
     * @param rows number of rows
     * @param cols number of columns
     * @param stride floats between the starts of consecutive rows (at least {@code cols})
     * @return the view
     */
    public static FloatMatrix of(MemorySegment segment, long offset, int rows, int cols, int stride) {
        Objects.requireNonNull(segment, "segment");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix shape must be non-negative, found " + rows + "×" + cols);
        }
        if (stride < cols) {
            throw new IllegalArgumentException("row stride " + stride + " is smaller than the column count " + cols);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be non-negative, found " + offset);
        }
        long lastExclusive = rows == 0 || cols == 0 ? offset : offset + (long) (rows - 1) * stride + cols;
        long available = segment.byteSize() / Float.BYTES;
        if (lastExclusive > available) {
            throw new IllegalArgumentException("a " + rows + "×" + cols + " view with stride " + stride + " at offset "
                    + offset + " needs " + lastExclusive + " floats but the segment holds " + available);
        }
        return new FloatMatrix(segment, offset, rows, cols, stride);
    }

    /**
     * A dense matrix over a Java array (on-heap; handy for tests and small data).
     *
     * @param data the elements, row-major, exactly {@code rows·cols} of them
     * @param rows number of rows
     * @param cols number of columns
     * @return a matrix that reads and writes {@code data}
     */
    public static FloatMatrix wrap(float[] data, int rows, int cols) {
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("array of length " + data.length + " cannot be a " + rows + "×" + cols + " matrix");
        }
        return of(MemorySegment.ofArray(data), 0, rows, cols, cols);
    }

    /** {@return the memory that holds the elements (shared with every view of it)} */
    public MemorySegment segment() { return segment; }
    /**
     * Offset of element (0, 0), in floats.
     *
     * @return the offset in floats
     */
    public long offset() { return offset; }
    /** {@return the number of rows} */
    public int rows() { return rows; }
    /** {@return the number of columns} */
    public int cols() { return cols; }
    /** {@return the floats between the starts of consecutive rows} */
    public int stride() { return stride; }
    /** {@return the number of elements, {@code rows·cols}} */
    public long size() { return (long) rows * cols; }
    /** {@return whether the rows follow each other with no gap (stride = cols, or at most one row)} */
    public boolean isContiguous() { return stride == cols || rows <= 1; }

    /**
     * Float index of element (i, j) in the segment.
     *
     * @param i the row
     * @param j the column
     * @return the element's index in floats, for {@link MemorySegment#getAtIndex}
     */
    public long index(int i, int j) { return offset + (long) i * stride + j; }

    /**
     * Reads one element, bounds-checked.
     *
     * @param i the row
     * @param j the column
     * @return element (i, j)
     */
    public float get(int i, int j) {
        Objects.checkIndex(i, rows);
        Objects.checkIndex(j, cols);
        return segment.getAtIndex(F32, index(i, j));
    }

    /**
     * Sets element (i, j) to {@code value}.
     *
     * @param i the row
     * @param j the column
     * @param value the new element
     */
    public void set(int i, int j, float value) {
        Objects.checkIndex(i, rows);
        Objects.checkIndex(j, cols);
        segment.setAtIndex(F32, index(i, j), value);
    }

    /**
     * Rows {@code [from, to)} as a view (a minibatch).
     *
     * @param from the first row
     * @param to one past the last row
     * @return a view sharing this matrix's memory
     */
    public FloatMatrix rowRange(int from, int to) {
        Objects.checkFromToIndex(from, to, rows);
        return new FloatMatrix(segment, offset + (long) from * stride, to - from, cols, stride);
    }

    /**
     * One row, as a view.
     *
     * @param i the row
     * @return row {@code i} as a 1×cols view
     */
    public FloatMatrix row(int i) { return rowRange(i, i + 1); }

    /**
     * The {@code r×c} block whose top-left element is (i, j), as a view.
     *
     * @param i the block's first row
     * @param j the block's first column
     * @param r the block's number of rows
     * @param c the block's number of columns
     * @return a view sharing this matrix's memory
     */
    public FloatMatrix view(int i, int j, int r, int c) {
        Objects.checkFromIndexSize(i, r, rows);
        Objects.checkFromIndexSize(j, c, cols);
        return new FloatMatrix(segment, offset + (long) i * stride + j, r, c, stride);
    }

    /**
     * The same elements seen as {@code r×c} (only for contiguous matrices).
     *
     * @param r the new number of rows
     * @param c the new number of columns
     * @return a view sharing this matrix's memory
     */
    public FloatMatrix reshape(int r, int c) {
        if (!isContiguous()) throw new IllegalStateException("reshape needs a contiguous matrix, this one has stride " + stride + " for " + cols + " columns");
        if ((long) r * c != size()) throw new IllegalArgumentException("cannot reshape " + shape() + " to " + r + "×" + c);
        return new FloatMatrix(segment, offset, r, c, c);
    }

    /**
     * Sets every element to {@code value}.
     *
     * @param value the new value of every element
     */
    public void fill(float value) {
        for (int i = 0; i < rows; i++) {
            long base = index(i, 0);
            segment.asSlice(base * Float.BYTES, (long) cols * Float.BYTES).fill((byte) 0);
            if (value != 0f) {
                for (int j = 0; j < cols; j++) segment.setAtIndex(F32, base + j, value);
            }
        }
    }

    /**
     * Copies a row-major array of exactly rows·cols floats into this matrix.
     *
     * @param data the elements, row-major
     * @return this matrix
     */
    public FloatMatrix copyFrom(float[] data) {
        if (data.length != size()) throw new IllegalArgumentException("copyFrom: array of length " + data.length + " into a " + shape() + " matrix");
        for (int i = 0; i < rows; i++) {
            MemorySegment.copy(data, i * cols, segment, F32, index(i, 0) * Float.BYTES, cols);
        }
        return this;
    }

    /**
     * Copies {@code src} (same shape) into this matrix.
     *
     * @param src the matrix to copy
     * @return this matrix
     */
    public FloatMatrix copyFrom(FloatMatrix src) {
        Shapes.requireSameShape("copyFrom", src, this);
        for (int i = 0; i < rows; i++) {
            MemorySegment.copy(src.segment, src.index(i, 0) * Float.BYTES, segment, index(i, 0) * Float.BYTES, (long) cols * Float.BYTES);
        }
        return this;
    }

    /** {@return a new row-major array holding a copy of the elements} */
    public float[] toArray() {
        float[] out = new float[Math.toIntExact(size())];
        for (int i = 0; i < rows; i++) {
            MemorySegment.copy(segment, F32, index(i, 0) * Float.BYTES, out, i * cols, cols);
        }
        return out;
    }

    /** {@return the shape as "rows×cols", for messages} */
    public String shape() { return rows + "×" + cols; }

    @Override
    public String toString() { return "FloatMatrix[" + shape() + (isContiguous() ? "" : ", stride " + stride) + "]"; }
}
