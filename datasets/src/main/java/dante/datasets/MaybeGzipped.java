package dante.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens a data file raw or through gunzip, by its first two bytes; the one place the loaders open files. */
final class MaybeGzipped {
    private MaybeGzipped() {}

    /** A gunzipped stream, recognizable so a caller can bound sizes by deflate's ratio. */
    static final class Gunzipped extends BufferedInputStream {
        Gunzipped(InputStream in) throws IOException { super(new GZIPInputStream(in, 1 << 16), 1 << 16); }
    }

    /** The file's bytes (decompressed when it starts with gzip's magic 1f 8b), buffered; a missing file is a DataFormatException. */
    static InputStream open(Path file) throws IOException {
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": no such file");
        }
        try {
            InputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            int b0 = in.read(), b1 = in.read();
            in.reset();
            return b0 == 0x1f && b1 == 0x8b ? new Gunzipped(in) : in;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
