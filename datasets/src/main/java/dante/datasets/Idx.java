package dante.datasets;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The IDX format of MNIST, KMNIST and Fashion-MNIST, raw or gzipped: a magic number
 * {@code 0x00 0x00 type rank}, {@code rank} big-endian dimension sizes, then the data.
 * Only unsigned bytes (type 0x08) occur in these sets. Every header field is checked
 * against the file before anything large is allocated.
 */
public final class Idx {
    private Idx() {}

    /** An IDX array of unsigned bytes with its dimensions. */
    public record UByteArray(int[] dims, byte[] data) {
        public int count() { return dims[0]; }
        public int itemSize() {
            int s = 1;
            for (int i = 1; i < dims.length; i++) s *= dims[i];
            return s;
        }
    }

    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    public static UByteArray read(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            int b0 = in.read(), b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": no such file");
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(file + ": corrupt gzip stream (" + e.getMessage() + ")");
        } catch (IOException e) {
            if (e instanceof EOFException) throw new DataFormatException(file + ": truncated gzip stream");
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static UByteArray read(InputStream stream, String name) throws IOException {
        DataInputStream in = new DataInputStream(stream);
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
            total *= dims[d];
            if (total > MAX_BYTES) throw new DataFormatException(name + ": the header's dimensions ask for " + total + " bytes, more than one array can hold");
        }
        long header = 4 + 4L * rank;
        if (total * 6 > Runtime.getRuntime().maxMemory()) {      // the bytes, then four bytes a value as floats, then headroom
            throw new DataFormatException(name + ": the header's dimensions ask for " + total + " bytes (" + (total * 6 >> 20) + " MB of heap to load); this JVM has "
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
        if (r < total) {
            throw new DataFormatException(name + ": truncated: the header promises " + total + " data bytes after byte " + header + " but the file ends after " + r);
        }
        if (in.read() >= 0) {
            throw new DataFormatException(name + ": the header promises " + total + " data bytes but the file has more");
        }
        return new UByteArray(dims, data);
    }
}
