package dante.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import dante.kernels.MatrixArena;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Corrupting a valid IDX file at random (truncating it, flipping a byte of a gzipped file,
 * changing a header count) either leaves the data identical or fails with a
 * DataFormatException: never another exception, never a silent partial load.
 */
class IdxCorruptionProperties {

    static byte[] idx(Random r, int count, int rows, int cols) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 8, 3});
        for (int d : new int[] {count, rows, cols}) out.writeBytes(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
        byte[] px = new byte[count * rows * cols];
        r.nextBytes(px);
        out.writeBytes(px);
        return out.toByteArray();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) { g.write(b); }
        return out.toByteArray();
    }

    @Property(tries = 300)
    void corruptionIsDetectedOrHarmless(@ForAll @IntRange(min = 1, max = 20) int count, @ForAll @IntRange(min = 1, max = 6) int rows,
                                        @ForAll @IntRange(min = 0, max = 2) int kind, @ForAll boolean gz,
                                        @ForAll long seed) throws IOException {
        Random r = new Random(seed);
        byte[] clean = idx(r, count, rows, 5);
        byte[] file = gz ? gzip(clean) : clean.clone();
        switch (kind) {
            case 0 -> file = java.util.Arrays.copyOf(file, r.nextInt(file.length));                  // truncate
            case 1 -> {
                // gzip: flip any byte (its CRC guards the data); raw IDX has no checksum, so flip a byte of the magic number
                file[gz ? r.nextInt(file.length) : r.nextInt(4)] ^= (byte) (1 + r.nextInt(255));
            }
            default -> {                                                                               // change a header count
                byte[] h = clean.clone();
                int dim = r.nextInt(3);
                h[7 + 4 * dim] += (byte) (1 + r.nextInt(3));
                file = gz ? gzip(h) : h;
            }
        }
        Path p = Files.createTempFile("idx", gz ? ".gz" : "");
        try {
            Files.write(p, file);
            Idx.UByteArray ref = Idx.read(writeTemp(clean));
            boolean loaded;
            try {
                Idx.UByteArray a = Idx.read(p);
                assertArrayEquals(ref.dims(), a.dims(), "a corrupted file that loads must load the same data");
                assertArrayEquals(ref.data(), a.data());
                loaded = true;
            } catch (DataFormatException expected) {
                loaded = false;                                                                        // detected, with a clear message
            }
            // The off-heap reader obeys the same law and agrees with the heap reader on which files load.
            try (MatrixArena arena = new MatrixArena()) {
                Idx.Floats f = Idx.readFloats(p, arena, 255f);
                assertTrue(loaded, "readFloats loaded a file that read refuses");
                assertArrayEquals(ref.dims(), f.dims());
                for (int i = 0; i < ref.data().length; i++) {
                    assertEquals((ref.data()[i] & 0xff) / 255f, f.values().segment().getAtIndex(ValueLayout.JAVA_FLOAT, i), "value " + i);
                }
            } catch (DataFormatException expected) {
                assertFalse(loaded, "readFloats refused a file that read loads: " + expected.getMessage());
            }
        } finally {
            Files.deleteIfExists(p);
        }
    }

    static Path writeTemp(byte[] b) throws IOException {
        Path p = Files.createTempFile("idx-clean", "");
        Files.write(p, b);
        p.toFile().deleteOnExit();
        return p;
    }
}
