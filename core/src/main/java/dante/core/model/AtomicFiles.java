package dante.core.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes files so that a reader sees the old content or the new, never a torn one: temp file, fsync, rename. */
public final class AtomicFiles {
    private AtomicFiles() {}

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * Replaces {@code target} with {@code content}, atomically; creates the parent directories.
     *
     * @param target the file
     * @param content its new content
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     */
    public static void write(Path target, byte[] content) {
        write(target, ch -> {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(content);
            while (b.hasRemaining()) ch.write(b);
        });
    }

    /** What fills the temporary file. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the content.
         *
         * @param channel the temporary file, open for writing
         * @throws IOException when the write fails (the temporary file is then removed)
         */
        void write(FileChannel channel) throws IOException;
    }

    /**
     * Replaces {@code target} with what {@code writer} writes, atomically; creates the parent directories.
     *
     * @param target the file
     * @param writer fills the temporary file
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     */
    public static void write(Path target, Writer writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            if (dir != null) Files.createDirectories(dir);
            // created like any new file (mode from the umask, not createTempFile's 0600), under a name no one else uses
            tmp = (dir == null ? abs.resolveSibling("") : dir).resolve("." + abs.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                writer.write(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* best effort */ }
            }
        }
    }
}
