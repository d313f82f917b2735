package dante.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dante.core.data.Dataset;
import dante.datasets.DataFormatException;
import dante.datasets.DelimitedText;
import dante.datasets.FashionMnist;
import dante.datasets.LibSvm;
import dante.datasets.Preprocessing;
import dante.datasets.Splits;

/**
 * A user's own data by path: {@code csv:FILE}, {@code tsv:FILE}, {@code txt:FILE}
 * (whitespace-separated), {@code libsvm:FILE} and {@code idx:DIR} (MNIST-style file names).
 * A test part comes from {@code --test SPEC} (read together with the training file, so
 * categories and classes are numbered alike) or a seeded 80/20 split; features are scaled
 * with a transform fitted on the training part only.
 */
final class FileData {
    private FileData() {}

    /** The kinds a spec may name, for messages. */
    static final String KINDS = "csv:FILE, tsv:FILE, txt:FILE, libsvm:FILE or idx:DIR";

    /** Whether {@code spec} names a file rather than a built-in set. */
    static boolean isSpec(String spec) {
        int colon = spec.indexOf(':');
        return colon > 0 && List.of("csv", "tsv", "txt", "libsvm", "idx").contains(spec.substring(0, colon).toLowerCase(Locale.ROOT));
    }

    /** How to read text files: the options the user gave, with auto-detection where they gave none. */
    record TextOptions(String target, List<String> categorical, List<String> drop, String delimiter, String header, String task) {}

    /** The training and test parts, and how their rows were encoded (for the model file). */
    record Loaded(Dataset[] parts, InputEncoding encoding) {}

    /** {train, test}, scaled as {@code scale} says (fitted on the training part). */
    static Loaded load(String spec, String testSpec, TextOptions o, String scale, long splitSeed) {
        String kind = spec.substring(0, spec.indexOf(':')).toLowerCase(Locale.ROOT);
        Path path = Path.of(spec.substring(spec.indexOf(':') + 1));
        Path testPath = null;
        if (testSpec != null) {
            if (!isSpec(testSpec) || !testSpec.substring(0, testSpec.indexOf(':')).equalsIgnoreCase(kind)) {
                throw new IllegalArgumentException("--test: expected " + kind + ":PATH like --data, found '" + testSpec + "'");
            }
            testPath = Path.of(testSpec.substring(testSpec.indexOf(':') + 1));
        }
        Loaded loaded = switch (kind) {
            case "idx" -> idx(path, testPath);
            case "libsvm" -> libsvm(path, testPath, o, splitSeed);
            default -> text(kind, path, testPath, o, splitSeed);
        };
        Dataset[] parts = loaded.parts();
        InputEncoding enc = loaded.encoding();
        String how = scale == null ? (kind.equals("idx") ? "none" : "standardize") : scale.toLowerCase(Locale.ROOT);
        try {
            Preprocessing p = switch (how) {
                case "none" -> null;
                case "standardize" -> Preprocessing.standardize(parts[0]);
                case "minmax" -> Preprocessing.minMax(parts[0]);
                default -> throw new IllegalArgumentException("--scale: expected standardize, minmax or none, found '" + scale + "'");
            };
            if (p != null) {
                p.apply(parts[0]);
                p.apply(parts[1]);
                enc = enc.withScaling(p.shift(), p.scale());
            }
        } catch (RuntimeException | Error e) {
            parts[0].close();
            parts[1].close();
            throw e;
        }
        return new Loaded(parts, enc);
    }

    private static Loaded idx(Path dir, Path testDir) {
        if (testDir != null) throw new IllegalArgumentException("--test: an idx:DIR set takes its test part (t10k-*) from the same directory");
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--data idx:" + dir + ": not a directory");
        Path trainLabels = find(dir, "train-labels-idx1-ubyte"), testLabels = find(dir, "t10k-labels-idx1-ubyte");
        int classes = Math.max(maxLabel(trainLabels), maxLabel(testLabels)) + 1;
        Dataset train = FashionMnist.fromIdx("idx:" + dir.getFileName() + "/train", find(dir, "train-images-idx3-ubyte"), trainLabels, classes);
        try {
            Dataset test = FashionMnist.fromIdx("idx:" + dir.getFileName() + "/test", find(dir, "t10k-images-idx3-ubyte"), testLabels, classes);
            List<String> names = new ArrayList<>();
            for (int c = 0; c < classes; c++) names.add(String.valueOf(c));
            return new Loaded(new Dataset[] {train, test}, new InputEncoding("idx", (char) 0, false, null, null, null, names, null, null, train.featureCount(), null));
        } catch (RuntimeException | Error e) {
            train.close();
            throw e;
        }
    }

    private static int maxLabel(Path labels) {
        int max = 0;
        for (byte b : dante.datasets.Idx.read(labels).data()) max = Math.max(max, b & 0xff);
        return max;
    }

