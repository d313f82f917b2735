package dante.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dante.core.data.Dataset;

/**
 * CSV, TSV and whitespace-separated text (raw or gzipped; LF or CRLF; with or without a
 * header): numeric columns become features, categorical ones are one-hot encoded, and one
 * column is the target (a number for regression, a class for classification). Every row is
 * checked; an error names the file, the line and column, what was expected and what was found.
 */
public final class DelimitedText {
    private DelimitedText() {}

    /**
     * How to read a file. {@code delimiter} 0 means "runs of whitespace". Columns are named or 0-based indices; "-1" is the last.
     *
     * @param delimiter the field separator, or 0 for runs of whitespace
     * @param header whether the first line names the columns
     * @param target the target column
     * @param classification whether the target is a class (else a number)
     * @param categorical columns to one-hot encode
     * @param drop columns to leave out
     */
    public record Options(char delimiter, boolean header, String target, boolean classification,
                          List<String> categorical, List<String> drop) {
        /** Copies the column lists. */
        public Options {
            categorical = List.copyOf(categorical);
            drop = List.copyOf(drop);
        }

        /**
         * Comma-separated options with no categorical or dropped columns.
         *
         * @param header whether the first line names the columns
         * @param target the target column
         * @param classification whether the target is a class
         * @return the options
         */
        public static Options csv(boolean header, String target, boolean classification) {
            return new Options(',', header, target, classification, List.of(), List.of());
        }

        /**
         * Whitespace-separated options, no header, no categorical or dropped columns.
         *
         * @param target the target column
         * @param classification whether the target is a class
         * @return the options
         */
        public static Options whitespace(String target, boolean classification) {
            return new Options((char) 0, false, target, classification, List.of(), List.of());
        }

        /**
         * The same with these columns one-hot encoded.
         *
         * @param columns names or indices
         * @return the changed copy
         */
        public Options withCategorical(String... columns) {
            return new Options(delimiter, header, target, classification, Arrays.asList(columns), drop);
        }

        /**
         * The same with these columns left out.
         *
         * @param columns names or indices
         * @return the changed copy
         */
        public Options withDropped(String... columns) {
            return new Options(delimiter, header, target, classification, categorical, Arrays.asList(columns));
        }
    }

    /**
     * Parsed rows before they become a Dataset.
     *
     * @param source the files read, for messages
     * @param featureNames one name per feature column (after one-hot encoding)
     * @param x the features, {@code rows·cols} floats
     * @param rows the number of rows
     * @param cols the number of features
     * @param y the regression targets (null for classification)
     * @param labels the class labels (null for regression)
     * @param classes the class names in label order (null for regression)
     */
    public record Table(String source, String[] featureNames, float[] x, int rows, int cols,
                        float[] y, int[] labels, String[] classes) {
        /**
         * The table as an off-heap data set.
         *
         * @param name the data set's name
         * @return the data set
         */
        public Dataset toDataset(String name) {
            return labels != null ? Dataset.classification(name, x, rows, cols, labels, classes.length)
                    : Dataset.regression(name, x, rows, cols, y, 1);
        }
    }

    /** What one parsed field costs on the heap, about: its String, its characters and its array slot. */
    private static final long FIELD_BYTES = 64;

