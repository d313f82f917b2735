package dante.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers allocate only what their input justifies: an endless line, a text larger than the heap can parse, a sparse
 * multi-gigabyte CIFAR-10 "batch", a LIBSVM file of a hundred bytes naming feature 100 000 000, an IDX file with a
 * dimension of 0. Each is refused with our own exception, naming the file, before the memory is taken.
 */
class BoundedReadersTest {
    @TempDir Path dir;

    /** A reader of endless 'a's with no line break (what {@code /dev/zero} or a binary file looks like to a line reader). */
    private static Reader endless() {
        return new Reader() {
            @Override public int read(char[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, 'a');
                return len;
            }
            @Override public void close() {}
        };
    }

    @Test
    void anEndlessLineIsRefusedAtTheLineBound() {
        try (TextLines t = new TextLines(endless(), "endless.csv", Long.MAX_VALUE)) {
            DataFormatException e = assertThrows(DataFormatException.class, t::readLine);
            assertTrue(e.getMessage().startsWith("endless.csv: line 1 is longer than " + TextLines.MAX_LINE), e.getMessage());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void textBeyondItsBudgetIsRefusedAsItIsRead() throws IOException {
        String text = "1,2,3\n".repeat(1000);
        try (TextLines t = new TextLines(new StringReader(text), "big.csv.gz", 3000)) {
            DataFormatException e = assertThrows(DataFormatException.class, () -> { while (t.readLine() != null) { } });
            assertTrue(e.getMessage().startsWith("big.csv.gz: more than"), e.getMessage());
        }
        try (TextLines t = new TextLines(new StringReader("\uFEFFa,b\r\nc,d\n\ne"), "ok.csv", 1000)) {
            assertEquals("a,b", t.readLine(), "the byte order mark and the CR are dropped");
            assertEquals("c,d", t.readLine());
            assertEquals("", t.readLine());
            assertEquals("e", t.readLine());
            assertNull(t.readLine());
        }
    }

    @Test
    void aSparseCifarBatchLargerThanTheHeapIsRefusedBeforeReading() throws IOException {
        Path f = dir.resolve("data_batch_1.bin");
        long records = Runtime.getRuntime().maxMemory() / 3073 + 1;        // more records than the heap can hold as floats
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(records * 3073);
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10.read("cifar", f));
        assertTrue(e.getMessage().contains("raise -Xmx"), e.getMessage());
    }

    @Test
    void aTinyLibsvmFileNamingAHugeFeatureIsRefusedBeforeAllocating() throws IOException {
        Path f = Files.writeString(dir.resolve("tiny.libsvm"), "1 " + (Runtime.getRuntime().maxMemory() / 8) + ":1\n-1 1:0.5\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> LibSvm.read(0, new Path[] {f}, new Path[0]));
        assertTrue(e.getMessage().contains("raise -Xmx") || e.getMessage().contains("more than one matrix holds"), e.getMessage());
    }

    @Test
    void anIdxFileWithAZeroDimensionIsOneLine() throws IOException {
        Path f = Files.write(dir.resolve("t10k-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28});
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("dimension 0 is 0"), e.getMessage());
    }

    @Test
    void aDirectoryADeviceAndUtf16AreNamedForWhatTheyAre() throws IOException {
        assertTrue(assertThrows(DataFormatException.class, () -> DelimitedText.reader(dir)).getMessage().contains("is a directory"));
        assertTrue(assertThrows(DataFormatException.class, () -> DelimitedText.reader(Path.of("/dev/zero"))).getMessage().contains("not a regular file"));
        Path u = Files.write(dir.resolve("u.csv"), "a,b\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_16));
        assertTrue(assertThrows(DataFormatException.class, () -> DelimitedText.reader(u)).getMessage().contains("UTF-16"));
    }

    @Test
    void characterReadsShareTheBufferAndTheTotalBound() throws IOException {
        try (TextLines t = new TextLines(new StringReader("ab\ncd\n"), "chars.csv", 1000)) {
            assertEquals('a', t.read());
            char[] c = new char[2];
            assertEquals(2, t.read(c, 0, 2));
            assertEquals("b\n", new String(c));
            assertEquals("cd", t.readLine(), "a line after character reads continues where they stopped");
            assertEquals(-1, t.read());
        }
        try (TextLines t = new TextLines(endless(), "endless.bin", 10_000)) {
            char[] c = new char[4096];
            DataFormatException e = assertThrows(DataFormatException.class, () -> { while (t.read(c, 0, c.length) > 0) { } });
            assertTrue(e.getMessage().startsWith("endless.bin: more than"), e.getMessage());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
