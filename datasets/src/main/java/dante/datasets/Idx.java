package dante.datasets;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import dante.kernels.FloatMatrix;
import dante.kernels.MatrixArena;

/**
 * The IDX format of MNIST, KMNIST and Fashion-MNIST, raw or gzipped: a magic number
 * {@code 0x00 0x00 type rank}, {@code rank} big-endian dimension sizes, then the data.
 * Only unsigned bytes (type 0x08) occur in these sets. Every header field is checked
 * against the file before anything large is allocated.
 */
public final class Idx {
    private Idx() {}

    /**
     * An IDX array of unsigned bytes with its dimensions.
     *
     * @param dims the dimensions, outermost first
     * @param data the values, row-major
     */
    public record UByteArray(int[] dims, byte[] data) {
        /** {@return the number of items (the first dimension)} */
        public int count() { return dims[0]; }
        /** {@return the values per item (the product of the other dimensions)} */
        public int itemSize() {
            int s = 1;
            for (int i = 1; i < dims.length; i++) s *= dims[i];
            return s;
        }
    }

    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    /**
     * Reads an IDX array of unsigned bytes (plain or gzipped) onto the heap.
     *
     * @param file the file
     * @return the array
     * @throws DataFormatException naming the file and what is wrong
     */
    public static UByteArray read(Path file) {
        try (InputStream in = open(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /**
     * An IDX array of unsigned bytes, each divided by {@code divisor}, as floats off the heap.
     *
     * @param dims the dimensions, outermost first
     * @param values a {@code [dims[0], item size]} matrix
     */
    public record Floats(int[] dims, FloatMatrix values) {
        /** {@return the number of items (the first dimension)} */
        public int count() { return dims[0]; }
    }

    /**
     * Reads an IDX array of unsigned bytes straight into a {@code [dims[0], item size]} float
     * matrix in {@code arena}, each value divided by {@code divisor}, through a 64 KB buffer:
     * the heap holds no copy of the data, so a 47 MB image file loads in a JVM of 64 MB. The
     * header is checked against the file's size (the data a raw file holds; at most 1032
     * times a gzip file's size, deflate's limit) before the matrix is allocated.
     *
     * @param file the file (plain or gzipped)
     * @param arena where the matrix is allocated
     * @param divisor what every byte is divided by (255 for pixels in [0, 1])
     * @return the dimensions and the matrix
     * @throws DataFormatException naming the file and what is wrong
     */
    public static Floats readFloats(Path file, MatrixArena arena, float divisor) {
        if (!(divisor > 0) || Float.isInfinite(divisor)) throw new IllegalArgumentException("divisor must be positive and finite, found " + divisor);
        String name = file.toString();
        try (InputStream in = open(file)) {
            boolean gz = in instanceof MaybeGzipped.Gunzipped;
            DataInputStream data = new DataInputStream(in);
            int[] dims = header(data, name);
            long total = count(dims), header = 4 + 4L * dims.length, size = Files.size(file);
            long most = gz ? 1100 * size + (1 << 20) : size - header;
            if (total > most) {
                throw new DataFormatException(gz
                        ? name + ": the header promises " + total + " data bytes, more than a gzip file of " + size + " bytes can hold"
                        : name + ": truncated: the header promises " + total + " data bytes after byte " + header + " but the file ends after " + Math.max(0, most));
            }
            int cols = (int) (dims[0] == 0 ? 0 : total / dims[0]);
            try {
                MatrixArena.requireFits(total * Float.BYTES, name + " as floats");
            } catch (IllegalArgumentException e) {
                throw new DataFormatException(e.getMessage());
            }
            FloatMatrix m = arena.allocate(dims[0], cols);
            MemorySegment seg = m.segment();
            float[] table = new float[256];
            for (int v = 0; v < 256; v++) table[v] = v / divisor;
            // Each chunk is converted in a float[] and copied in bulk: a plain array loop runs fast
            // from its first iterations (C1), where a per-element segment store runs its access
            // checks interpreted until C2 compiles it, which on a cold JVM took most of a second.
            byte[] buf = new byte[1 << 16];
            float[] floats = new float[buf.length];
            long done = 0;
            while (done < total) {
                int r = data.readNBytes(buf, 0, (int) Math.min(buf.length, total - done));
                if (r == 0) break;
                for (int i = 0; i < r; i++) floats[i] = table[buf[i] & 0xff];
                MemorySegment.copy(floats, 0, seg, ValueLayout.JAVA_FLOAT, (m.offset() + done) * Float.BYTES, r);
                done += r;
            }
            finish(data, total, done, header, name);
            return new Floats(dims, m);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    private static InputStream open(Path file) throws IOException { return MaybeGzipped.open(file); }

    private static RuntimeException failure(Path file, IOException e) {
        if (e instanceof java.util.zip.ZipException) return new DataFormatException(file + ": corrupt gzip stream (" + e.getMessage() + ")");
        if (e instanceof EOFException) return new DataFormatException(file + ": truncated gzip stream");
        return new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }

    /** Magic number and dimensions, each checked. */
    private static int[] header(DataInputStream in, String name) throws IOException {
        byte[] magic = new byte[4];
        int got = in.readNBytes(magic, 0, 4);
        if (got < 4) throw new DataFormatException(name + ": truncated at byte " + got + ": expected a 4-byte IDX magic number");
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataFormatException(name + ": byte 0: expected the IDX magic 0x0000, found 0x" + String.format("%02x%02x", magic[0], magic[1]));
        }
        if (magic[2] != 0x08) {
            throw new DataFormatException(name + ": byte 2: expected data type 0x08 (unsigned byte), found 0x" + String.format("%02x", magic[2]));
        }
        int rank = magic[3];
        if (rank < 1 || rank > 4) throw new DataFormatException(name + ": byte 3: expected 1 to 4 dimensions, found " + rank);
        int[] dims = new int[rank];
        long total = 1;
        for (int d = 0; d < rank; d++) {
            byte[] b = new byte[4];
            int r = in.readNBytes(b, 0, 4);
            if (r < 4) throw new DataFormatException(name + ": truncated at byte " + (4 + 4 * d + r) + ": expected dimension " + d + " of " + rank);
            dims[d] = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            if (dims[d] < 0) throw new DataFormatException(name + ": byte " + (4 + 4 * d) + ": dimension " + d + " is " + Integer.toUnsignedString(dims[d]) + ", too large");
            if (dims[d] == 0) throw new DataFormatException(name + ": byte " + (4 + 4 * d) + ": dimension " + d + " is 0, so the file holds no " + (d == 0 ? "items" : "values per item"));
            total *= dims[d];
            if (total > MAX_BYTES) throw new DataFormatException(name + ": the header's dimensions ask for " + total + " bytes, more than one array can hold");
        }
        return dims;
    }

    private static long count(int[] dims) {
        long total = 1;
        for (int d : dims) total *= d;
        return total;
    }

    /** The data ended where the header said: not before, not after. */
    private static void finish(InputStream in, long total, long got, long header, String name) throws IOException {
        if (got < total) {
            throw new DataFormatException(name + ": truncated: the header promises " + total + " data bytes after byte " + header + " but the file ends after " + got);
        }
        if (in.read() >= 0) {
            throw new DataFormatException(name + ": the header promises " + total + " data bytes but the file has more");
        }
    }

    static UByteArray read(InputStream stream, String name) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int[] dims = header(in, name);
        long total = count(dims), header = 4 + 4L * dims.length;
        if (total * 2 > Runtime.getRuntime().maxMemory()) {      // the bytes, then headroom (Idx.readFloats loads off the heap)
            throw new DataFormatException(name + ": the header's dimensions ask for " + total + " bytes (" + (total * 2 >> 20) + " MB of heap to load); this JVM has "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB (raise -Xmx)");
        }
        // Grow the buffer as data arrives, so a header that promises gigabytes in a short file fails
        // with "truncated" instead of allocating what the header claims.
        byte[] data = new byte[(int) Math.min(total, 1 << 20)];
        int r = 0;
        while (true) {
            r += in.readNBytes(data, r, data.length - r);
            if (r < data.length || data.length == total) break;
            data = java.util.Arrays.copyOf(data, (int) Math.min(total, 2L * data.length));
        }
        finish(in, total, r, header, name);
        return new UByteArray(dims, data);
    }
}