    /**
     * Reads one or more files as one table (the same columns in each).
     *
     * @param o how to read them
     * @param files the files (plain or gzipped)
     * @return the table
     * @throws DataFormatException naming the file, line and column of the first defect
     */
    public static Table read(Options o, Path... files) {
        long fieldCount = 0, maxFields = Runtime.getRuntime().maxMemory() / 2 / FIELD_BYTES;
        List<String[]> rows = new ArrayList<>();
        // where each row came from, as numbers (a "file: line N" string per row cost more than many rows themselves)
        int[] lineOf = new int[1024], fileOf = new int[1024];
        String[] names = null;
        for (int fi = 0; fi < files.length; fi++) {
            Path f = files[fi];
            boolean headerDone = !o.header();
            try (BufferedReader r = reader(f)) {      // streamed: the lines are not kept, only their fields
                int i = 0;
                for (String line; (line = r.readLine()) != null; ) {
                    i++;
                    if (line.isBlank()) continue;
                    if (!headerDone) {
                        String[] h = split(line, o.delimiter());
                        for (int k = 0; k < h.length; k++) h[k] = columnName(h[k]);
                        checkHeader(h, f + ": line " + i);
                        if (names != null && !Arrays.equals(names, h)) {
                            throw new DataFormatException(f + ": line " + i + ": header " + Arrays.toString(h) + " differs from " + Arrays.toString(names));
                        }
                        names = h;
                        headerDone = true;
                        continue;
                    }
                    String[] fields = split(line, o.delimiter());
                    int expected = names != null ? names.length : rows.isEmpty() ? fields.length : rows.get(0).length;
                    if (fields.length != expected) {
                        throw new DataFormatException(f + ": line " + i + ": expected " + expected + " fields, found " + fields.length);
                    }
                    // parsed fields cost far more than their text (a String and an array slot each): a gzip file of short
                    // fields that inflates to gigabytes is refused as it is read, not by an OutOfMemoryError
                    fieldCount += fields.length;
                    if (fieldCount > maxFields) {
                        throw new DataFormatException(f + ": line " + i + ": more than " + fieldCount + " fields, more than this JVM's heap can parse ("
                                + (Runtime.getRuntime().maxMemory() >> 20) + " MB; raise -Xmx)");
                    }
                    if (rows.size() == lineOf.length) {
                        lineOf = Arrays.copyOf(lineOf, lineOf.length * 2);
                        fileOf = Arrays.copyOf(fileOf, fileOf.length * 2);
                    }
                    lineOf[rows.size()] = i;
                    fileOf[rows.size()] = fi;
                    rows.add(fields);
                }
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new DataFormatException(f + ": corrupt or truncated gzip stream (" + e.getMessage() + ")");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
            if (!headerDone) throw new DataFormatException(f + ": expected a header line, found an empty file");
        }
        final int[] lines = lineOf, sources = fileOf;
        java.util.function.IntFunction<String> whereOf = k -> files[sources[k]] + ": line " + lines[k];
        String source = files.length == 1 ? files[0].toString() : files[0] + " (+" + (files.length - 1) + " more)";
        if (rows.isEmpty()) throw new DataFormatException(source + ": no data rows" + (names != null ? " (only a header line)" : ""));
        int width = rows.get(0).length;
        if (names == null) {
            names = new String[width];
            for (int i = 0; i < width; i++) names[i] = String.valueOf(i);
        }
        int target = column(o.target(), names, source);
        boolean[] categorical = new boolean[width], dropped = new boolean[width];
        for (String c : o.categorical()) categorical[column(c, names, source)] = true;
        for (String c : o.drop()) dropped[column(c, names, source)] = true;

        // categories per categorical column, sorted so the encoding does not depend on row order
        Map<Integer, String[]> levels = new LinkedHashMap<>();
        for (int c = 0; c < width; c++) {
            if (!categorical[c] || c == target || dropped[c]) continue;
            TreeSet<String> s = new TreeSet<>();
            for (String[] r : rows) s.add(r[c].trim());
            levels.put(c, s.toArray(String[]::new));
        }
        List<String> featureNames = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            if (c == target || dropped[c]) continue;
            if (categorical[c]) for (String v : levels.get(c)) featureNames.add(names[c] + "=" + v);
            else featureNames.add(names[c]);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String fn : featureNames) {
            // a column named like a one-hot level of another ("color=red" beside categorical "color") would be read as it by predict
            if (!seen.add(fn)) throw new DataFormatException(source + ": two features are named '" + fn + "' (a column named like a one-hot level of a categorical column); rename the column");
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i)[target].isBlank()) {
                throw new DataFormatException(whereOf.apply(i) + ": the target column (" + names[target] + ") is empty"
                        + (target == width - 1 ? "; a delimiter at the end of every line makes an empty last column: remove it, or name the target with --target" : ""));
            }
        }
        int n = rows.size(), d = featureNames.size();
        requireFits(files[0].toString(), n, d);
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            String[] r = rows.get(i);
            int k = 0;
            for (int c = 0; c < width; c++) {
                if (c == target || dropped[c]) continue;
                if (categorical[c]) {
                    String[] lv = levels.get(c);
                    x[i * d + k + Arrays.binarySearch(lv, r[c].trim())] = 1f;
                    k += lv.length;
                } else {
                    float v = quick(r[c]);                   // the message (and its string) only when the field is bad
                    x[i * d + k++] = Float.isFinite(v) ? v : number(r[c], whereOf.apply(i), names[c]);
                }
            }
        }
        if (o.classification()) {
            TreeSet<String> s = new TreeSet<>();
            for (String[] r : rows) s.add(r[target].trim());
            String[] classes = s.toArray(String[]::new);
            if (classes.length < 2) {
                throw new DataFormatException(source + ": the target column (" + names[target] + ") holds one class only ('" + classes[0]
                        + "'); a classifier needs at least two (for numbers, --task regress)");
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = Arrays.binarySearch(classes, rows.get(i)[target].trim());
            return new Table(source, featureNames.toArray(String[]::new), x, n, d, null, labels, classes);
        }
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
                float v = quick(rows.get(i)[target]);
                y[i] = Float.isFinite(v) ? v : number(rows.get(i)[target], whereOf.apply(i), names[target]);
            }
        return new Table(source, featureNames.toArray(String[]::new), x, n, d, y, null, null);
    }

    /** The field as a float, or NaN when it is not a finite number ({@link #number} then says why). */
    private static float quick(String field) {
        try {
            return Float.parseFloat(field.trim());
        } catch (NumberFormatException e) {
            return Float.NaN;
        }
    }

    static float number(String field, String where, String column) {
        String t = field.trim();
        float v;
        try {
            v = Float.parseFloat(t);
        } catch (NumberFormatException e) {
            String hint = t.matches("[-+]?\\d*,\\d+") ? " (a decimal comma? Dante reads '.' as the decimal point: write " + t.replace(',', '.') + ")" : "";
            throw new DataFormatException(where + ", column " + column + ": expected a number, found '" + t + "'" + hint);
        }
        if (!Float.isFinite(v)) throw new DataFormatException(where + ", column " + column + ": expected a finite number, found '" + t + "'");
        return v;
    }

    /**
     * A header field as a column name: without a byte order mark or surrounding blanks, in Unicode NFC (so NFD and NFC
     * spellings of the same name agree).
     *
     * @param field the field
     * @return the name
     */
    public static String columnName(String field) {
        return java.text.Normalizer.normalize(field.replace("\uFEFF", "").trim(), java.text.Normalizer.Form.NFC);
    }

    /**
     * Refuses a header with an empty or a repeated column name (predict finds columns by name).
     *
     * @param names the header's column names
     * @param where the file and line, for the message
     * @throws DataFormatException naming the column
     */
    public static void checkHeader(String[] names, String where) {
        java.util.Map<String, Integer> at = new java.util.HashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (names[i].isEmpty()) {
                throw new DataFormatException(where + ": column " + (i + 1) + " of the header has no name" + (i == names.length - 1 ? " (a delimiter at the end of the line?)" : ""));
            }
            Integer was = at.put(names[i], i);
            if (was != null) throw new DataFormatException(where + ": columns " + (was + 1) + " and " + (i + 1) + " are both named '" + names[i] + "'; rename one");
        }
    }

    private static int column(String spec, String[] names, String source) {
        for (int i = 0; i < names.length; i++) if (names[i].equals(spec)) return i;
        try {
            int i = Integer.parseInt(spec.trim());
            if (i < 0) i += names.length;
            if (i >= 0 && i < names.length) return i;
        } catch (NumberFormatException ignored) {
            // not an index either
        }
        throw new DataFormatException(source + ": no column '" + spec + "' (columns: " + String.join(", ", names) + ")");
    }

    /**
     * The fields of one line, as {@link #read} splits them.
     *
     * @param line the line
     * @param delimiter the separator, or 0 for whitespace
     * @return the fields (no quoting: every delimiter separates two fields)
     */
    public static String[] splitFields(String line, char delimiter) { return split(line, delimiter); }

    static String[] split(String line, char delimiter) {
        if (delimiter == 0) return line.trim().split("\\s+");
        return line.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1);
    }

    /** All lines of a text file, raw or gzipped, with LF or CRLF endings. */
    /** Refuses a table of n rows × d features that one matrix or this JVM's heap cannot hold, before it is allocated. */
    static void requireFits(String source, int n, int d) {
        if ((long) n * d > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(source + ": " + n + " rows × " + d + " features make " + (long) n * d + " values, more than one matrix holds");
        }
        long need = (long) n * d * 8 + (long) d * 72;        // the values while parsed, and a name per feature
        if (need > Runtime.getRuntime().maxMemory()) {
            throw new DataFormatException(source + ": " + n + " rows × " + d + " features need " + (need >> 20) + " MB of heap to read; this JVM has "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB (raise -Xmx)");
        }
    }

    static List<String> lines(Path f) {
        try (BufferedReader r = reader(f)) {
            List<String> out = new ArrayList<>();
            for (String l; (l = r.readLine()) != null; ) out.add(l);
            return out;
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new DataFormatException(f + ": corrupt or truncated gzip stream (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /**
     * A UTF-8 reader of a text file, through gunzip when it starts with gzip's magic bytes, for reading row by row.
     *
     * @param f the file
     * @return the reader; close it
     * @throws IOException when the file cannot be opened
     */
    public static BufferedReader reader(Path f) throws IOException {
        if (Files.isDirectory(f)) throw new DataFormatException(f + ": is a directory, expected a text file");
        if (Files.exists(f) && !Files.isRegularFile(f)) {
            throw new DataFormatException(f + ": is not a regular file (a device, pipe or socket); give the rows as a file");
        }
        java.io.InputStream raw = MaybeGzipped.open(f);
        java.io.BufferedInputStream in = raw instanceof java.io.BufferedInputStream b ? b : new java.io.BufferedInputStream(raw, 1 << 16);
        try {
            in.mark(8);
            byte[] head = in.readNBytes(4);
            in.reset();
            if (head.length >= 2 && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF) || (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE))) {
                throw new DataFormatException(f + ": is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8");
            }
            for (byte b : head) {
                if (b == 0) throw new DataFormatException(f + ": holds NUL bytes at its start: UTF-16 text without a byte order mark, or not text at all; save it as UTF-8 text");
            }
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return new TextLines(new InputStreamReader(in, StandardCharsets.UTF_8), f.toString(), TextLines.heapBudget());
    }
}
