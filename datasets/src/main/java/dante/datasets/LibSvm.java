package dante.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import dante.core.data.Dataset;

/**
 * The LIBSVM sparse format: {@code label index:value …} with 1-based, increasing indices.
 * Labels are classes (sorted and numbered from 0); missing entries are 0.
 */
public final class LibSvm {
    private LibSvm() {}

    /**
     * Reads the files as one table with {@code features} columns (0: the largest index seen).
     *
     * @param features the number of feature columns, or 0
     * @param files the files (plain or gzipped)
     * @return the table
     * @throws DataFormatException naming the file and line of the first defect
     */
    public static DelimitedText.Table read(int features, Path... files) {
        return read(features, files, new Path[0]);
    }

    /**
     * Reads {@code files}, numbering classes over the labels of {@code files} and
     * {@code classesAlsoIn} together, so a test file that lacks a class keeps the training
     * file's numbering.
     *
     * @param features the number of feature columns, or 0
     * @param files the files read
     * @param classesAlsoIn files whose labels are numbered too but whose rows are not read
     * @return the table
     * @throws DataFormatException naming the file and line of the first defect
     */
    public static DelimitedText.Table read(int features, Path[] files, Path[] classesAlsoIn) {
        List<float[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<int[]> idx = new ArrayList<>();
        int max = 0;
        for (Path f : files) {
            List<String> lines = DelimitedText.lines(f);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty()) continue;
                String where = f + ": line " + (i + 1);
                String[] t = line.split("\\s+");
                String label = t[0];
                DelimitedText.number(label, where, "label");
                int[] ix = new int[t.length - 1];
                float[] v = new float[t.length - 1];
                int prev = 0;
                for (int k = 1; k < t.length; k++) {
                    int colon = t[k].indexOf(':');
                    if (colon <= 0) throw new DataFormatException(where + ": expected index:value, found '" + t[k] + "'");
                    int j;
                    try {
                        j = Integer.parseInt(t[k].substring(0, colon));
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(where + ": expected an integer index, found '" + t[k].substring(0, colon) + "'");
                    }
                    if (j <= prev) throw new DataFormatException(where + ": index " + j + " must be greater than the previous " + prev + " (1-based, increasing)");
                    if (features > 0 && j > features) throw new DataFormatException(where + ": index " + j + " is out of range 1.." + features);
                    ix[k - 1] = j;
                    v[k - 1] = DelimitedText.number(t[k].substring(colon + 1), where, "index " + j);
                    prev = j;
                    max = Math.max(max, j);
                }
                idx.add(ix);
                rows.add(v);
                labels.add(normalize(label));
            }
        }
        String source = files[0].toString();
        if (rows.isEmpty()) throw new DataFormatException(source + ": no data rows");
        int d = features > 0 ? features : max, n = rows.size();
        DelimitedText.requireFits(source, n, d);
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            int[] ix = idx.get(i);
            float[] v = rows.get(i);
            for (int k = 0; k < ix.length; k++) x[i * d + ix[k] - 1] = v[k];
        }
        TreeSet<Double> s = new TreeSet<>();
        for (String l : labels) s.add(Double.parseDouble(l));
        for (Path f : classesAlsoIn) {
            List<String> lines = DelimitedText.lines(f);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty()) continue;
                String label = line.split("\\s+")[0];
                DelimitedText.number(label, f + ": line " + (i + 1), "label");
                s.add(Double.parseDouble(label));
            }
        }
        String[] classes = new String[s.size()];
        int c = 0;
        for (double v : s) classes[c++] = normalize(Double.toString(v));
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) lab[i] = Arrays.asList(classes).indexOf(labels.get(i));
        String[] names = new String[d];
        for (int j = 0; j < d; j++) names[j] = String.valueOf(j + 1);
        return new DelimitedText.Table(source, names, x, n, d, null, lab, classes);
    }

    /** "-3", "-3.0" and "-3.000" are the same class. */
    private static String normalize(String label) {
        double v = Double.parseDouble(label);
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /**
     * Reads LIBSVM files as one data set.
     *
     * @param name the data set's name
     * @param features the number of feature columns, or 0 for the largest index seen
     * @param files the files
     * @return the data set
     * @throws DataFormatException naming the file and line of the first defect
     */
    public static Dataset load(String name, int features, Path... files) {
        return read(features, files).toDataset(name);
    }

    /**
     * One part of a split whose classes are numbered over both parts ({@code file} and {@code other}).
     *
     * @param name the data set's name
     * @param features the number of feature columns, or 0
     * @param file the part to read
     * @param other the other part
     * @return the data set
     */
    public static Dataset loadPart(String name, int features, Path file, Path other) {
        return read(features, new Path[] {file}, new Path[] {other}).toDataset(name);
    }
}
