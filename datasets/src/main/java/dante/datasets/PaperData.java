package dante.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dante.core.data.Dataset;

/**
 * The paper's small data sets by name, found under a directory the user gives (either
 * {@code DIR/<name>/<file>} or {@code DIR/<file>}), or, without one, the five UCI sets that
 * ship inside this jar (CC BY 4.0; NOTICE): airfoil, forestfires, ccpp, ionosphere, vehicle. Sets without a standard split come as
 * one {@code all} part; split them with {@link Splits}. When a file is missing, the error
 * says where it looked and where the data comes from.
 */
public final class PaperData {
    private PaperData() {}

    /** The named sets and where each comes from. */
    public enum Name {
        /** UCI's airfoil self-noise (regression, 1 503 rows). */
        AIRFOIL("airfoil", "https://archive.ics.uci.edu/dataset/291 (airfoil_self_noise.dat)"),
        /** UCI's forest fires (regression on the burned area, 517 rows). */
        FORESTFIRES("forestfires", "https://archive.ics.uci.edu/dataset/162 (forestfires.csv)"),
        /** UCI's combined cycle power plant (regression, 9 568 rows). */
        CCPP("ccpp", "https://archive.ics.uci.edu/dataset/294 (Folds5x2_pp.csv, Sheet1 of the xlsx)"),
        /** UCI's ionosphere (two classes, 351 rows). */
        IONOSPHERE("ionosphere", "https://archive.ics.uci.edu/dataset/52 (ionosphere.data)"),
        /** UCI's Statlog vehicle silhouettes (four classes, 846 rows). */
        VEHICLE("vehicle", "https://archive.ics.uci.edu/dataset/149 (xaa.dat … xai.dat)"),
        /** LIBSVM's svmguide4 (six classes, standard split). */
        SVMGUIDE4("svmguide4", "the LIBSVM data page, multi-class (svmguide4, svmguide4.t)"),
        /** The USPS handwritten digits (ten classes, standard split). */
        USPS("usps", "the ESL data page (zip.train.gz, zip.test.gz)");

        final String id, origin;

        Name(String id, String origin) { this.id = id; this.origin = origin; }

        /** {@return the name {@code --data} gives the set} */
        public String id() { return id; }

        /**
         * Reads a set's name.
         *
         * @param s the name
         * @return the set
         * @throws IllegalArgumentException listing the names
         */
        public static Name parse(String s) {
            for (Name n : values()) if (n.id.equals(s.trim().toLowerCase(Locale.ROOT))) return n;
            throw new IllegalArgumentException("data set '" + s + "': expected one of " + Arrays.stream(values()).map(Name::id).toList());
        }
    }

    /**
     * Whether the set has a standard train/test split.
     *
     * @param n the set
     * @return true for svmguide4 and USPS
     */
    public static boolean hasStandardSplit(Name n) { return n == Name.SVMGUIDE4 || n == Name.USPS; }

    /**
     * The whole set (for sets with a standard split: train then test, concatenated).
     *
     * @param dir the directory holding the files, or null for a bundled set
     * @param n the set
     * @return the data set
     * @throws DataFormatException naming the file and what is wrong, or what is missing and where to get it
     */
    public static Dataset load(Path dir, Name n) {
        return table(dir, n).toDataset(n.id);
    }

    /**
     * How {@link #load(Path, Name)} reads a text set's files: the delimiter, whether a header
     * comes first, the target column and the categorical columns, which a model trained on
     * the set records so that {@code dante predict} reads new rows of the same format alike.
     *
     * @param n the set
     * @return the options, or null for svmguide4 (a LIBSVM set)
     */
    public static DelimitedText.Options textOptions(Name n) {
        return switch (n) {
            case AIRFOIL -> DelimitedText.Options.whitespace("-1", false);
            case FORESTFIRES -> DelimitedText.Options.csv(true, "area", false).withCategorical("month", "day");
            case CCPP -> DelimitedText.Options.csv(true, "PE", false);
            case IONOSPHERE -> DelimitedText.Options.csv(false, "-1", true);
            case VEHICLE -> DelimitedText.Options.whitespace("-1", true);
            case USPS -> DelimitedText.Options.whitespace("0", false);
            case SVMGUIDE4 -> null;
        };
    }

    /**
     * The files {@link #load(Path, Name)} reads, in the order it reads them (a bundled set's
     * unpacked copies when {@code dir} is null).
     *
     * @param dir the directory holding the files, or null for a bundled set
     * @param n the set
     * @return the files
     * @throws DataFormatException naming what is missing and where to get it
     */
    public static List<Path> files(Path dir, Name n) {
        return switch (n) {
            case AIRFOIL -> List.of(file(dir, n, "airfoil_self_noise.dat"));
            case FORESTFIRES -> List.of(file(dir, n, "forestfires.csv"));
            case CCPP -> List.of(file(dir, n, "Folds5x2_pp.csv"));
            case IONOSPHERE -> List.of(file(dir, n, "ionosphere.data"));
            case VEHICLE -> List.of(vehicleFiles(dir));
            case SVMGUIDE4 -> List.of(file(dir, n, "svmguide4"), file(dir, n, "svmguide4.t"));
            case USPS -> List.of(file(dir, n, "zip.train.gz"), file(dir, n, "zip.test.gz"));
        };
    }

    /**
     * The whole set as parsed, before it becomes a data set: with the feature names (a one-hot
     * level as {@code column=level}) and the class names in label order, which a model's input
     * encoding records.
     *
     * @param dir the directory holding the files, or null for a bundled set
     * @param n the set
     * @return the table (for sets with a standard split: train then test)
     * @throws DataFormatException naming the file and what is wrong, or what is missing and where to get it
     */
    public static DelimitedText.Table table(Path dir, Name n) {
        Path[] f = files(dir, n).toArray(Path[]::new);
        return switch (n) {
            case SVMGUIDE4 -> LibSvm.read(10, f);
            case USPS -> uspsTable(f);
            default -> DelimitedText.read(textOptions(n), f);
        };
    }

