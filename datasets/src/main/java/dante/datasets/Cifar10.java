package dante.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dante.core.data.Dataset;

/**
 * CIFAR-10's binary batches: records of 1 label byte (0..9) and 3072 pixel bytes (the red,
 * green and blue 32×32 planes). Pixels are scaled to [0, 1]. {@code data_batch_1..5.bin} are
 * the training part, {@code test_batch.bin} the test part.
 */
public final class Cifar10 {
    private Cifar10() {}

    /** Bytes per record: the label, then 3·32·32 pixels. */
    public static final int RECORD = 1 + 3 * 32 * 32;

    /**
     * The training part (five batches, 50 000 images) or the test part (10 000).
     *
     * @param dir the directory holding the batches (or its {@code cifar-10-batches-bin} subdirectory)
     * @param train which part
     * @return the data set, 3072 features in [0, 1] and 10 classes
     * @throws DataFormatException naming the file and what is wrong, or what is missing
     */
    public static Dataset load(Path dir, boolean train) {
        Path home = locate(dir);
        List<Path> files = new ArrayList<>();
        if (train) for (int i = 1; i <= 5; i++) files.add(home.resolve("data_batch_" + i + ".bin"));
        else files.add(home.resolve("test_batch.bin"));
        return read("cifar-10/" + (train ? "train" : "test"), files.toArray(Path[]::new));
    }

    /**
     * Whether CIFAR-10's binary batches are under {@code dir}.
     *
     * @param dir the directory
     * @return true when the batches are found there
     */
    public static boolean present(Path dir) {
        try {
            locate(dir);
            return true;
        } catch (DataFormatException e) {
            return false;
        }
    }

    static Path locate(Path dir) {
        if (dir == null) throw new DataFormatException("cifar-10: no data directory given; download the binary version (cifar-10-binary.tar.gz) and pass the folder cifar-10-batches-bin");
        for (Path p : List.of(dir, dir.resolve("cifar-10-batches-bin"))) if (Files.isRegularFile(p.resolve("test_batch.bin"))) return p;
        throw new DataFormatException("cifar-10 not found: looked for test_batch.bin in " + List.of(dir, dir.resolve("cifar-10-batches-bin"))
                + "; download the binary version (cifar-10-binary.tar.gz)");
    }

    /**
     * Reads whole batch files; each must be a whole number of records with labels 0..9.
     *
     * @param name the data set's name
     * @param files the batch files
     * @return the data set
     * @throws DataFormatException naming the file and what is wrong
     */
    public static Dataset read(String name, Path... files) {
        List<byte[]> parts = new ArrayList<>();
        long total = 0, bytes = 0;
        for (Path f : files) {
            try {
                bytes += Files.size(f);
            } catch (IOException e) {
                continue;                                   // reported below, with the file
            }
        }
        // the bytes, then a float per pixel: checked before anything is read (a sparse 3 GB "batch" ran out of memory)
        long need = bytes + bytes / RECORD * (RECORD - 1) * Float.BYTES;
        if (need > Runtime.getRuntime().maxMemory()) {
            throw new DataFormatException(files[0] + (files.length > 1 ? " (+" + (files.length - 1) + " more)" : "") + ": " + bytes + " bytes of CIFAR-10 records need "
                    + (need >> 20) + " MB of heap to load; this JVM has " + (Runtime.getRuntime().maxMemory() >> 20) + " MB (raise -Xmx, or is a file not a CIFAR-10 batch?)");
        }
        for (Path f : files) {
            byte[] b;
            try {
                long size = Files.size(f);
                if (size % RECORD != 0) {
                    throw new DataFormatException(f + ": " + size + " bytes is not a whole number of " + RECORD + "-byte records (truncated after record " + size / RECORD + ")");
                }
                b = Files.readAllBytes(f);
            } catch (NoSuchFileException e) {
                throw new DataFormatException(f + ": no such file");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
            for (int r = 0; r < b.length / RECORD; r++) {
                int label = b[r * RECORD] & 0xff;
                if (label > 9) throw new DataFormatException(f + ": byte " + (long) r * RECORD + ": label " + label + " is outside 0..9");
            }
            parts.add(b);
            total += b.length / RECORD;
        }
        int n = Math.toIntExact(total), d = RECORD - 1;
        float[] x = new float[Math.multiplyExact(n, d)];
        int[] y = new int[n];
        int i = 0;
        for (byte[] b : parts) {
            for (int r = 0; r < b.length / RECORD; r++, i++) {
                y[i] = b[r * RECORD] & 0xff;
                for (int j = 0; j < d; j++) x[i * d + j] = (b[r * RECORD + 1 + j] & 0xff) / 255f;
            }
        }
        return Dataset.classification(name, x, n, d, y, 10);
    }
}
