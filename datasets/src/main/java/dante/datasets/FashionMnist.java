package dante.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dante.core.data.Dataset;
import dante.kernels.FloatMatrix;
import dante.kernels.MatrixArena;

/**
 * Fashion-MNIST, MNIST and KMNIST (any MNIST-layout IDX set): 28×28 images, pixels scaled to
 * [0, 1], 10 classes, in the files {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte} (each may be gzipped). Looked
 * up under the directory the user gives (or its subdirectory named after the set); Fashion-MNIST
 * also in Debian's {@code dataset-fashion-mnist} location.
 */
public final class FashionMnist {
    private FashionMnist() {}

    /** Where Debian's {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /**
     * The environment variable that moves the default location: when set (to a directory, which may be
     * empty), Fashion-MNIST is looked for there instead of {@link #DEBIAN_DIR} whenever no directory is given.
     * Set it to an empty directory to see what a machine without the data does.
     */
    public static final String DIR_VARIABLE = "DANTE_FASHION_MNIST_DIR";

    /**
     * Where Fashion-MNIST is looked for when no directory is given: {@value #DIR_VARIABLE} when it is set
     * and not empty, else Debian's location.
     *
     * @return the default directory
     */
    public static Path defaultDir() {
        String v = System.getenv(DIR_VARIABLE);
        return v == null || v.isEmpty() ? DEBIAN_DIR : Path.of(v);
    }

    /** The three MNIST-layout sets, by the name {@code --data} gives them and where they come from. */
    public enum Kind {
        /** Zalando's Fashion-MNIST. */
        FASHION("fashion-mnist", "Fashion-MNIST", "install Debian's package (apt-get install dataset-fashion-mnist) or pass the directory holding train-images-idx3-ubyte[.gz]"),
        /** LeCun's handwritten digits. */
        MNIST("mnist", "MNIST", "download the four files of http://yann.lecun.com/exdb/mnist/ (train-images-idx3-ubyte.gz …) and pass their directory"),
        /** Kuzushiji-MNIST (cursive Japanese characters). */
        KMNIST("kmnist", "KMNIST", "download the MNIST-format files of https://github.com/rois-codh/kmnist (train-images-idx3-ubyte.gz …) and pass their directory");

        final String id, title, how;

        Kind(String id, String title, String how) { this.id = id; this.title = title; this.how = how; }

        /** {@return the name {@code --data} gives the set} */
        public String id() { return id; }
    }

    /**
     * Fashion-MNIST's training (60000) or test (10000) part. {@code dir} may be null.
     *
     * @param dir the directory holding the files, or null for {@link #defaultDir()}
     * @param train which part
     * @return the data set
     */
    public static Dataset load(Path dir, boolean train) { return load(Kind.FASHION, dir, train); }

    /**
     * The training (60000) or test (10000) part of {@code kind}. {@code dir} may be null for Fashion-MNIST.
     *
     * @param kind which set
     * @param dir the directory holding the files
     * @param train which part
     * @return the data set, 784 features in [0, 1] and 10 classes
     * @throws DataFormatException naming the file and what is wrong, or what is missing and how to get it
     */
    public static Dataset load(Kind kind, Path dir, boolean train) {
        Path home = locate(kind, dir);
        String prefix = train ? "train" : "t10k";
        Path images = find(home, prefix + "-images-idx3-ubyte"), labels = find(home, prefix + "-labels-idx1-ubyte");
        return fromIdx(kind.id + "/" + (train ? "train" : "test"), images, labels, 10);
    }

    /**
     * Whether {@code kind}'s files are under {@code dir} (or, for Fashion-MNIST with no directory, installed).
     *
     * @param kind which set
     * @param dir the directory, or null
     * @return true when the four files are found
     */
    public static boolean present(Kind kind, Path dir) {
        try {
            locate(kind, dir);
            return true;
        } catch (DataFormatException e) {
            return false;
        }
    }

    /**
     * Whether the files can be found without a user-given directory.
     *
     * @return true when the files are in {@link #defaultDir()} (Debian's package's location unless moved)
     */
    public static boolean installed() {
        Path dir = defaultDir();
        return Files.isDirectory(dir) && findOrNull(dir, "train-images-idx3-ubyte") != null;
    }

    static Path locate(Kind kind, Path dir) {
        List<Path> tried = new ArrayList<>();
        List<Path> places = dir != null ? List.of(dir.resolve(kind.id), dir) : kind == Kind.FASHION ? List.of(defaultDir()) : List.of();
        for (Path p : places) {
            tried.add(p);
            if (findOrNull(p, "train-images-idx3-ubyte") != null || findOrNull(p, "t10k-images-idx3-ubyte") != null) return p;
        }
        throw new DataFormatException(kind.title + " not found: " + (tried.isEmpty() ? "no data directory given" : "looked in " + tried) + "; " + kind.how);
    }

    private static Path findOrNull(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    private static Path find(Path dir, String base) {
        Path p = findOrNull(dir, base);
        if (p == null) throw new DataFormatException(dir + ": missing " + base + " (or " + base + ".gz)");
        return p;
    }

    /**
     * Images scaled to [0, 1] and labels, checked against each other. The pixels go from the
     * file to off-heap floats through a small buffer (see {@link Idx#readFloats}), so the heap
     * never holds the images: 60 000 Fashion-MNIST images take 188 MB off the heap and about
     * 0.5 MB on it.
     *
     * @param name the data set's name
     * @param imageFile the IDX images
     * @param labelFile the IDX labels
     * @param classes the number of classes (labels must lie below it)
     * @return the data set
     * @throws DataFormatException naming the file and what is wrong
     */
    public static Dataset fromIdx(String name, Path imageFile, Path labelFile, int classes) {
        Idx.UByteArray labels = Idx.read(labelFile);
        if (labels.dims().length != 1) throw new DataFormatException(labelFile + ": expected 1 dimension, found " + labels.dims().length);
        int n = labels.count();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.data()[i] & 0xff;
            if (y[i] >= classes) throw new DataFormatException(labelFile + ": byte " + (8 + i) + ": label " + y[i] + " is outside 0.." + (classes - 1));
        }
        MatrixArena arena = new MatrixArena();
        try {
            Idx.Floats images = Idx.readFloats(imageFile, arena, 255f);
            if (images.dims().length != 3) throw new DataFormatException(imageFile + ": expected 3 dimensions (count, rows, cols), found " + images.dims().length);
            if (images.count() != n) {
                throw new DataFormatException(labelFile + ": holds " + n + " labels but " + imageFile + " holds " + images.count() + " images");
            }
            FloatMatrix t = arena.allocate(n, classes);
            for (int i = 0; i < n; i++) t.set(i, y[i], 1f);
            return Dataset.wrap(name, arena, images.values(), t, y, classes);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }
}
