package dante.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dante.core.data.Dataset;
import dante.kernels.FloatMatrix;
import dante.kernels.MatrixArena;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

/**
 * SVHN's cropped digits ({@code train_32x32.mat}, {@code test_32x32.mat}): MATLAB level-5
 * files read with HEBI Robotics' MAT File Library. {@code X} is a uint8 array 32×32×3×N in
 * MATLAB's column-major order, {@code y} an N×1 array of labels 1..10, where 10 stands for the
 * digit 0. Images become rows of 3072 floats in [0, 1] in CIFAR-10's layout (the red, green and
 * blue 32×32 planes, each row-major), so one network reads both sets; label 10 becomes class 0.
 */
public final class Svhn {
    private Svhn() {}

    /** The side of an image, in pixels. */
    public static final int SIDE = 32;
    /** Features per image: three colour planes of SIDE × SIDE. */
    public static final int FEATURES = 3 * SIDE * SIDE;

    /**
     * The training (73 257) or test (26 032) part.
     *
     * @param dir the directory holding {@code train_32x32.mat} and {@code test_32x32.mat}
     * @param train which part
     * @return the data set, 3072 features in [0, 1] and 10 classes
     * @throws DataFormatException naming the file and what is wrong, or what is missing
     */
    public static Dataset load(Path dir, boolean train) {
        return read("svhn/" + (train ? "train" : "test"), locate(dir).resolve(train ? "train_32x32.mat" : "test_32x32.mat"));
    }

    /**
     * Whether the SVHN files are under {@code dir}.
     *
     * @param dir the directory
     * @return true when the files are found
     */
    public static boolean present(Path dir) {
        return dir != null && places(dir).stream().anyMatch(p -> Files.isRegularFile(p.resolve("test_32x32.mat")));
    }

    private static List<Path> places(Path dir) { return List.of(dir.resolve("svhn"), dir); }

    static Path locate(Path dir) {
        String how = "download train_32x32.mat and test_32x32.mat from http://ufldl.stanford.edu/housenumbers/ and pass their directory";
        if (dir == null) throw new DataFormatException("svhn: no data directory given; " + how);
        for (Path p : places(dir)) if (Files.isRegularFile(p.resolve("test_32x32.mat"))) return p;
        throw new DataFormatException("svhn not found: looked for test_32x32.mat in " + places(dir) + "; " + how);
    }

    /**
     * One {@code .mat} file of cropped digits. Every defect is a {@link DataFormatException} naming the file.
     *
     * @param name the data set's name
     * @param file the file
     * @return the data set
     */
    public static Dataset read(String name, Path file) {
        if (!Files.isRegularFile(file)) throw new DataFormatException(file + ": no such file");
        try (MatFile mat = Mat5.readFromFile(file.toFile())) {
            Matrix x = matrix(mat, "X", file), y = matrix(mat, "y", file);
            // a set logical or complex flag changes what the bytes mean (a logical array reads as 0/1): the file is not SVHN's
            if (x.getType() != MatlabType.UInt8 || x.isLogical() || x.isComplex()) {
                throw new DataFormatException(file + ": X: expected real uint8 pixels, found " + (x.isLogical() ? "logical" : x.isComplex() ? "complex " + x.getType() : x.getType()));
            }
            if (y.isLogical() || y.isComplex()) throw new DataFormatException(file + ": y: expected real labels, found " + (y.isLogical() ? "logical" : "complex") + " values");
            int[] dx = x.getDimensions();
            if (dx.length != 4 || dx[0] != SIDE || dx[1] != SIDE || dx[2] != 3) {
                throw new DataFormatException(file + ": X: expected 32×32×3×N images, found " + shape(dx));
            }
            int n = dx[3];
            if (y.getNumElements() != n) throw new DataFormatException(file + ": X holds " + n + " images but y holds " + y.getNumElements() + " labels");
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                double v = y.getDouble(i);
                if (v != Math.rint(v) || v < 1 || v > 10) throw new DataFormatException(file + ": y(" + (i + 1) + ") = " + v + ": expected a label 1..10 (10 is the digit 0)");
                labels[i] = (int) v % 10;
            }
            MatrixArena arena = new MatrixArena();
            try {
                FloatMatrix features = arena.allocate(n, FEATURES), targets = arena.allocate(n, 10);
                float[] row = new float[FEATURES];
                for (int i = 0; i < n; i++) {
                    // column-major: X(r, c, k, i) sits at r + 32 (c + 32 (k + 3 i))
                    for (int k = 0; k < 3; k++) {
                        for (int c = 0; c < SIDE; c++) {
                            int base = SIDE * (c + SIDE * (k + 3 * i));
                            for (int r = 0; r < SIDE; r++) row[k * SIDE * SIDE + r * SIDE + c] = (x.getByte(base + r) & 0xff) / 255f;
                        }
                    }
                    features.row(i).copyFrom(row);
                    targets.set(i, labels[i], 1f);
                }
                return Dataset.wrap(name, arena, features, targets, labels, 10);
            } catch (RuntimeException | Error e) {
                arena.close();
                throw e;
            }
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(file + ": not a readable MATLAB level-5 file: " + e.getMessage());
        }
    }

    private static Matrix matrix(MatFile mat, String var, Path file) {
        for (MatFile.Entry e : mat.getEntries()) {
            if (e.getName().equals(var)) {
                if (e.getValue() instanceof Matrix m) return m;
                throw new DataFormatException(file + ": " + var + ": expected a numeric array, found " + e.getValue().getType());
            }
        }
        throw new DataFormatException(file + ": no variable '" + var + "' (SVHN files hold X and y)");
    }

    private static String shape(int[] d) {
        StringBuilder s = new StringBuilder();
        for (int v : d) s.append(s.isEmpty() ? "" : "×").append(v);
        return s.toString();
    }
}