    private static Path find(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base}) {
            if (Files.isRegularFile(dir.resolve(name))) return dir.resolve(name);
        }
        throw new DataFormatException(dir + ": missing " + base + " (or " + base + ".gz)");
    }

    private static Loaded libsvm(Path file, Path test, TextOptions o, long splitSeed) {
        if (o.task() != null && !o.task().equalsIgnoreCase("classify")) {
            throw new IllegalArgumentException("--task " + o.task() + ": LIBSVM files are read as classification data here");
        }
        requireFile(file, "--data");
        if (test != null) requireFile(test, "--test");
        // both files at once: the same feature count and class numbering
        DelimitedText.Table both = test == null ? LibSvm.read(0, file) : LibSvm.read(0, file, test);
        InputEncoding enc = new InputEncoding("libsvm", (char) 0, false, null, null, null, List.of(both.classes()), null, null, both.cols(), null);
        if (test == null) return new Loaded(split(both.toDataset("libsvm:" + file.getFileName()), splitSeed), enc);
        return new Loaded(byRows(both, dataRows(file, false), "libsvm:" + file.getFileName(), "libsvm:" + test.getFileName()), enc);
    }

    private static Loaded text(String kind, Path file, Path test, TextOptions o, long splitSeed) {
        requireFile(file, "--data");
        if (test != null) requireFile(test, "--test");
        List<String> first = firstLines(file, 2);
        char delimiter = delimiter(kind, o.delimiter(), first.isEmpty() ? "" : first.get(0));
        boolean header = header(o.header(), first, delimiter);
        boolean auto = o.header() == null || o.header().equalsIgnoreCase("auto");
        if (first.size() == 1 && !header && auto) {                   // with --header no, a single line is the user's data
            for (String f : DelimitedText.splitFields(first.get(0), delimiter)) {
                if (!isNumber(f)) throw new DataFormatException(file + ": holds one line, with text in it (" + first.get(0) + "): only a header line, no data rows");
            }
        }
        Boolean classify = explicitTask(o);
        // One parse: without --task the target is read as classes, and turned into numbers below if it looks like them.
        DelimitedText.Options opts = new DelimitedText.Options(delimiter, header, o.target(), classify == null || classify, o.categorical(), o.drop());
        String name = kind + ":" + file.getFileName();
        List<String> columns = columns(first.isEmpty() ? "" : first.get(0), delimiter, header);
        String target = columns.get(columnIndex(o.target(), columns));
        try {
            DelimitedText.Table t = test == null ? DelimitedText.read(opts, file) : DelimitedText.read(opts, file, test);
            if (classify == null && !looksLikeClasses(t.classes())) t = asNumbers(t, target);
            InputEncoding enc = new InputEncoding("text", delimiter, header, columns, target, List.of(t.featureNames()),
                    t.classes() == null ? null : List.of(t.classes()), null, null, t.cols(), null);
            if (test == null) return new Loaded(split(t.toDataset(name), splitSeed), enc);
            return new Loaded(byRows(t, dataRows(file, header), name, kind + ":" + test.getFileName()), enc);
        } catch (DataFormatException e) {
            if (e.getMessage().contains(": expected a number, found '") && !e.getMessage().contains("column " + target + ":")) {
                throw new DataFormatException(e.getMessage() + " (a text column: name it in --categorical to one-hot encode it, or in --drop)");
            }
            throw e;
        }
    }

    /** The file's column names: its header's, or 0, 1, 2, … */
    static List<String> columns(String firstLine, char delimiter, boolean header) {
        String[] f = DelimitedText.splitFields(firstLine, delimiter);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < f.length; i++) out.add(header ? f[i].replace("\uFEFF", "").trim() : String.valueOf(i));
        return out;
    }

    /** A column by name, or by 0-based index (negative from the end), as DelimitedText resolves it. */
    static int columnIndex(String spec, List<String> columns) {
        int i = columns.indexOf(spec);
        if (i >= 0) return i;
        try {
            int k = Integer.parseInt(spec.trim());
            if (k < 0) k += columns.size();
            if (k >= 0 && k < columns.size()) return k;
        } catch (NumberFormatException e) {
            // not an index either
        }
        throw new DataFormatException("no column '" + spec + "' (columns: " + String.join(", ", columns) + ")");
    }

    /** A seeded 80/20 split of one file. */
    private static Dataset[] split(Dataset all, long seed) {
        try (all) {
            return Splits.trainTest(all, 0.2, seed);
        }
    }

    /** The first {@code n} rows of a table read from two files as the training part, the rest as the test part. */
    private static Dataset[] byRows(DelimitedText.Table t, int n, String trainName, String testName) {
        if (n >= t.rows()) throw new DataFormatException(testName + ": no data rows");
        try (Dataset all = t.toDataset(trainName)) {
            int[] tr = new int[n], te = new int[t.rows() - n];
            for (int i = 0; i < t.rows(); i++) { if (i < n) tr[i] = i; else te[i - n] = i; }
            Dataset train = all.select(trainName, tr);
            try {
                return new Dataset[] {train, all.select(testName, te)};
            } catch (RuntimeException | Error e) {
                train.close();
                throw e;
            }
        }
    }

    private static void requireFile(Path f, String option) {
        if (Files.isDirectory(f)) throw new IllegalArgumentException(option + " " + f + ": is a directory, expected a file (idx:DIR takes a directory)");
        if (Files.exists(f) && !Files.isRegularFile(f)) {
            throw new IllegalArgumentException(option + " " + f + ": is not a regular file (a device, pipe or socket); give the rows as a file");
        }
        if (!Files.isRegularFile(f)) throw new IllegalArgumentException(option + " " + f + ": no such file");
    }

    /** The first {@code n} non-blank lines, read without loading the file. */
    static List<String> firstLines(Path f, int n) {
        List<String> out = new ArrayList<>();
        try (java.io.BufferedReader r = DelimitedText.reader(f)) {
            for (String line; out.size() < n && (line = r.readLine()) != null; ) {
                if (!line.isBlank()) out.add(line);                  // the reader drops a byte order mark
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Data rows of a file as the readers count them (non-blank lines, less a header line), without parsing them. */
    private static int dataRows(Path f, boolean header) {
        int n = 0;
        try (java.io.BufferedReader r = DelimitedText.reader(f)) {
            for (String line; (line = r.readLine()) != null; ) if (!line.isBlank()) n++;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
        return header ? Math.max(0, n - 1) : n;
    }


    /** The user's delimiter, else by extension (csv: comma, tsv: tab, txt: whitespace), else the most frequent of , ; tab in the first line. */
    static char delimiter(String kind, String given, String firstLine) {
        if (given != null) {
            return switch (given.toLowerCase(Locale.ROOT)) {
                case "tab", "\\t" -> '\t';
                case "space", "whitespace" -> (char) 0;
                default -> {
                    if (given.length() != 1) throw new IllegalArgumentException("--delimiter: expected one character, tab or whitespace, found '" + given + "'");
                    yield given.charAt(0);
                }
            };
        }
        if (kind.equals("tsv")) return '\t';
        if (kind.equals("txt")) return (char) 0;
        char best = ',';
        long most = -1;
        for (char c : new char[] {',', ';', '\t'}) {
            long count = firstLine.chars().filter(x -> x == c).count();
            if (count > most) { most = count; best = c; }
        }
        return most > 0 ? best : ',';
    }

    /** yes, no, or auto: a header when some field of the first line is not a number while the same field of the second is. */
    static boolean header(String given, List<String> first, char delimiter) {
        String g = given == null ? "auto" : given.toLowerCase(Locale.ROOT);
        switch (g) {
            case "yes", "true" -> { return true; }
            case "no", "false" -> { return false; }
            case "auto" -> { }
            default -> throw new IllegalArgumentException("--header: expected auto, yes or no, found '" + given + "'");
        }
        if (first.size() < 2) return false;
        String[] a = DelimitedText.splitFields(first.get(0), delimiter), b = DelimitedText.splitFields(first.get(1), delimiter);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            // a decimal comma ("1,5" under ';') still marks the line as numbers, so the header is found and the comma reported
            boolean number = isNumber(b[i]) || delimiter != ',' && b[i].trim().matches("[-+]?\\d*,\\d+");
            if (!isNumber(a[i]) && number) return true;
        }
        return false;
    }

    /** --task for a text file: true (classify), false (regress), or null (infer from the target). */
    static Boolean explicitTask(TextOptions o) {
        if (o.task() == null) return null;
        return switch (o.task().toLowerCase(Locale.ROOT)) {
            case "classify" -> true;
            case "regress" -> false;
            default -> throw new IllegalArgumentException("--task: expected classify or regress for a text file, found '" + o.task() + "'");
        };
    }

    /** A target read as classes stays classes when some value is not a number, or all are integers and at most 20 distinct. */
    static boolean looksLikeClasses(String[] values) {
        for (String v : values) {
            if (!isNumber(v)) return true;
            double d = Double.parseDouble(v.trim());
            if (d != Math.rint(d)) return false;
        }
        return values.length <= 20;
    }

    /** The same table with its target as numbers (each row's class name parsed). */
    private static DelimitedText.Table asNumbers(DelimitedText.Table t, String target) {
        float[] value = new float[t.classes().length];
        for (int c = 0; c < value.length; c++) {
            value[c] = Float.parseFloat(t.classes()[c].trim());
            if (!Float.isFinite(value[c])) throw new DataFormatException(t.source() + ", column " + target + ": expected a finite number, found '" + t.classes()[c] + "'");
        }
        float[] y = new float[t.rows()];
        for (int i = 0; i < y.length; i++) y[i] = value[t.labels()[i]];
        return new DelimitedText.Table(t.source(), t.featureNames(), t.x(), t.rows(), t.cols(), y, null, null);
    }

    private static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s.trim()));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