    /**
     * The standard training or test part of svmguide4 or USPS.
     *
     * @param dir the directory holding the files
     * @param n svmguide4 or USPS
     * @param train which part
     * @return the data set
     * @throws DataFormatException naming the file and what is wrong, or what is missing and where to get it
     */
    public static Dataset load(Path dir, Name n, boolean train) {
        return table(dir, n, train).toDataset(n.id + "/" + (train ? "train" : "test"));
    }

    /**
     * The standard training or test part of svmguide4 or USPS as parsed, with its feature and
     * class names (svmguide4's classes numbered over both parts, so the parts agree).
     *
     * @param dir the directory holding the files
     * @param n svmguide4 or USPS
     * @param train which part
     * @return the table
     * @throws DataFormatException naming the file and what is wrong, or what is missing and where to get it
     */
    public static DelimitedText.Table table(Path dir, Name n, boolean train) {
        return switch (n) {
            case SVMGUIDE4 -> LibSvm.read(10, new Path[] {file(dir, n, train ? "svmguide4" : "svmguide4.t")},
                    new Path[] {file(dir, n, train ? "svmguide4.t" : "svmguide4")});
            case USPS -> uspsTable(file(dir, n, train ? "zip.train.gz" : "zip.test.gz"));
            default -> throw new IllegalArgumentException(n.id + " has no standard train/test split: load it whole and use Splits");
        };
    }

    /** USPS "zip" rows: the digit (written 6.0000), then 256 grey values in [−1, 1]. */
    static Dataset usps(String name, Path... files) {
        return uspsTable(files).toDataset(name);
    }

    /** The USPS rows as a classification table, the digit as the class (classes "0" … "9"). */
    private static DelimitedText.Table uspsTable(Path... files) {
        DelimitedText.Table t = DelimitedText.read(textOptions(Name.USPS), files);
        if (t.cols() != 256) throw new DataFormatException(t.source() + ": expected 256 pixel values per row, found " + t.cols());
        int[] labels = new int[t.rows()];
        for (int i = 0; i < labels.length; i++) {
            float y = t.y()[i];
            if (y != Math.rint(y) || y < 0 || y > 9) throw new DataFormatException(t.source() + ": row " + (i + 1) + ": expected a digit label 0..9, found " + y);
            labels[i] = (int) y;
        }
        String[] classes = new String[10];
        for (int c = 0; c < 10; c++) classes[c] = String.valueOf(c);
        return new DelimitedText.Table(t.source(), t.featureNames(), t.x(), t.rows(), t.cols(), null, labels, classes);
    }

    private static Path[] vehicleFiles(Path dir) {
        Path home = home(dir, Name.VEHICLE, "xaa.dat");
        List<Path> files = new ArrayList<>();
        for (char c = 'a'; c <= 'i'; c++) {
            Path p = home.resolve("xa" + c + ".dat");
            if (Files.isRegularFile(p)) files.add(p);
        }
        return files.toArray(Path[]::new);
    }

    private static Path file(Path dir, Name n, String file) {
        return home(dir, n, file).resolve(file);
    }

    /** The sets whose files ship inside this jar (UCI, CC BY 4.0; see NOTICE), with their files. */
    private static final java.util.Map<Name, List<String>> BUNDLED = java.util.Map.of(
            Name.AIRFOIL, List.of("airfoil_self_noise.dat"),
            Name.FORESTFIRES, List.of("forestfires.csv", "forestfires.names.txt"),
            Name.CCPP, List.of("Folds5x2_pp.csv", "Readme.txt"),
            Name.IONOSPHERE, List.of("ionosphere.data", "ionosphere.names"),
            Name.VEHICLE, List.of("xaa.dat", "xab.dat", "xac.dat", "xad.dat", "xae.dat", "xaf.dat", "xag.dat", "xah.dat", "xai.dat"));

    /**
     * Whether {@code n} ships inside this jar, so that it loads without a directory.
     *
     * @param n the set
     * @return true for the UCI sets
     */
    public static boolean bundled(Name n) { return BUNDLED.containsKey(n); }

    private static final java.util.Map<Name, Path> EXTRACTED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The bundled files of {@code n} copied once per JVM to a temporary directory (the loaders read paths). */
    private static Path extracted(Name n) {
        return EXTRACTED.computeIfAbsent(n, k -> {
            try {
                Path d = Files.createTempDirectory("dante-" + k.id);
                d.toFile().deleteOnExit();
                for (String f : BUNDLED.get(k)) {
                    try (java.io.InputStream in = PaperData.class.getResourceAsStream("uci/" + k.id + "/" + f)) {
                        if (in == null) throw new IllegalStateException("this jar lacks its bundled file uci/" + k.id + "/" + f);
                        Path target = d.resolve(f);
                        Files.copy(in, target);
                        target.toFile().deleteOnExit();
                    }
                }
                return d;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot unpack the bundled " + k.id + " files: " + e.getMessage(), e);
            }
        });
    }

    private static Path home(Path dir, Name n, String file) {
        if (dir == null) {
            if (bundled(n)) return extracted(n);
            throw new DataFormatException(n.id + ": no data directory given, and its licence does not let it ship with Dante; download " + n.origin
                    + " and pass the directory that holds it");
        }
        List<Path> tried = List.of(dir.resolve(n.id), dir);
        for (Path p : tried) if (Files.isRegularFile(p.resolve(file))) return p;
        throw new DataFormatException(n.id + " not found: looked for " + file + " in " + tried + "; download " + n.origin);
    }
}
