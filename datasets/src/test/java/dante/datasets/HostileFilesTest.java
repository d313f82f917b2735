package dante.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import dante.core.data.Dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that used to exhaust memory or shift labels. */
class HostileFilesTest {
    @TempDir Path dir;

    @Test
    void anIdxHeaderAskingForMoreThanTheHeapIsRefusedBeforeReading() throws Exception {
        Path f = dir.resolve("bomb-images-idx3-ubyte.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
            o.write(new byte[] {0, 0, 8, 3, 0, 0, (byte) 0x27, 0x10, 0, 0, (byte) 0x01, 0, 0, 0, (byte) 0x02, 0});   // 10000 × 256 × 512 = 1.3 GB of pixels
            o.write(new byte[1 << 16]);
        }
        long declared = 10000L * 256 * 512;
        org.junit.jupiter.api.Assumptions.assumeTrue(declared * 2 > Runtime.getRuntime().maxMemory(),
                "this heap could hold the declared pixels, so there is nothing to refuse (run with a heap under 2.6 GB)");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("raise -Xmx"), e.getMessage());
    }

    @Test
    void theOffHeapReaderRefusesAHeaderNoGzipFileOfThatSizeCouldHoldBeforeAllocating() throws Exception {
        Path f = dir.resolve("bomb-images-idx3-ubyte.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
            o.write(new byte[] {0, 0, 8, 3, 0, 0, (byte) 0x27, 0x10, 0, 0, (byte) 0x01, 0, 0, 0, (byte) 0x02, 0});   // 1.3 GB of pixels declared
            o.write(new byte[1 << 16]);                                                                                // in a file of a few hundred bytes
        }
        try (dante.kernels.MatrixArena arena = new dante.kernels.MatrixArena()) {
            DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.readFloats(f, arena, 255f));
            assertTrue(e.getMessage().contains("more than a gzip file of " + Files.size(f) + " bytes can hold"), e.getMessage());
        }
    }

    @Test
    void theOffHeapReaderRefusesARawFileShorterThanItsHeaderBeforeAllocating() throws Exception {
        Path f = Files.write(dir.resolve("short-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, (byte) 0x27, 0x10, 0, 0, (byte) 0x01, 0, 0, 0, (byte) 0x02, 0, 1, 2, 3});
        try (dante.kernels.MatrixArena arena = new dante.kernels.MatrixArena()) {
            DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.readFloats(f, arena, 255f));
            assertTrue(e.getMessage().contains("truncated: the header promises 1310720000 data bytes after byte 16 but the file ends after 3"), e.getMessage());
        }
    }

    @Test
    void aLibsvmTestFileMissingAClassKeepsTheTrainingNumbering() throws Exception {
        Path train = Files.writeString(dir.resolve("t"), "1 1:0.1\n2 1:0.2\n3 1:0.3\n");
        Path test = Files.writeString(dir.resolve("t.t"), "1 1:0.1\n3 1:0.3\n");
        try (Dataset d = LibSvm.loadPart("test", 1, test, train)) {
            assertArrayEquals(new int[] {0, 2}, d.labels(), "class 3 is class index 2 in both files");
            assertTrue(d.classes() == 3);
        }
    }
}
